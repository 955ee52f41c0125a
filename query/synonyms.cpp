#include "query/synonyms.hpp"

#include <fstream>
#include <regex>
#include <sstream>

#include "core/data_dir.hpp"
#include "core/text.hpp"

namespace hrdex::query {
namespace {

std::string key_of(std::string_view form) { return core::ascii_lower(core::collapse_spaces(core::trim(form))); }

std::size_t word_count(std::string_view s) {
  std::size_t n = 0;
  bool in = false;
  for (char c : s) {
    if (c == ' ') in = false;
    else if (!in) in = true, ++n;
  }
  return n;
}

bool is_operator(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ" || w.rfind("NEAR/", 0) == 0 ||
         w.rfind("ADJ/", 0) == 0;
}

bool is_proximity(std::string_view w) {
  return w == "NEAR" || w == "ADJ" || w.rfind("NEAR/", 0) == 0 || w.rfind("ADJ/", 0) == 0;
}

struct Token {
  std::size_t begin, end;
  enum Kind { word, phrase, other } kind;
};

std::vector<Token> tokenize(std::string_view q) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '(' || c == ')') {
      tokens.push_back({i, i + 1, Token::other});
      ++i;
    } else if (c == '"') {
      std::size_t close = q.find('"', i + 1);
      std::size_t end = close == std::string_view::npos ? q.size() : close + 1;
      tokens.push_back({i, end, Token::phrase});
      i = end;
    } else {
      std::size_t j = i;
      while (j < q.size() && std::string_view(" \t\n()\"").find(q[j]) == std::string_view::npos) ++j;
      tokens.push_back({i, j, Token::word});
      i = j;
    }
  }
  return tokens;
}

// `typed` is what the query said, kept as it was (a phrase, or its words
// joined with AND so the other forms add to it and take nothing away); the
// other forms follow as phrases.
std::string group_expression(const std::vector<std::string>& forms, std::string_view typed, const std::string& typed_key) {
  std::string out = std::string("(").append(typed);
  for (const auto& f : forms) {
    if (key_of(f) == typed_key) continue;
    out += " OR ";
    std::string clean;
    for (char c : f)
      if (c != '"' && c != '(' && c != ')') clean.push_back(c);
    if (clean.find(' ') != std::string::npos) out += '"' + clean + '"';
    else out += clean;
  }
  return out + ")";
}

}  // namespace

core::Status parse_synonyms(std::string_view text, std::string_view file_name, SynonymTable& table) {
  std::size_t line_no = 0;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    ++line_no;
    std::string_view l = core::trim(line);
    if (l.empty() || l.front() == '#') continue;
    std::vector<std::string> forms;
    for (const std::string& part : core::split(l, '|')) {
      std::string form = core::collapse_spaces(core::trim(part));
      if (form.empty())
        return core::make_error(std::string(file_name) + ":" + std::to_string(line_no),
                                "empty form; write forms separated by ' | ', e.g. 'CRC | Convention on the Rights of the Child'");
      if (form.find_first_of("\"()") != std::string::npos)
        return core::make_error(std::string(file_name) + ":" + std::to_string(line_no),
                                "'" + form + "' contains a quote or bracket, which a query cannot hold");
      forms.push_back(form);
    }
    if (forms.size() < 2)
      return core::make_error(std::string(file_name) + ":" + std::to_string(line_no),
                              "a group needs at least two forms separated by ' | '");
    // A form already known joins this line to its group, so a user's file
    // can add a name to a shipped acronym by repeating the acronym.
    std::size_t g = table.groups.size();
    for (const auto& f : forms)
      if (auto it = table.index.find(key_of(f)); it != table.index.end()) g = it->second;
    if (g == table.groups.size()) table.groups.emplace_back();
    for (const auto& f : forms) {
      auto [it, added] = table.index.emplace(key_of(f), g);
      if (!added) continue;
      table.groups[g].push_back(f);
      table.longest = std::max(table.longest, word_count(key_of(f)));
    }
  }
  return core::ok_status();
}

core::Status load_synonyms(const std::filesystem::path& file, SynonymTable& table) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return core::make_error(file.string(), "cannot read synonyms file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_synonyms(text.str(), file.string(), table);
}

core::Expected<std::filesystem::path> default_synonyms_file() { return core::data_path("synonyms.txt"); }

core::Expected<SynonymTable> load_synonym_files(const std::vector<std::string>& files, bool none) {
  SynonymTable table;
  if (none) return table;
  auto shipped = default_synonyms_file();
  if (!shipped) return shipped.error();
  if (auto s = load_synonyms(*shipped, table); !s) return s.error();
  for (const auto& f : files)
    if (auto s = load_synonyms(f, table); !s) return s.error();
  return table;
}

std::string expand_synonyms(std::string_view q, const SynonymTable& table) {
  std::vector<Token> tokens = tokenize(q);
  auto text = [&](const Token& t) { return q.substr(t.begin, t.end - t.begin); };
  // Index of the previous/next word or phrase token, skipping spaces.
  auto neighbour_word = [&](std::size_t i, int step) -> std::string_view {
    for (std::size_t j = i + step; j < tokens.size(); j += step) {
      if (tokens[j].kind != Token::other) return text(tokens[j]);
      if (text(tokens[j]) != " " && text(tokens[j]) != "\t" && text(tokens[j]) != "\n") return {};
    }
    return {};
  };
  auto expandable = [&](std::size_t i) {
    std::string_view w = text(tokens[i]);
    if (tokens[i].kind != Token::word) return false;
    if (w.find(':') != std::string_view::npos || w.front() == '+' || w.front() == '-' || w.back() == '*') return false;
    return !is_operator(w);
  };

  std::string out;
  std::size_t i = 0;
  while (i < tokens.size()) {
    const Token& t = tokens[i];
    bool near_operand = is_proximity(neighbour_word(i, -1)) || is_proximity(neighbour_word(i, 1));
    if (t.kind == Token::phrase && !near_operand && t.end - t.begin >= 2 && q[t.end - 1] == '"') {
      const std::string key = key_of(q.substr(t.begin + 1, t.end - t.begin - 2));
      if (auto it = table.index.find(key); it != table.index.end()) {
        out += group_expression(table.groups[it->second], text(t), key);
        ++i;
        continue;
      }
    }
    // A UN symbol typed as a word names a document as well as the words of
    // texts that cite it: a document's own text is its title, which holds
    // no symbol, so `--documents A/HRC/16/11` found nothing.
    static const std::regex un_symbol(R"([A-Z][A-Z0-9.\-]*(?:/[A-Za-z0-9.\-]+){2,})");
    if (expandable(i) && !near_operand && std::regex_match(text(t).begin(), text(t).end(), un_symbol)) {
      out += "(symbol:" + std::string(text(t)) + " OR " + std::string(text(t)) + ")";
      ++i;
      continue;
    }
    if (expandable(i) && !near_operand) {
      // Longest run of plain words, separated by single spaces, that is a form.
      std::size_t best_end = 0, best_group = 0;
      std::string run, typed, best_typed, best_key;
      std::size_t words = 0;
      for (std::size_t j = i; j < tokens.size() && words < table.longest; ++j) {
        if (tokens[j].kind == Token::other) {
          if (text(tokens[j]) == " " && j + 1 < tokens.size() && expandable(j + 1)) continue;
          break;
        }
        if (!expandable(j)) break;
        if (!run.empty()) run += ' ', typed += " AND ";
        run += core::ascii_lower(text(tokens[j]));
        typed += text(tokens[j]);
        ++words;
        if (auto it = table.index.find(run); it != table.index.end()) {
          // The last word of a run must not be a NEAR operand either.
          if (is_proximity(neighbour_word(j, 1))) break;
          best_end = j + 1;
          best_group = it->second;
          best_typed = words > 1 ? "(" + typed + ")" : typed;
          best_key = run;
        }
      }
      if (best_end > 0) {
        out += group_expression(table.groups[best_group], best_typed, best_key);
        i = best_end;
        continue;
      }
    }
    out += text(t);
    ++i;
  }
  return out;
}

}  // namespace hrdex::query
