// A value or an error, for failures a caller is expected to handle
// (a bad file, a bad query). Exceptions are kept for abandoning a whole run.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace hrdex::core {

// What went wrong, in words a user can act on. `where` names the file, the
// index or the argument ("report.pdf", "report.pdf:page 3", "query:12"), so
// that the top level prints "where: what".
struct Error {
  std::string where;
  std::string what;

  std::string message() const { return where.empty() ? what : where + ": " + what; }
};

inline Error make_error(std::string where, std::string what) { return Error{std::move(where), std::move(what)}; }

template <class T>
class [[nodiscard]] Expected {
 public:
  Expected(T value) : state_(std::move(value)) {}
  Expected(Error error) : state_(std::move(error)) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For operations that produce nothing but may fail.
struct Done {};
using Status = Expected<Done>;
inline Status ok_status() { return Done{}; }

}  // namespace hrdex::core
