#include "indexer/pipeline/transport.hpp"

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <optional>

#include "indexer/pipeline/cpu_time.hpp"

namespace hrdex::indexer::pipeline {

namespace {

// Lengths and numbers as LEB128 varints: most are small, and a result
// carries tens of thousands of them.
void put_number(std::string& out, std::uint64_t n) {
  while (n >= 0x80) {
    out.push_back(static_cast<char>((n & 0x7f) | 0x80));
    n >>= 7;
  }
  out.push_back(static_cast<char>(n));
}

void put_string(std::string& out, std::string_view s) {
  put_number(out, s.size());
  out.append(s);
}

// Reads what put_number and put_string wrote; nullopt on truncated input.
class Reader {
 public:
  explicit Reader(std::string_view bytes) : rest_(bytes) {}
  bool done() const { return rest_.empty(); }

  std::optional<std::uint64_t> number() {
    std::uint64_t n = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (rest_.empty()) return std::nullopt;
      auto byte = static_cast<unsigned char>(rest_.front());
      rest_.remove_prefix(1);
      n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if (!(byte & 0x80)) return n;
    }
    return std::nullopt;
  }

  std::optional<std::string_view> string() {
    auto n = number();
    if (!n || *n > rest_.size()) return std::nullopt;
    std::string_view s = rest_.substr(0, *n);
    rest_.remove_prefix(*n);
    return s;
  }

 private:
  std::string_view rest_;
};

core::Error unreadable(const std::string& what) { return core::make_error("worker", "truncated or malformed " + what); }

}  // namespace

std::string encode_document(const Xapian::Document& doc) {
  std::string out;
  put_string(out, doc.get_data());
  put_number(out, doc.termlist_count());
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    put_string(out, *t);
    put_number(out, t.get_wdf());
    put_number(out, t.positionlist_count());
    Xapian::termpos last = 0;
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) {
      put_number(out, *p - last);  // positions ascend: deltas stay small
      last = *p;
    }
  }
  put_number(out, doc.values_count());
  for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
    put_number(out, v.get_valueno());
    put_string(out, *v);
  }
  return out;
}

core::Expected<Xapian::Document> decode_document(std::string_view bytes) {
  Reader in(bytes);
  Xapian::Document doc;
  auto data = in.string();
  auto terms = in.number();
  if (!data || !terms) return unreadable("document header");
  doc.set_data(std::string(*data));
  for (std::uint64_t i = 0; i < *terms; ++i) {
    auto term = in.string();
    auto wdf = in.number();
    auto positions = in.number();
    if (!term || !wdf || !positions) return unreadable("term list");
    const std::string name(*term);
    Xapian::termpos pos = 0;
    for (std::uint64_t k = 0; k < *positions; ++k) {
      auto delta = in.number();
      if (!delta) return unreadable("positions");
      pos += static_cast<Xapian::termpos>(*delta);
      doc.add_posting(name, pos, 0);
    }
    // add_posting above added no wdf: this sets it as the worker had it.
    doc.add_term(name, static_cast<Xapian::termcount>(*wdf));
  }
  auto values = in.number();
  if (!values) return unreadable("values");
  for (std::uint64_t i = 0; i < *values; ++i) {
    auto slot = in.number();
    auto value = in.string();
    if (!slot || !value) return unreadable("values");
    doc.add_value(static_cast<Xapian::valueno>(*slot), std::string(*value));
  }
  if (!in.done()) return unreadable("trailing bytes");
  return doc;
}

std::string serialize(const write::PreparedDocument& doc, StageTimes times) {
  const double start = thread_cpu_seconds();
  write::BuiltDocument built = write::build_document(doc);
  std::string out;
  put_string(out, core::to_json(built.record));
  put_number(out, built.units.size());
  for (const Xapian::Document& unit : built.units) put_string(out, encode_document(unit));
  times.building += thread_cpu_seconds() - start;
  for (double t : {times.reading, times.tagging, times.building})
    put_number(out, static_cast<std::uint64_t>(std::max(0.0, t) * 1e6));  // microseconds
  return out;
}

core::Expected<write::BuiltDocument> deserialize(std::string_view bytes, StageTimes* times) {
  if (bytes.empty()) return core::make_error("worker", "empty result from worker");
  Reader in(bytes);
  auto record_json = in.string();
  auto count = in.number();
  if (!record_json || !count) return unreadable("document record");
  write::BuiltDocument doc;
  auto record = core::document_from_json(std::string(*record_json));
  if (!record) return record.error();
  doc.record = std::move(*record);
  doc.units.reserve(*count);
  for (std::uint64_t i = 0; i < *count; ++i) {
    auto unit = in.string();
    if (!unit) return unreadable("unit " + std::to_string(i + 1));
    auto xunit = decode_document(*unit);
    if (!xunit) return xunit.error();
    doc.units.push_back(std::move(*xunit));
  }
  StageTimes taken;
  for (double* t : {&taken.reading, &taken.tagging, &taken.building}) {
    auto micros = in.number();
    if (!micros) return unreadable("stage times");
    *t = static_cast<double>(*micros) / 1e6;
  }
  if (times) *times = taken;
  if (!in.done()) return unreadable("trailing bytes");
  return doc;
}

std::string serialize(const core::Error& error) { return error.where + '\x1f' + error.what; }

core::Error deserialize_error(const std::string& text) {
  auto sep = text.find('\x1f');
  if (sep == std::string::npos) return core::make_error("", text);
  return core::make_error(text.substr(0, sep), text.substr(sep + 1));
}

}  // namespace hrdex::indexer::pipeline
