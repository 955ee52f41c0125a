#include "indexer/extract/office_xml.hpp"

#include <libxml/parser.h>

#include <cstring>

#include "core/text.hpp"
#include "indexer/extract/unicode.hpp"

namespace hrdex::indexer::extract::office {
namespace {

void collect_text(const xmlNode* node, std::string& out) {
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) out += reinterpret_cast<const char*>(n->content);
    } else if (n->type == XML_ELEMENT_NODE) {
      collect_text(n->children, out);
    }
  }
}

}  // namespace

core::Expected<XmlDocument> parse_xml(std::string_view bytes, std::string_view kind, std::string_view part) {
  if (bytes.size() > static_cast<std::size_t>(INT32_MAX))
    return core::make_error("", "not a readable " + std::string(kind) + " (" + std::string(part) + " is too large)");
  xmlParserCtxtPtr context = xmlNewParserCtxt();
  if (!context) return core::make_error("", "out of memory parsing " + std::string(part));
  constexpr int kOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  XmlDocument doc(xmlCtxtReadMemory(context, bytes.data(), static_cast<int>(bytes.size()), nullptr, nullptr, kOptions));
  std::string first_error;
  if (const xmlError* error = xmlCtxtGetLastError(context); error && error->message) {
    first_error = core::collapse_spaces(error->message);
    if (error->line > 0) first_error = "line " + std::to_string(error->line) + ": " + first_error;
  }
  xmlFreeParserCtxt(context);
  if (!doc || !xmlDocGetRootElement(doc.get())) {
    if (first_error.empty()) first_error = "no root element";
    return core::make_error("", "not a readable " + std::string(kind) + " (" + std::string(part) +
                                    " is not well-formed XML: " + first_error + ")");
  }
  return doc;
}

bool is(const xmlNode* node, const char* local_name) {
  return node && node->type == XML_ELEMENT_NODE && std::strcmp(reinterpret_cast<const char*>(node->name), local_name) == 0;
}

const xmlNode* child(const xmlNode* node, const char* local_name) {
  if (!node) return nullptr;
  for (const xmlNode* c = node->children; c; c = c->next)
    if (is(c, local_name)) return c;
  return nullptr;
}

static const xmlAttr* find_attr(const xmlNode* node, const char* local_name) {
  if (!node || node->type != XML_ELEMENT_NODE) return nullptr;
  for (const xmlAttr* a = node->properties; a; a = a->next)
    if (std::strcmp(reinterpret_cast<const char*>(a->name), local_name) == 0) return a;
  return nullptr;
}

std::string attr(const xmlNode* node, const char* local_name) {
  const xmlAttr* a = find_attr(node, local_name);
  if (!a) return {};
  std::string out;
  collect_text(a->children, out);
  return out;
}

bool has_attr(const xmlNode* node, const char* local_name) { return find_attr(node, local_name) != nullptr; }

std::string text_content(const xmlNode* node) {
  std::string out;
  if (node) collect_text(node->children, out);
  return out;
}

std::string clean_text(std::string_view text) { return core::collapse_spaces(normalize_nfc(text)); }

std::string clean_lines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(kLineBreak, start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = clean_text(text.substr(start, end - start));
    if (!line.empty()) {
      if (!out.empty()) out += '\n';
      out += line;
    }
    start = end + 1;
  }
  return out;
}

std::string iso639_1(std::string_view tag) {
  std::string t = core::ascii_lower(core::trim(tag));
  std::size_t cut = t.find_first_of("-_");
  if (cut != std::string::npos) t.resize(cut);
  if (t.size() == 2 && t[0] >= 'a' && t[0] <= 'z' && t[1] >= 'a' && t[1] <= 'z') return t;
  // ISO 639-2 codes of the UN's six official languages and a few neighbours.
  static const char* const kThree[][2] = {{"ara", "ar"}, {"chi", "zh"}, {"zho", "zh"}, {"eng", "en"}, {"fra", "fr"},
                                          {"fre", "fr"}, {"rus", "ru"}, {"spa", "es"}, {"deu", "de"}, {"ger", "de"},
                                          {"por", "pt"}, {"ita", "it"}, {"slv", "sl"}};
  for (const auto& pair : kThree)
    if (t == pair[0]) return pair[1];
  return {};
}

std::string iso_date(std::string_view value) {
  std::string_view v = core::trim(value);
  if (v.size() < 10) return {};
  for (std::size_t i = 0; i < 10; ++i) {
    bool dash = i == 4 || i == 7;
    if (dash ? v[i] != '-' : (v[i] < '0' || v[i] > '9')) return {};
  }
  return std::string(v.substr(0, 10));
}

void keep_earliest_date(std::string& earliest, std::string_view value) {
  std::string date = iso_date(value);
  if (!date.empty() && (earliest.empty() || date < earliest)) earliest = std::move(date);
}

void fill_title_from_headings(ExtractedDocument& doc) {
  if (!doc.meta.title.empty()) return;
  const Block* best = nullptr;
  for (const Block& b : doc.blocks) {
    if (b.kind != BlockKind::heading) continue;
    if (!best || b.level < best->level) best = &b;
    if (b.level <= 1) break;
  }
  if (best) {
    doc.meta.title = best->text;
    doc.meta.title_guessed = true;
  }
}

}  // namespace hrdex::indexer::extract::office
