// How a worker process hands its result to the writer: a prepared document
// (or the reason it could not be prepared) as text over a pipe.
#pragma once

#include <string>

#include "core/expected.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer::pipeline {

// One line of JSON for the document record, then one per unit: records are
// JSON objects, and JSON escapes every newline inside them.
std::string serialize(const write::PreparedDocument& doc);
core::Expected<write::PreparedDocument> deserialize(const std::string& text);

// An error as it crosses the pipe, keeping `where` and `what` apart.
std::string serialize(const core::Error& error);
core::Error deserialize_error(const std::string& text);

}  // namespace hrdex::indexer::pipeline
