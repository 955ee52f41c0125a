// JSON text appended straight to a string, byte for byte what dump_json
// (nlohmann's dump, compact, invalid UTF-8 replaced) prints of the same
// values, without building nlohmann's tree first: a search answer with
// facets holds hundreds of values, and building and then printing the
// tree was a sixth of hrdex-serve's time on such a search.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hrdex::query {

// "s" with JSON's escapes; valid UTF-8 passes through as is, and a string
// that is not valid UTF-8 is printed as nlohmann prints it (U+FFFD for
// each bad sequence).
void append_json(std::string& out, std::string_view s);
inline void append_json(std::string& out, const char* s) { append_json(out, std::string_view(s)); }
inline void append_json(std::string& out, const std::string& s) { append_json(out, std::string_view(s)); }
void append_json(std::string& out, long long n);
void append_json(std::string& out, unsigned long long n);
inline void append_json(std::string& out, int n) { append_json(out, static_cast<long long>(n)); }
inline void append_json(std::string& out, unsigned n) { append_json(out, static_cast<unsigned long long>(n)); }
inline void append_json(std::string& out, unsigned long n) { append_json(out, static_cast<unsigned long long>(n)); }
inline void append_json(std::string& out, long n) { append_json(out, static_cast<long long>(n)); }
// As nlohmann prints a double (shortest round trip; NaN and infinities as null).
void append_json(std::string& out, double x);
void append_json(std::string& out, bool b);
void append_json(std::string& out, const std::vector<std::string>& list);

// ,"key":value or "key":value: the key and its value, after a comma unless
// it is the object's first member.
template <typename T>
void append_member(std::string& out, std::string_view key, const T& value, bool first = false) {
  if (!first) out += ',';
  append_json(out, key);
  out += ':';
  append_json(out, value);
}

}  // namespace hrdex::query
