// One UN document in two formats (ODS offers each symbol as PDF and as
// Word; OHCHR published Egypt's thematic list as .doc and as .docx): their
// bytes differ, so the hash that finds copies does not, but their units
// read the same. Indexing both would show every hit twice and count it
// twice in facets and extracts, so `add` keeps one copy: the one from
// which more was understood.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/record.hpp"
#include "indexer/write/index_writer.hpp"

namespace hrdex::indexer::write {

// The documents `writer`'s index holds, under other ids, with `doc`'s
// symbol and language whose units read the same as `doc`'s (same_units).
// A document without a symbol has none: a symbol is what says two files
// may be one document before their words are compared.
std::vector<core::DocumentRecord> format_copies(const IndexWriter& writer, const BuiltDocument& doc);

// Whether `a` is the copy to keep rather than `b`: the one with more of its
// State, title, date, session, cycle and pages understood, then the
// format that holds the most (DOCX and ODT, PDF, HTML, DOC, text), then
// the path that sorts first. The order of the files' arrival never
// decides.
bool better_copy(const core::DocumentRecord& a, const core::DocumentRecord& b);

// A unit's text as copies are compared: letters and digits, lower case.
std::string comparable_text(const std::string& text);

// Whether two documents' units read the same. Their numbered units (the
// citable ones: "92.1", "12") are compared when both have some, since
// readers of different formats split the unnumbered rest (mastheads,
// headings, notes) differently: at least 90% of the larger set must have a
// unit of the same number on the other side that begins with the same 60
// letters and digits (a PDF's footnote marks come later, if at all).
// Documents without numbers compare all their units' whole texts, 95%.
struct UnitText {
  std::string number, text;
};
bool same_units(const std::vector<UnitText>& a, const std::vector<UnitText>& b);

// What the index records about a file left out as a copy of `kept`
// (metadata core::schema::kMetaCopyPrefix + the file's document id).
std::string copy_metadata(const std::string& path, std::uint64_t size, std::int64_t mtime,
                          const core::DocumentRecord& kept);

// One document in two formats in two shards built apart (`add --shard`),
// which `add` never compared: the copy a merge keeps and the one it
// leaves out, with the index of the shard holding each.
struct CopyAcrossShards {
  std::size_t kept_shard = 0, left_out_shard = 0;
  core::DocumentRecord kept, left_out;
};
// Every such pair, chosen as `add` chooses (better_copy). Byte-identical
// files (one content hash) are core::cross_shard_duplicates' to find.
std::vector<CopyAcrossShards> format_copies_across(const std::vector<Xapian::Database>& shards);

}  // namespace hrdex::indexer::write
