#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include "indexer/tag/tagger.hpp"
#include "test_support.hpp"

namespace hrdex::indexer::tag {
namespace {

const std::filesystem::path kData = std::filesystem::path(HRDEX_TEST_DATA) / "taxonomy";

class Tagger : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = taxonomy::load_taxonomies({kData / "themes.toml", kData / "working-groups.toml", kData / "agencies.toml"});
    ASSERT_TRUE(loaded) << loaded.error().message();
    set_ = new taxonomy::TaxonomySet(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete set_;
    set_ = nullptr;
  }

  // "taxonomy/tag" for every hit, in the tagger's order.
  static std::vector<std::string> tags(std::string_view text, std::string_view language = "en") {
    std::vector<std::string> out;
    for (const TagHit& hit : RuleTagger(*set_).tag(text, language)) out.push_back(hit.taxonomy + "/" + hit.tag);
    return out;
  }
  static TagHit hit(std::string_view text, std::string_view id, std::string_view language = "en") {
    for (TagHit& h : RuleTagger(*set_).tag(text, language))
      if (h.tag == id) return h;
    return TagHit{};
  }

  static taxonomy::TaxonomySet* set_;
};
taxonomy::TaxonomySet* Tagger::set_ = nullptr;

using Strings = std::vector<std::string>;

TEST(TaggerTokens, SplitsOnNonWordCharactersAndDropsPossessives) {
  Strings words;
  for (const Token& t : tokenize("Women's and children’s rights: Côte d'Ivoire, CO-2 ’s")) words.push_back(t.lower);
  EXPECT_EQ(words, (Strings{"women", "and", "children", "rights", "côte", "d", "ivoire", "co", "2", "s"}));
  auto tokens = tokenize("ÉCOLE x");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].text, "ÉCOLE");
  EXPECT_EQ(tokens[0].lower, "école");
  EXPECT_EQ(tokens[0].end, 6u);
}

TEST_F(Tagger, PhrasesAndStemsWithEvidenceAndScore) {
  TagHit h = hit("Provide adequately housed shelter and adequate houses for the homeless.", "housing");
  EXPECT_EQ(h.taxonomy, "themes");
  EXPECT_EQ(h.source, "rule");
  EXPECT_EQ(h.evidence, (Strings{"adequately housed", "adequate houses", "homeless"}));
  EXPECT_DOUBLE_EQ(h.score, 0.75);  // two distinct rule entries
  EXPECT_EQ(hit("Reduce homelessness.", "housing").evidence, (Strings{"homelessness"}));
  EXPECT_EQ(tags("Adequate food for all."), Strings{});
}

TEST_F(Tagger, ExclusionHidesOnlyTheWordsItCovers) {
  EXPECT_EQ(tags("Increase official development assistance."), Strings{});
  EXPECT_EQ(hit("Development assistance serving sustainable development.", "development").evidence,
            (Strings{"development"}));
}

TEST_F(Tagger, MinimumEvidenceUnlessAndUnstemmedWords) {
  EXPECT_EQ(tags("Protect workers."), Strings{});
  EXPECT_EQ(tags("Protect workers and their wages."), Strings{"themes/labour"});
  EXPECT_EQ(tags("Protect workers and their wages from forced labour."), Strings{});
  // "=labour" is not stemmed: "labourers" is not evidence for it.
  EXPECT_EQ(tags("Protect workers and labourers."), Strings{});
  EXPECT_EQ(tags("Protect workers and labour inspectors."), Strings{"themes/labour"});
}

TEST_F(Tagger, RulesOfTheUnitsLanguage) {
  EXPECT_EQ(hit("Garantir l'accès au logement social.", "housing", "fr").evidence, (Strings{"logement"}));
  EXPECT_EQ(hit("Garantizar viviendas adecuadas.", "housing", "es").evidence, (Strings{"viviendas adecuadas"}));
  // English rules are not applied to French text, nor French ones to English.
  EXPECT_EQ(hit("Les homeless.", "housing", "fr").tag, "");
  EXPECT_EQ(hit("Logement.", "housing", "en").tag, "");
}

TEST_F(Tagger, ThemeImpliesParentWorkingGroupAndItsLead) {
  // wg3 is led by hud and has epa as a member: neither is implied by the
  // group; hud comes through the housing theme it serves itself, and a member
  // only through links of its own or a mention, so that EPA's extract does
  // not take every housing recommendation.
  EXPECT_EQ(tags("End forced evictions."),
            (Strings{"agencies/hud", "themes/housing", "themes/standard-of-living", "wgs/wg3"}));
  EXPECT_EQ(hit("End forced evictions.", "standard-of-living").evidence, (Strings{"theme housing"}));
  TagHit wg = hit("End forced evictions.", "wg3");
  EXPECT_EQ(wg.evidence, (Strings{"theme housing"}));
  EXPECT_EQ(wg.source, "rule");
  EXPECT_DOUBLE_EQ(wg.score, 0.5);
  EXPECT_EQ(hit("End forced evictions.", "hud").evidence, (Strings{"theme housing"}));
  EXPECT_EQ(hit("End forced evictions.", "epa").tag, "");
}

TEST_F(Tagger, AgencyNamedDirectly) {
  EXPECT_EQ(tags("The EPA reported."), Strings{"agencies/epa"});
  EXPECT_EQ(hit("The Environmental Protection Agency reported.", "epa").evidence,
            (Strings{"Environmental Protection Agency"}));
  // Abbreviations are case-sensitive: "epa" and "Doj" name nothing.
  EXPECT_EQ(tags("The epa and Doj."), Strings{});
  EXPECT_EQ(tags("Ask DOJ."), Strings{"agencies/doj"});
  // An office implies its department.
  EXPECT_EQ(hit("Fair Housing and Equal Opportunity", "hud").evidence, (Strings{"agency hud-fheo"}));
}

TEST_F(Tagger, AgencyServingATheme) {
  EXPECT_EQ(tags("Ratify the CAT."), (Strings{"agencies/doj", "themes/torture"}));
  EXPECT_EQ(hit("Ratify the CAT.", "doj").evidence, (Strings{"theme torture"}));
  EXPECT_EQ(tags("The cat sat."), Strings{});
}

TEST_F(Tagger, DirectAndImpliedEvidenceMerge) {
  EXPECT_EQ(hit("HUD must end forced evictions.", "hud").evidence, (Strings{"HUD", "theme housing"}));
}

TEST_F(Tagger, NotWithKeepsAnAgencyToItsNamesWhereAnotherThemeIsPresent) {
  // hud serves housing, but not where torture is a theme: then only its name brings it.
  EXPECT_EQ(tags("End forced evictions and torture."),
            (Strings{"agencies/doj", "themes/housing", "themes/standard-of-living", "themes/torture", "wgs/wg3"}));
  EXPECT_EQ(hit("HUD must end forced evictions and torture.", "hud").evidence, (Strings{"HUD"}));
}

// hud-fheo's word "housing" has a context ("discrimination"): without it the
// word is no evidence, but the office's name always is.
TEST_F(Tagger, ContextGatesATagsWordsNeverItsNames) {
  EXPECT_EQ(hit("End discrimination in housing.", "hud-fheo").evidence, (Strings{"housing"}));
  EXPECT_EQ(hit("End discrimination in housing.", "hud").evidence, (Strings{"agency hud-fheo"}));
  EXPECT_EQ(tags("Build more housing."), Strings{});
  EXPECT_EQ(hit("Fair Housing and Equal Opportunity reported.", "hud-fheo").evidence,
            (Strings{"Fair Housing and Equal Opportunity"}));
}

TEST_F(Tagger, UnknownLanguageGetsAbbreviationsOnly) {
  EXPECT_EQ(tags("EPA homeless", "zh"), Strings{"agencies/epa"});
}

// The taxonomies hrdex ships, loaded once for the tests of its own rules.
const taxonomy::TaxonomySet& shipped_taxonomies() {
  static const taxonomy::TaxonomySet set = [] {
    auto loaded = taxonomy::load_taxonomies(taxonomy::taxonomy_files(hrdex::testing::shipped_taxonomy_dir()));
    if (!loaded) throw std::runtime_error(loaded.error().message());
    return std::move(loaded).value();
  }();
  return set;
}

// The shipped rules: "minors" is a word for children, but its stem is also
// that of "minority", which is no word about children.
TEST(DefaultRules, MinoritiesAreNotChildren) {
  RuleTagger rules(shipped_taxonomies());
  auto persons = [&](std::string_view text) {
    Strings out;
    for (const TagHit& hit : rules.matches(text, "en"))
      if (hit.taxonomy == "affected-persons") out.push_back(hit.tag);
    return out;
  };
  const Strings minorities = persons("Protect the Roma minority and other minorities from industrial pollution");
  EXPECT_EQ(std::count(minorities.begin(), minorities.end(), "children"), 0) << ::testing::PrintToString(minorities);
  EXPECT_EQ(std::count(minorities.begin(), minorities.end(), "minorities"), 1) << ::testing::PrintToString(minorities);
  const Strings minors = persons("Protect minors from economic exploitation");
  EXPECT_EQ(std::count(minors.begin(), minors.end(), "children"), 1) << ::testing::PrintToString(minors);
}

// The shipped rules match most words on their stems, and a stem can be
// another word's: found by listing, over 11,000 units of the shared
// corpus, the words that fired each tag and were none of its own, then by
// listing, for each rule word, the corpus's other words of its stem.
// Each case: a text, a tag its words must not give (another word's stem),
// and a text with the tag's own word that still gives it.
TEST(DefaultRules, AStemSharedWithAnotherWordGivesNoTag) {
  RuleTagger rules(shipped_taxonomies());
  auto gives = [&](std::string_view text, std::string_view tag, const char* language) {
    const auto matches = rules.matches(text, language);
    return std::any_of(matches.begin(), matches.end(), [&](const TagHit& h) { return h.taxonomy + "/" + h.tag == tag; });
  };
  struct Case {
    const char* text;
    const char* tag;
    const char* own;
    const char* language = "en";
  };
  const Case cases[] = {
      {"Prohibit corporal punishment in all settings", "themes/business-and-human-rights",
       "Regulate transnational corporations"},
      {"Prohibit corporal punishment in all settings", "themes/remedy", "Ensure accountability for abuses"},
      {"Take into account the needs of rural women", "themes/remedy", "Hold perpetrators accountable"},
      {"Protect the population from natural disasters", "themes/name-identity-nationality",
       "Ease the naturalization of long-term residents"},
      {"Protect the population from natural disasters", "upr-info-issues/other", "Ease naturalization"},
      {"Protect minors from economic exploitation", "upr-info-issues/minorities", "Protect national minorities"},
      {"Protect minors from economic exploitation", "affected-persons/minorities", "Protect the Roma minority"},
      {"Increase foreign aid to developing countries", "upr-info-issues/migrants", "Protect foreigners from abuse"},
      {"Increase foreign aid to developing countries", "affected-persons/non-citizens", "Protect foreigners from abuse"},
      {"Increase foreign aid to developing countries", "upr-info-issues/hiv-aids", "Fight HIV/AIDS"},
      {"Submit its overdue reports to the treaty bodies", "upr-info-issues/freedom-of-the-press",
       "Protect reporters from attack"},
      {"Guarantee defendants a fair trial", "upr-info-issues/human-rights-defenders", "Protect defenders"},
      {"Guarantee defendants a fair trial", "themes/human-rights-defenders", "Protect defenders"},
      {"Protect sensitive personal data", "upr-info-issues/human-rights-education",
       "Ensure the sensitization of police officers"},
      {"Reduce the number of persons deprived of liberty", "upr-info-issues/poverty",
       "Address deprivation in rural areas"},
      {"Amend its national laws on assembly", "upr-info-issues/cp-rights", "Ratify the ICCPR"},
      {"Accede to the Rome Statute of the ICC", "upr-info-issues/nhri", "Seek ICC accreditation for its NHRI"},
      {"Strengthen the executive branch", "upr-info-issues/death-penalty", "Halt executions"},
      {"Strengthen the executive branch", "themes/death-penalty", "Halt executions"},
      {"It has demonstrated its commitment", "upr-info-issues/freedom-of-association-and-assembly",
       "Allow peaceful demonstrations"},
      {"It has demonstrated its commitment", "themes/peaceful-assembly", "Allow peaceful demonstrations"},
      {"Cooperate with the European Union", "upr-info-issues/freedom-of-association-and-assembly",
       "Respect the rights of trade unions"},
      {"Amend the law on the opposite sex", "upr-info-issues/freedom-of-association-and-assembly",
       "Respect the rights of the opposition"},
      {"It expressed its concern", "upr-info-issues/freedom-of-opinion-and-expression", "Protect freedom of expression"},
      {"The House of Representatives should act", "upr-info-issues/right-to-housing", "Provide adequate housing"},
      {"The House of Representatives should act", "themes/housing", "Provide housing to all"},
      {"As indicated in its report", "themes/statistics", "Develop human rights indicators"},
      {"Respect its territorial integrity", "upr-info-issues/right-to-land", "Recognise the ancestral territories"},
      {"Strengthen the office of the ombudsman", "upr-info-issues/human-rights-violations-by-state-agents",
       "Train police officers"},
      {"Reserve seats for women in parliament", "upr-info-issues/international-instruments",
       "Withdraw its reservations"},
      {"Ensure the faithful implementation of the plan", "upr-info-issues/freedom-of-religion",
       "Respect people of every faith"},
      {"Conversely, it should act", "upr-info-issues/freedom-of-religion", "Decriminalise conversion"},
      {"Torture constitutes a crime", "themes/constitutional-framework", "Amend the Constitution"},
      {"Keep fostering dialogue with parents of children", "themes/children-alternative-care",
       "Place children in foster families"},
      // Found over the whole corpus's words: those of each rule word's stem.
      {"Respect the Protestant churches", "upr-info-issues/freedom-of-association-and-assembly",
       "Release the protesters"},
      {"Respect the Protestant churches", "themes/peaceful-assembly", "Release the protesters"},
      {"Address the pressing needs of refugees", "upr-info-issues/freedom-of-the-press", "Stop harassing the press"},
      {"Protect the rights of Travellers", "upr-info-issues/freedom-of-movement", "Lift restrictions on travel"},
      {"Lift restrictions on travel", "upr-info-issues/minorities", "Protect the rights of Travellers"},
      {"Lift restrictions on travel", "affected-persons/roma", "Protect the rights of Travellers"},
      {"The State is aware of the problem", "upr-info-issues/human-rights-education",
       "Promote awareness of human rights"},
      {"The State is aware of the problem", "themes/human-rights-education", "Promote awareness of human rights"},
      {"Schools are poorly resourced", "upr-info-issues/poverty", "Support poor families"},
      {"Declare a moratorium on executions", "upr-info-issues/international-instruments",
       "Endorse the declaration on indigenous peoples"},
      {"Ban the use of conventional weapons", "upr-info-issues/international-instruments",
       "Implement the convention fully"},
      {"It was instrumental in the peace process", "upr-info-issues/international-instruments",
       "Accept the instruments it signed"},
      {"Prevent environmental degradation", "upr-info-issues/torture", "Prohibit degrading treatment"},
      {"Welcome visitors with hospitality", "upr-info-issues/right-to-health", "Build a hospital in every district"},
      {"Promote mediation in family disputes", "upr-info-issues/nhri", "Strengthen the mediator of the Republic"},
      {"Reduce the margin of error", "upr-info-issues/minorities", "Include the marginalized"},
      {"End discrimination in the House of Representatives", "us-agencies/hud-fheo",
       "End discrimination in housing"},
      {"El Comité saluda la adopción de la ley", "themes/health", "Garantizar el acceso a la salud", "es"},
      {"Le Comité note le rapport de Santa Cruz", "themes/health", "Garantir l'accès à la santé", "fr"},
      {"Mettre fin aux expulsions d'étrangers", "themes/housing", "Mettre fin aux expulsions forcées", "fr"},
  };
  for (const Case& c : cases) {
    EXPECT_FALSE(gives(c.text, c.tag, c.language)) << c.tag << " on: " << c.text;
    EXPECT_TRUE(gives(c.own, c.tag, c.language)) << c.tag << " on: " << c.own;
  }
}

// The shipped US agencies, for a recommendation to the United States: the
// tags of us-agencies that the rules and their implications give.
class DefaultUsAgencies : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { set_ = &shipped_taxonomies(); }
  static Strings agencies(std::string_view text) {
    Strings out;
    for (const TagHit& hit : RuleTagger(*set_).tag(text, "en"))
      if (hit.taxonomy == "us-agencies") out.push_back(hit.tag);
    return out;
  }
  // The agencies the unit's words bring by themselves, before any theme's link.
  static Strings matched(std::string_view text) {
    Strings out;
    for (const TagHit& hit : RuleTagger(*set_).matches(text, "en"))
      if (hit.taxonomy == "us-agencies") out.push_back(hit.tag);
    return out;
  }
  static bool has(const Strings& tags, std::string_view tag) {
    return std::find(tags.begin(), tags.end(), tag) != tags.end();
  }
  static const taxonomy::TaxonomySet* set_;
};
const taxonomy::TaxonomySet* DefaultUsAgencies::set_ = nullptr;

// Discrimination in a list of fields is the enforcement work of each field's
// department, beside the Civil Rights Division: the housing of "racial
// discrimination in housing" is HUD's fair housing office's, not HUD's as a
// whole; a mention of housing or education elsewhere brings neither.
TEST_F(DefaultUsAgencies, DiscriminationInHousingEmploymentAndEducation) {
  const Strings a = matched("End all forms of racial discrimination in housing, education and employment");
  EXPECT_EQ(a, (Strings{"dol", "ed", "hud-fheo"}));
  const Strings closed = agencies("End all forms of racial discrimination in housing, education and employment");
  EXPECT_TRUE(has(closed, "hud")) << ::testing::PrintToString(closed);  // the office implies its department
  EXPECT_EQ(matched("Improve living conditions in prisons, with access to health care, housing and education"),
            Strings{});
  // Human rights education against discrimination is no school's matter, and
  // the Bureau of Democracy, Human Rights, and Labor is not Labor.
  EXPECT_EQ(matched("Promote human rights education to combat discrimination"), Strings{});
  EXPECT_EQ(matched("The Bureau of Democracy, Human Rights, and Labor on discrimination"), Strings{"dos-drl"});
  // A name still counts without the context.
  EXPECT_EQ(matched("The Department of Labor reported"), Strings{"dol"});
}

// Human rights and counter-terrorism is the lawfulness of prosecution,
// detention and surveillance: Justice's, not Homeland Security's.
TEST_F(DefaultUsAgencies, CounterTerrorismIsJustices) {
  const Strings a = agencies("Make all domestic anti-terrorism legislation consistent with human rights standards");
  EXPECT_TRUE(has(a, "doj")) << ::testing::PrintToString(a);
  EXPECT_FALSE(has(a, "dhs")) << ::testing::PrintToString(a);
}

// Migrants and refugees are groups of persons since the UHRI of 2019, no
// longer themes: Homeland Security and the immigration working group reach
// refugees through their `persons` links (DHS migrants through UPR Info's
// issue: see us-agencies.toml).
TEST_F(DefaultUsAgencies, GroupsOfPersonsReachHomelandSecurityThroughPersonsLinks) {
  auto because = [&](std::string_view text, std::string_view taxonomy, std::string_view tag) {
    for (const TagHit& hit : RuleTagger(*set_).tag(text, "en"))
      if (hit.taxonomy == taxonomy && hit.tag == tag) return hit.evidence;
    return Strings{"(not reached)"};
  };
  const char* refoulement = "Respect the principle of non-refoulement";
  EXPECT_EQ(because(refoulement, "us-agencies", "dhs"), Strings{"group of persons refugees-asylum-seekers"});
  EXPECT_TRUE(has(because(refoulement, "us-working-groups", "wg-immigration-trafficking-labour-children"),
                  "group of persons refugees-asylum-seekers"));
  EXPECT_TRUE(has(because("Protect the rights of irregular migrants", "us-working-groups",
                          "wg-immigration-trafficking-labour-children"),
                  "group of persons migrants"));
  EXPECT_EQ(because("Protect the rights of irregular migrants", "us-agencies", "dhs"), Strings{"issue migrants"});
  EXPECT_TRUE(has(because("Protect lesbian and gay persons", "us-working-groups", "wg-civil-rights"),
                  "group of persons lgbti"));
}

// The Rome Statute and the Geneva Conventions bind the armed forces first, and
// Guantanamo Bay is a military detention facility: Defense, even where a
// ratification keeps the subject departments away.
TEST_F(DefaultUsAgencies, RomeStatuteGenevaConventionsAndGuantanamoAreDefenses) {
  EXPECT_TRUE(has(agencies("Ratify the Rome Statute of the International Criminal Court"), "dod"));
  EXPECT_TRUE(has(agencies("Adhere to the Statute of Rome"), "dod"));
  EXPECT_TRUE(has(agencies("Ratify Additional Protocols I and II to the Geneva Conventions"), "dod"));
  EXPECT_TRUE(has(agencies("Close the Guantanamo Bay detention facility"), "dod"));
  EXPECT_FALSE(has(agencies("Respect the ruling of the International Court of Justice"), "dod"));
}

}  // namespace
}  // namespace hrdex::indexer::tag
