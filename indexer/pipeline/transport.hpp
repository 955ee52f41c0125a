// How a worker process hands its result to the writer: a document with its
// units already built as Xapian documents (or the reason it could not be
// prepared), as bytes over a pipe.
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>

#include "core/expected.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer::pipeline {

// The worker builds every unit's Xapian document (terms, positions, values,
// record) so that the single writer only adds them: tokenising, stemming and
// writing records would otherwise all happen in the one writer process.
// CPU seconds a worker spent on one file, by stage (`add --timings`).
struct StageTimes {
  double reading = 0;   // extraction and understanding
  double tagging = 0;
  double building = 0;  // the units' Xapian documents, as bytes
};
// `times` travels with the document; serialize adds the building it does.
std::string serialize(const write::PreparedDocument& doc, StageTimes times = {});
core::Expected<write::BuiltDocument> deserialize(std::string_view bytes, StageTimes* times = nullptr);

// One Xapian document as bytes, and back: the same data, terms with their
// wdf and positions, and values. Exposed for its round-trip test.
std::string encode_document(const Xapian::Document& doc);
core::Expected<Xapian::Document> decode_document(std::string_view bytes);

// An error as it crosses the pipe, keeping `where` and `what` apart.
std::string serialize(const core::Error& error);
core::Error deserialize_error(const std::string& text);

}  // namespace hrdex::indexer::pipeline
