#include "query/spelling.hpp"

#include <algorithm>
#include <vector>

#include "core/countries.hpp"
#include "core/schema.hpp"
#include "core/text.hpp"
#include "query/query_check.hpp"

namespace hrdex::query {
namespace {

// Values of a closed field a note lists, at most.
constexpr std::size_t kValuesListed = 25;

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

// A field's value in a query, quoted or up to the next space or ')', as
// typed: `colon` is the position of the ':' after the field's name.
struct FieldValue {
  std::string field;  // lower case
  std::string value;  // lower case
  std::size_t end = 0;  // just past the value
};

FieldValue field_value_at(std::string_view query, std::size_t colon) {
  FieldValue f;
  std::size_t end = colon + 1;
  if (end < query.size() && query[end] == '"') {
    end = query.find('"', end + 1);
    end = end == std::string_view::npos ? query.size() : end + 1;
  } else {
    while (end < query.size() && query[end] != ' ' && query[end] != ')') ++end;
  }
  std::size_t name = colon;
  while (name > 0 && word_byte(query[name - 1])) --name;
  f.field = core::ascii_lower(query.substr(name, colon - name));
  f.value = core::ascii_lower(query.substr(colon + 1, end - colon - 1));
  f.end = end;
  return f;
}

// The closed field `f` names, when its value is one to check: typed
// unquoted, and held by no term of the index.
const ClosedField* unheld_closed_value(const Xapian::Database& db, const FieldValue& f,
                                       std::span<const ClosedField> closed) {
  auto is_field = [&](const ClosedField& c) { return c.field == f.field; };
  auto c = std::find_if(closed.begin(), closed.end(), is_field);
  if (c == closed.end() || f.value.empty() || f.value.front() == '"' || db.term_exists(std::string(c->prefix) + f.value))
    return nullptr;
  return &*c;
}

}  // namespace

std::string correct_spelling(const Xapian::Database& db, std::string_view query, std::span<const ClosedField> closed) {
  std::string out;
  bool changed = false;
  std::size_t i = 0;
  while (i < query.size()) {
    if (query[i] == ':') {
      const FieldValue f = field_value_at(query, i);
      if (const ClosedField* c = unheld_closed_value(db, f, closed)) {
        if (std::string fix = best_value(db, c->prefix, f.value); !fix.empty()) {
          out += ":" + fix;
          changed = true;
          i = f.end;
          continue;
        }
      }
      out += query.substr(i, f.end - i);
      i = f.end;
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

namespace {

// What `note` says of each field:value of `query` whose field is one of
// `fields` (nothing, for an empty string).
template <typename Note>
std::vector<std::string> notes_on_fields(std::string_view query, std::span<const ClosedField> fields, Note note) {
  std::vector<std::string> notes;
  for (std::size_t i = query.find(':'); i != std::string_view::npos;) {
    const FieldValue f = field_value_at(query, i);
    i = query.find(':', f.end);
    auto is_field = [&](const ClosedField& c) { return c.field == f.field; };
    auto c = std::find_if(fields.begin(), fields.end(), is_field);
    if (c == fields.end()) continue;
    if (std::string said = note(f, *c); !said.empty()) notes.push_back(std::move(said));
  }
  return notes;
}

}  // namespace

std::vector<std::string> values_not_held(const Xapian::Database& db, std::string_view query,
                                         std::span<const ClosedField> closed) {
  return notes_on_fields(query, closed, [&](const FieldValue& f, const ClosedField& field) -> std::string {
    if (!unheld_closed_value(db, f, std::span<const ClosedField>(&field, 1))) return {};
    std::string held;
    const std::string p(field.prefix);
    std::size_t listed = 0;
    for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) {
      const std::string value = (*it).substr(p.size());
      // A longer prefix that starts with this one (L, K) begins with a capital.
      if (value.empty() || (value[0] >= 'A' && value[0] <= 'Z')) continue;
      if (++listed > kValuesListed) {
        held += ", ...";
        break;
      }
      held += (held.empty() ? "" : ", ") + value;
    }
    return "the index holds no " + f.field + " '" + f.value + "'" +
           (held.empty() ? std::string("; it holds none at all") : "; it holds " + held);
  });
}

std::vector<std::string> codes_not_held(const Xapian::Database& db, std::string_view query,
                                        std::span<const ClosedField> state_fields) {
  auto table = core::CountryTable::shared();
  if (!table.ok()) return {};
  return notes_on_fields(query, state_fields, [&](const FieldValue& f, const ClosedField& field) -> std::string {
    const bool code = f.value.size() == 3 && std::all_of(f.value.begin(), f.value.end(), [](char ch) {
      return ch >= 'a' && ch <= 'z';
    });
    if (!code || (*table)->find(f.value) || db.term_exists(core::schema::boolean_term(field.prefix, f.value)))
      return {};
    return "the index holds no " + f.field + " '" + f.value +
           "', and ISO 3166 has no such code; a State's name works too, as " + f.field + ":\"United States\"";
  });
}

}  // namespace hrdex::query
