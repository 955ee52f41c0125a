#include "query/syntax_help.hpp"

namespace hrdex::query {

std::string_view syntax_help() {
  return R"(hrdex-query query syntax

Words        indigenous housing        every word must match (AND is the default)
Stemming     ratifying                 also finds ratify, ratified: each unit is matched with
                                       the stemmer of its own document's language (the query is
                                       stemmed once per language in the index)
Phrases      "racial profiling"        the words in this order
Operators    housing OR shelter        AND, OR, NOT, XOR and brackets, in capitals
             (water OR sanitation) NOT bottled
             +housing -eviction        must have / must not have
Proximity    torture NEAR/5 police     within 5 words, in any order (NEAR alone: 10)
             death ADJ/3 penalty       within 3 words, in this order
Wildcards    ratif*                    trailing only: any indexed word that begins ratif
Chinese      公约                      Chinese, Japanese and Korean are matched by characters and
                                       pairs of characters, with no spaces needed
Synonyms     ICCPR                     also finds "International Covenant on Civil and Political
                                       Rights" and the other way round; groups are in the data
                                       folder's synonyms.txt (--version shows the folder), add
                                       your own with --synonyms FILE, turn them off with
                                       --no-synonyms

Filters (field:value; values are case-insensitive; quote values with spaces)
  kind:       document kind: upr-wg-report, upr-addendum, upr-thematic-list,
              upr-advance-questions, treaty-co, special-procedures, civil-society, ...
  unit:       unit kind: recommendation, concern, question, paragraph, ...
  body:       treaty body: cerd, ccpr, cat, cescr, crc, cedaw, crpd, cmw, ced
  mandate:    words of a special procedure's mandate: mandate:housing
  followup:   yes: paragraphs and sub-items a committee asked follow-up on
  state:      State under review, ISO code or name in any UN language: state:USA,
              state:"United States of America", state:"États-Unis d'Amérique"
  by:         recommending (or asking) State, code, name or abbreviation: by:France, by:UK
  response:   supported, noted
  session:    UPR Working Group session: session:9
  cycle:      UPR cycle: cycle:2
  year:       year:2015, or a range over the document date: year:2010..2016, year:2015.., year:..2012
  symbol:     UN symbol: symbol:a/hrc/16/11; a symbol typed alone (A/HRC/16/11) finds its
              document and units, and the texts that cite it
  lang:       ISO 639-1 language: lang:fr (--collapse-languages keeps one version of each unit)
  format:     pdf, docx, odt, doc, html, text, markdown
  title:      words of the document title; section: words of the unit's heading
  theme: wg: agency: issue: persons: tagsource:   tags, when the index has them (see README);
              persons: the groups a recommendation concerns: persons:children

Errors show where the problem is:
  hrdex-query: error: query:9: unbalanced '"': this quote is never closed
    housing "right to
            ^
An unknown field suggests the nearest one (thme: -> theme:); a field with no value is an
error. When a query finds nothing and correcting a misspelt word would find something,
search prints "Did you mean: ..."; a value of kind:, unit:, format:, response:, body:,
followup: or lang: that the index holds nowhere gets a note naming those it holds.
)";
}

}  // namespace hrdex::query
