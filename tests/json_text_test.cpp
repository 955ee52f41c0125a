// query/json_text.hpp writes JSON without nlohmann's tree; what it writes
// must be what nlohmann's dump (as query::dump_json calls it) prints of the
// same values, byte for byte, since the JSON Lines writer and hrdex-serve's
// answers changed from one to the other and scripts compare their bytes.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <variant>
#include <vector>

#include "query/fields.hpp"
#include "query/json_fields.hpp"
#include "query/json_text.hpp"
#include "query/search.hpp"

namespace hrdex::query {
namespace {

std::string nlohmann_text(const nlohmann::ordered_json& j) { return dump_json(j); }

std::string ours(const auto& value) {
  std::string out;
  append_json(out, value);
  return out;
}

TEST(JsonText, StringsAsNlohmannPrintsThem) {
  const std::vector<std::string> strings = {
      "", "plain", "quote \" and backslash \\", "tab\tnewline\nreturn\rfeed\fback\b", std::string("nul\0byte", 8),
      "\x01\x1f\x7f", "Résumé, 中文, العربية, Русский", "emoji \xF0\x9F\x98\x80", "</script><img onerror=x>",
      "bad \xC3", "overlong \xC0\xAF", "surrogate \xED\xA0\x80", "past U+10FFFF \xF4\x90\x80\x80", "lone \x80 byte",
      "truncated \xE2\x82", "\xFF\xFE", "U+FFFD \xEF\xBF\xBD"};
  for (const auto& s : strings) EXPECT_EQ(ours(s), nlohmann_text(s)) << "string of " << s.size() << " bytes";
}

TEST(JsonText, RandomBytesAsNlohmannPrintsThem) {
  // Random strings, mostly of bytes that matter to the escaper and the UTF-8
  // check: controls, quotes, lead and continuation bytes, valid sequences.
  std::mt19937 random(20261204);
  const std::vector<std::string> pieces = {"a", " ", "\"", "\\", "\n", "\x01", "\x7f", "\x80", "\xBF", "\xC2",
                                           "\xC3\xA9", "\xE0", "\xE2\x82\xAC", "\xED\x9F\xBF", "\xED\xA0", "\xF0\x9F",
                                           "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF", "\xF5", "\xFF", "\0"};
  std::size_t invalid = 0;
  for (int n = 0; n < 5000; ++n) {
    std::string s;
    const int length = static_cast<int>(random() % 12);
    for (int i = 0; i < length; ++i) {
      const auto& piece = pieces[random() % pieces.size()];
      s += piece.empty() ? std::string(1, '\0') : piece;
    }
    const std::string expected = nlohmann_text(s);
    if (expected.find("\xEF\xBF\xBD") != std::string::npos) ++invalid;
    ASSERT_EQ(ours(s), expected) << "case " << n;
  }
  EXPECT_GT(invalid, 1000u) << "the cases should hold many strings that are not UTF-8";
}

TEST(JsonText, NumbersAsNlohmannPrintsThem) {
  for (long long n : {0LL, 1LL, -1LL, 42LL, std::numeric_limits<long long>::min(), std::numeric_limits<long long>::max()})
    EXPECT_EQ(ours(n), nlohmann_text(n));
  for (unsigned long long n : {0ULL, 7ULL, std::numeric_limits<unsigned long long>::max()})
    EXPECT_EQ(ours(n), nlohmann_text(n));
  for (double x : {0.0, -0.0, 1.0, 0.1, 2.5, 1e-7, 12.345678901234567, 1e300, std::nan(""),
                   std::numeric_limits<double>::infinity()})
    EXPECT_EQ(ours(x), nlohmann_text(x));
  EXPECT_EQ(ours(true), "true");
  EXPECT_EQ(ours(std::vector<std::string>{"a", "\"b\"", ""}), nlohmann_text(std::vector<std::string>{"a", "\"b\"", ""}));
  EXPECT_EQ(ours(std::vector<std::string>{}), "[]");
}

// What hit_json and facets_json printed when they built nlohmann's tree.
nlohmann::ordered_json field_tree(const FieldValue& v) {
  if (auto tags = std::get_if<std::vector<TagValue>>(&v)) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& t : *tags) {
      if (t.id.empty()) out.push_back({{"label", t.label}, {"source", t.source}});
      else out.push_back({{"id", t.id}, {"label", t.label}, {"taxonomy", t.taxonomy}, {"source", t.source}, {"score", t.score}});
    }
    return out;
  }
  return std::visit(
      [](const auto& x) -> nlohmann::ordered_json {
        if constexpr (std::is_same_v<std::decay_t<decltype(x)>, std::vector<TagValue>>) return nullptr;
        else return nlohmann::ordered_json(x);
      },
      v);
}

TEST(JsonText, HitsAndFacetsAsTheTreeWasPrinted) {
  Hit h;
  h.id = "abc-1";
  h.level = "unit";
  h.symbol = "A/HRC/16/11";
  h.text = "Ratify the \"Convention\"\n\tnow \xC3";
  h.snippet = "<b>ratify</b>\x01";
  h.number = "92.1";
  h.page = 14;
  h.score = 3.14159;
  h.recommending_states = {"BRA", "Côte d'Ivoire"};
  h.other_languages = {"fr", "es"};
  h.tags = {core::UnitTag{}};
  h.tags[0].taxonomy = "ohchr-themes";
  h.tags[0].kind = "themes";
  h.tags[0].tag = "housing";
  h.tags[0].label = "Right to \"housing\"";
  h.tags[0].source = "rule";
  h.tags[0].score = 0.875;
  h.affected_persons = {"women"};
  nlohmann::ordered_json tree = nlohmann::ordered_json::object();
  for (const auto& f : hit_fields()) tree[std::string(f.name)] = field_tree(f.get(h));
  EXPECT_EQ(hit_json(h, hit_fields()), dump_json(tree));
  auto some = select_fields("id, text, themes, score");
  ASSERT_TRUE(some);
  nlohmann::ordered_json part = nlohmann::ordered_json::object();
  for (const auto& f : *some) part[std::string(f.name)] = field_tree(f.get(h));
  EXPECT_EQ(hit_json(h, *some), dump_json(part));

  const std::vector<Facet> facets = {{"theme", {{"housing", 12, "Right to \"housing\""}, {"x\xFF", 1, ""}}},
                                     {"state", {{"USA", 3, ""}}},
                                     {"response", {}}};
  nlohmann::ordered_json facet_tree = nlohmann::ordered_json::object();
  for (const auto& f : facets) {
    nlohmann::ordered_json values = nlohmann::ordered_json::array();
    for (const auto& v : f.values) {
      nlohmann::ordered_json value = {{"value", v.value}, {"count", v.count}};
      if (!v.label.empty()) value["label"] = v.label;
      values.push_back(std::move(value));
    }
    facet_tree[f.name] = std::move(values);
  }
  EXPECT_EQ(facets_json(facets), dump_json(facet_tree));
  EXPECT_EQ(facets_json({}), "{}");
}

}  // namespace
}  // namespace hrdex::query
