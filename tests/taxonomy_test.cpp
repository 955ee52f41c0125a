#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "taxonomy/taxonomy.hpp"

namespace hrdex::taxonomy {
namespace {

const std::filesystem::path kData = std::filesystem::path(HRDEX_TEST_DATA) / "taxonomy";
const std::filesystem::path kDefaults =
    std::filesystem::path(HRDEX_TEST_DATA).parent_path().parent_path() / "corpus/taxonomies";

std::string parse_error(std::string_view text) {
  auto taxonomy = parse_taxonomy(text, "t.toml");
  return taxonomy ? "parsed" : taxonomy.error().message();
}

std::string load_error(const std::vector<std::string>& files) {
  std::vector<std::filesystem::path> paths;
  for (const auto& file : files) paths.push_back(kData / file);
  auto set = load_taxonomies(paths);
  return set ? "loaded" : set.error().message();
}

TEST(Taxonomy, ParsesTagsRulesAndLinks) {
  auto themes = load_taxonomy(kData / "themes.toml");
  ASSERT_TRUE(themes) << themes.error().message();
  EXPECT_EQ(themes->id, "themes");
  EXPECT_EQ(themes->kind, TaxonomyKind::themes);
  EXPECT_EQ(themes->language, "en");
  ASSERT_EQ(themes->tags.size(), 5u);
  const Tag& housing = themes->tags[1];
  EXPECT_EQ(housing.id, "housing");
  EXPECT_EQ(housing.aliases, (std::vector<std::string>{"E23", "Right to housing"}));
  EXPECT_EQ(housing.parent.id, "standard-of-living");
  EXPECT_EQ(housing.rules.at("en").phrases, (std::vector<std::string>{"adequate housing", "forced evictions"}));
  EXPECT_EQ(housing.rules.at("fr").words, (std::vector<std::string>{"logement"}));
  EXPECT_EQ(housing.rules.at("es").phrases, (std::vector<std::string>{"vivienda adecuada"}));
  EXPECT_EQ(themes->tags[2].min_evidence, 2);

  auto wgs = load_taxonomy(kData / "working-groups.toml");
  ASSERT_TRUE(wgs) << wgs.error().message();
  EXPECT_EQ(wgs->tags[0].lead.id, "hud");
  EXPECT_EQ(wgs->tags[0].lead.line, 11);
}

TEST(Taxonomy, FindsTagsByLabelAliasOrCode) {
  auto set = load_taxonomies({kData / "themes.toml"});
  ASSERT_TRUE(set) << set.error().message();
  for (const char* name : {"housing", "E23", "e23", "Right to housing", "RIGHT TO ADEQUATE HOUSING"}) {
    const Tag* tag = set->find_tag("themes", name);
    ASSERT_NE(tag, nullptr) << name;
    EXPECT_EQ(tag->id, "housing");
  }
  EXPECT_EQ(set->find_tag("themes", "no such theme"), nullptr);
  EXPECT_EQ(set->find_tag("no-such-taxonomy", "housing"), nullptr);
}

TEST(Taxonomy, NormalizesLabels) {
  EXPECT_EQ(normalize_label("Women\u2019s rights"), "womens rights");
  EXPECT_EQ(normalize_label("Women's  Rights"), "womens rights");
  EXPECT_EQ(normalize_label("Equality & non-discrimination"), "equality and non discrimination");
  EXPECT_EQ(normalize_label("Budget &resources"), "budget and resources");
}

TEST(Taxonomy, ClosestMatch) {
  EXPECT_EQ(closest_match("hdu", {"doj", "epa", "hud"}), "hud");
  EXPECT_EQ(closest_match("wrods", {"words", "phrases"}), "words");
  EXPECT_EQ(closest_match("xyz", {"words", "phrases"}), "");
}

TEST(TaxonomyErrors, SyntaxErrorNamesFileAndLine) {
  EXPECT_EQ(load_error({"broken-syntax.toml"}),
            (kData / "broken-syntax.toml").string() + ":6: Error while parsing key-value pair: expected '=', saw '\"'");
}

TEST(TaxonomyErrors, UnknownKeyWithHint) {
  EXPECT_EQ(load_error({"unknown-key.toml"}),
            (kData / "unknown-key.toml").string() + ":8: unknown key 'wrods' in themes tag; did you mean 'words'?");
}

TEST(TaxonomyErrors, UnknownLinkWithHint) {
  EXPECT_EQ(load_error({"agencies.toml", "unknown-agency.toml"}),
            (kData / "unknown-agency.toml").string() + ":8: unknown agency 'hdu'; did you mean 'hud'?");
}

// Groups of persons are linked by `persons`, checked against the affected
// persons taxonomy like any link.
TEST(TaxonomyErrors, UnknownPersonsLinkNamesFileLineAndTag) {
  auto set = load_taxonomies({kDefaults / "affected-persons.toml", kData / "unknown-persons.toml"});
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message(),
            (kData / "unknown-persons.toml").string() +
                ":8: unknown group of persons 'migrant'; did you mean 'migrants'?");
  // Without an affected persons taxonomy the link is left out, as others are.
  EXPECT_EQ(load_error({"unknown-persons.toml"}), "loaded");
  // Themes have no `persons`: a theme is no body serving a group.
  const std::string head = "[taxonomy]\nid = \"t\"\nkind = \"themes\"\n[[tag]]\nid = \"a\"\nlabel = \"A\"\n";
  EXPECT_EQ(parse_error(head + "persons = [\"migrants\"]\n"), "t.toml:7: unknown key 'persons' in themes tag");
}

TEST(TaxonomyErrors, LinkToAKindNotLoadedIsIgnored) {
  EXPECT_EQ(load_error({"unknown-agency.toml"}), "loaded");
}

TEST(TaxonomyErrors, UnknownParentWithHint) {
  EXPECT_EQ(load_error({"unknown-parent.toml"}),
            (kData / "unknown-parent.toml").string() + ":8: unknown parent 'parnet'; did you mean 'parent'?");
}

TEST(TaxonomyErrors, Messages) {
  const std::string head = "[taxonomy]\nid = \"t\"\nkind = \"themes\"\n";
  EXPECT_EQ(parse_error("[taxonomy]\nid = \"t\"\nkind = \"theme\"\n"),
            "t.toml:3: unknown kind 'theme'; did you mean 'themes'?");
  EXPECT_EQ(parse_error("[taxonomy]\nid = \"t\"\nkind = \"colours\"\n"),
            "t.toml:3: unknown kind 'colours' (themes, issues, working-groups, agencies or affected-persons)");
  EXPECT_EQ(parse_error("[taxonomy]\nid = \"t\"\n"), "t.toml:1: [taxonomy] has no 'kind'");
  EXPECT_EQ(parse_error("[[tag]]\nid = \"a\"\n"), "t.toml:1: missing [taxonomy] table with id, label and kind");
  EXPECT_EQ(parse_error("[taxonomy]\nid = \"T\"\nkind = \"themes\"\n"),
            "t.toml:1: taxonomy id 'T' must be lower-case letters, digits, '-', '_' or '.'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nlabel = \"A\"\n"), "t.toml:4: tag without an 'id'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\n"), "t.toml:4: tag 'a' has no 'label'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a b\"\nlabel = \"A\"\n"),
            "t.toml:5: tag id 'a b' must be lower-case letters, digits, '-', '_' or '.'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\nwords = \"x\"\n"),
            "t.toml:7: 'words' must be an array of strings");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\nwords = [\"x\", 3]\n"),
            "t.toml:7: 'words' must be an array of strings");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\nwords = [\"two words\"]\n"),
            "t.toml:4: word 'two words' has several words; list it under 'phrases'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\nmin_evidence = 0\n"),
            "t.toml:7: 'min_evidence' must be a whole number from 1 to 1000");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\nlead = \"x\"\n"),
            "t.toml:7: unknown key 'lead' in themes tag");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\n[[tag]]\nid = \"a\"\nlabel = \"B\"\n"),
            "t.toml:7: duplicate tag id 'a'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\n[[tag]]\nid = \"b\"\nlabel = \"B\"\naliases = [\"a\"]\n"),
            "t.toml:7: 'a' of tag 'b' already names tag 'a'");
  EXPECT_EQ(parse_error(head + "[[tag]]\nid = \"a\"\nlabel = \"A\"\n[tag.fr]\nwrods = [\"x\"]\n"),
            "t.toml:8: unknown key 'wrods' in rules for 'fr'; did you mean 'words'?");
}

TEST(TaxonomyErrors, ParentCycle) {
  const std::string text =
      "[taxonomy]\nid = \"t\"\nkind = \"themes\"\n"
      "[[tag]]\nid = \"a\"\nlabel = \"A\"\nparent = \"b\"\n"
      "[[tag]]\nid = \"b\"\nlabel = \"B\"\nparent = \"a\"\n";
  auto taxonomy = parse_taxonomy(text, "t.toml");
  ASSERT_TRUE(taxonomy) << taxonomy.error().message();
  std::vector<Taxonomy> list;
  list.push_back(std::move(taxonomy).value());
  auto set = TaxonomySet::build(std::move(list));
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message(), "t.toml:7: parent 'b' makes a cycle back to 'a'");
}

std::string build_error(const std::string& text) {
  auto taxonomy = parse_taxonomy(text, "t.toml");
  if (!taxonomy) return taxonomy.error().message();
  std::vector<Taxonomy> list;
  list.push_back(std::move(taxonomy).value());
  auto set = TaxonomySet::build(std::move(list));
  return set ? "built" : set.error().message();
}

TEST(TaxonomyErrors, YieldsToNamesATagOfTheSameFileOnceOneWay) {
  const std::string head =
      "[taxonomy]\nid = \"t\"\nkind = \"themes\"\n"
      "[[tag]]\nid = \"violence\"\nlabel = \"V\"\n";
  EXPECT_EQ(build_error(head + "[[tag]]\nid = \"women\"\nlabel = \"W\"\nyields_to = [\"violence\"]\n"), "built");
  EXPECT_EQ(build_error(head + "[[tag]]\nid = \"women\"\nlabel = \"W\"\nyields_to = [\"violense\"]\n"),
            "t.toml:10: unknown tag 'violense' in yields_to (a tag of this file); did you mean 'violence'?");
  EXPECT_EQ(build_error(head + "[[tag]]\nid = \"women\"\nlabel = \"W\"\nyields_to = [\"women\"]\n"),
            "t.toml:10: tag 'women' yields to itself");
  EXPECT_EQ(build_error("[taxonomy]\nid = \"t\"\nkind = \"themes\"\n"
                        "[[tag]]\nid = \"a\"\nlabel = \"A\"\nyields_to = [\"b\"]\n"
                        "[[tag]]\nid = \"b\"\nlabel = \"B\"\nyields_to = [\"a\"]\n"),
            "t.toml:7: tags 'a' and 'b' yield to each other; only one of them can");
  EXPECT_EQ(build_error("[taxonomy]\nid = \"t\"\nkind = \"agencies\"\n"
                        "[[tag]]\nid = \"a\"\nlabel = \"A\"\nyields_to = [\"b\"]\n"),
            "t.toml:7: unknown key 'yields_to' in agencies tag");
}

TEST(TaxonomyErrors, AmbiguousLinkAsksForTheTaxonomy) {
  auto make = [](std::string id) {
    return parse_taxonomy("[taxonomy]\nid = \"" + id + "\"\nkind = \"agencies\"\n[[tag]]\nid = \"doj\"\nlabel = \"J\"\n",
                          id + ".toml");
  };
  auto wg = parse_taxonomy("[taxonomy]\nid = \"w\"\nkind = \"working-groups\"\n[[tag]]\nid = \"g\"\nlabel = \"G\"\nlead = \"doj\"\n",
                           "w.toml");
  auto qualified = parse_taxonomy(
      "[taxonomy]\nid = \"q\"\nkind = \"working-groups\"\n[[tag]]\nid = \"g\"\nlabel = \"G\"\nlead = \"b:doj\"\n", "q.toml");
  ASSERT_TRUE(wg && qualified);
  std::vector<Taxonomy> list{std::move(make("a")).value(), std::move(make("b")).value(), std::move(wg).value()};
  auto set = TaxonomySet::build(std::move(list));
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message(), "w.toml:7: agency 'doj' is ambiguous; write it as 'a:doj' or 'b:doj'");
  std::vector<Taxonomy> ok{std::move(make("a")).value(), std::move(make("b")).value(), std::move(qualified).value()};
  EXPECT_TRUE(TaxonomySet::build(std::move(ok)));
}

// The shipped taxonomies load together, and stay sorted so that diffs of
// researchers' edits stay small.
TEST(TaxonomyDefaults, LoadTogetherSortedById) {
  auto files = taxonomy_files(kDefaults);
  ASSERT_EQ(files.size(), 5u);
  auto set = load_taxonomies(files);
  ASSERT_TRUE(set) << set.error().message();
  for (const Taxonomy& taxonomy : set->taxonomies()) {
    EXPECT_TRUE(std::is_sorted(taxonomy.tags.begin(), taxonomy.tags.end(),
                               [](const Tag& a, const Tag& b) { return a.id < b.id; }))
        << taxonomy.source;
  }
  ASSERT_NE(set->find_taxonomy("upr-info-issues"), nullptr);
  EXPECT_EQ(set->find_taxonomy("upr-info-issues")->tags.size(), 54u);
  // Labels as OHCHR's thematic lists print them, old and new.
  EXPECT_EQ(set->find_tag("themes", "A12")->id, "ratification");
  EXPECT_EQ(set->find_tag("themes", "Acceptance of international norms")->id, "ratification");
  EXPECT_EQ(set->find_tag("themes", "B32 ")->id, "racial-discrimination");
  EXPECT_EQ(set->find_tag("themes", "G3")->id, "indigenous-peoples");
  EXPECT_EQ(set->find_tag("themes", "E23")->id, "housing");
  EXPECT_EQ(set->find_tag("themes", "Equality & non-discrimination")->id, "equality");
  EXPECT_EQ(set->find_tag("themes", "Liberty & security \xE2\x80\x93 general")->id, "liberty-and-security");
  ASSERT_NE(set->find_taxonomy("affected-persons"), nullptr);
  EXPECT_EQ(set->find_taxonomy("affected-persons")->kind, TaxonomyKind::affected_persons);
  EXPECT_EQ(set->find_tag("affected-persons", "minorities/ racial, ethnic, linguistic, religious or descent-based groups")->id,
            "minorities");
  EXPECT_EQ(set->find_tag("affected-persons", "Migrants & domestic workers")->id, "migrants");
  // The UHRI's groups before 2019 were themes; now they are affected
  // persons, which keep their old codes and theme labels.
  for (const char* code : {"G1", "G2", "G4", "G5", "G9"}) EXPECT_EQ(set->find_tag("themes", code), nullptr) << code;
  const std::pair<const char*, const char*> groups[] = {
      {"G1", "minorities"}, {"Members of minorities", "minorities"}, {"G2", "lgbti"},
      {"G4", "migrants"},   {"G5", "refugees-asylum-seekers"},       {"G9", "older-persons"}};
  for (const auto& [old_theme, persons] : groups) {
    const Tag* tag = set->find_tag("affected-persons", old_theme);
    ASSERT_NE(tag, nullptr) << old_theme;
    EXPECT_EQ(tag->id, persons);
  }
  // UPR Info's group issues crosswalk to those groups; "Minorities" also to
  // a theme.
  auto crosswalk = [&](const char* issue) {
    std::vector<std::string> out;
    for (TagRef to : set->crosswalk(*set->find_ref("upr-info-issues", issue)))
      out.push_back(set->taxonomy(to).id + ":" + set->tag(to).id);
    return out;
  };
  EXPECT_EQ(crosswalk("minorities"), (std::vector<std::string>{"affected-persons:minorities", "themes:equality"}));
  EXPECT_EQ(crosswalk("migrants"), (std::vector<std::string>{"affected-persons:migrants"}));
  EXPECT_EQ(crosswalk("asylum-seekers-refugees"),
            (std::vector<std::string>{"affected-persons:refugees-asylum-seekers"}));
  EXPECT_EQ(crosswalk("sexual-orientation-and-gender-identity"),
            (std::vector<std::string>{"affected-persons:lgbti", "themes:equality"}));
  EXPECT_EQ(set->find_tag("upr-info-issues", "Detention")->id, "detention-conditions");
  EXPECT_EQ(set->find_tag("upr-info-issues", "Technical assistance and cooperation")->id, "technical-assistance");
}

}  // namespace
}  // namespace hrdex::taxonomy
