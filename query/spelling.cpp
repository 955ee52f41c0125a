#include "query/spelling.hpp"

#include <algorithm>
#include <vector>

#include "core/text.hpp"
#include "query/query_check.hpp"

namespace hrdex::query {
namespace {

bool word_byte(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u >= 0x80;
}

bool is_operator(std::string_view w) {
  return w == "AND" || w == "OR" || w == "NOT" || w == "XOR" || w == "NEAR" || w == "ADJ";
}

std::string best_term(const Xapian::Database& db, const std::string& word) {
  const std::size_t limit = word.size() <= 6 ? 1 : 2;
  std::string best;
  std::size_t best_distance = limit + 1;
  Xapian::doccount best_freq = 0;
  // Unprefixed (text) terms start with a lower-case letter or a non-ASCII
  // byte; everything before "a" is prefixed or a number.
  Xapian::TermIterator it = db.allterms_begin();
  it.skip_to("a");
  for (; it != db.allterms_end(); ++it) {
    const std::string term = *it;
    if (term.size() + limit < word.size() || term.size() > word.size() + limit) continue;
    std::size_t d = edit_distance(word, term);
    if (d > limit || d == 0) continue;
    Xapian::doccount freq = it.get_termfreq();
    if (d < best_distance || (d == best_distance && freq > best_freq)) best = term, best_distance = d, best_freq = freq;
  }
  return best;
}

// The value the index holds under `prefix` nearest to `value`, "" when
// none is near enough.
std::string best_value(const Xapian::Database& db, std::string_view prefix, const std::string& value) {
  const std::size_t limit = value.size() / 3 + 1;
  std::string best;
  std::size_t best_distance = limit + 1;
  const std::string p(prefix);
  for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) {
    const std::string held = (*it).substr(p.size());
    const std::size_t d = edit_distance(value, held);
    if (d < best_distance) best = held, best_distance = d;
  }
  return best;
}

}  // namespace

std::string correct_spelling(const Xapian::Database& db, std::string_view query, std::span<const ClosedField> closed) {
  std::string out;
  bool changed = false;
  std::size_t i = 0;
  while (i < query.size()) {
    if (query[i] == ':') {
      // A field's value, quoted or up to the next space, is copied as typed.
      std::size_t end = i + 1;
      if (end < query.size() && query[end] == '"') {
        end = query.find('"', end + 1);
        end = end == std::string_view::npos ? query.size() : end + 1;
      } else {
        while (end < query.size() && query[end] != ' ' && query[end] != ')') ++end;
      }
      std::size_t name = i;
      while (name > 0 && word_byte(query[name - 1])) --name;
      const std::string field = core::ascii_lower(query.substr(name, i - name));
      const std::string value = core::ascii_lower(query.substr(i + 1, end - i - 1));
      auto is_field = [&](const ClosedField& f) { return f.field == field; };
      if (auto f = std::find_if(closed.begin(), closed.end(), is_field);
          f != closed.end() && !value.empty() && value.front() != '"' &&
          !db.term_exists(std::string(f->prefix) + value)) {
        if (std::string fix = best_value(db, f->prefix, value); !fix.empty()) {
          out += ":" + fix;
          changed = true;
          i = end;
          continue;
        }
      }
      out += query.substr(i, end - i);
      i = end;
      continue;
    }
    if (!word_byte(query[i])) {
      out.push_back(query[i++]);
      continue;
    }
    std::size_t j = i;
    while (j < query.size() && word_byte(query[j])) ++j;
    std::string_view word = query.substr(i, j - i);
    // A field name, a field's value, a wildcard or a word glued to digits
    // is not a word to correct.
    bool field = j < query.size() && query[j] == ':';
    bool glued = (j < query.size() && (query[j] == '*' || (query[j] >= '0' && query[j] <= '9'))) ||
                 (i > 0 && query[i - 1] >= '0' && query[i - 1] <= '9');
    std::string lower = core::ascii_lower(word);
    if (!field && !glued && !is_operator(word) && word.size() >= 4 && !db.term_exists(lower)) {
      std::string fix = best_term(db, lower);
      if (!fix.empty()) {
        out += fix;
        changed = true;
        i = j;
        continue;
      }
    }
    out += word;
    i = j;
  }
  return changed ? out : std::string();
}

}  // namespace hrdex::query
