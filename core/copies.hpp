// One document held twice: the same file's bytes in two places, or one UN
// document in two formats (ODS offers each symbol as PDF and as Word;
// OHCHR published Egypt's thematic list as .doc and as .docx), whose bytes
// differ but whose units read the same. Indexing both would show every hit
// twice and count it twice in facets and extracts, so `add` keeps one copy
// (indexer/write/format_copies.hpp), `merge` drops the others across
// shards, and shards searched side by side hide them.
#pragma once

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

#include "core/record.hpp"

namespace hrdex::core {

// The document records of `db` that hold `term`, in document id order.
std::vector<DocumentRecord> records_with(const Xapian::Database& db, const std::string& term);

// The number and text of each unit of a document `db` holds, in order.
std::vector<std::pair<std::string, std::string>> unit_texts(const Xapian::Database& db, const std::string& document_id);

// Whether `a` is the copy to keep rather than `b`: the one with more of its
// State, title, date, session, cycle and pages understood, then the
// format that holds the most (DOCX and ODT, PDF, HTML, DOC, text), then
// the path that sorts first. The order of the files' arrival never
// decides.
bool better_copy(const DocumentRecord& a, const DocumentRecord& b);

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

// One document in two formats in two shards built apart (`add --shard`),
// which `add` never compared: the copy a merge keeps and the one it
// leaves out, with the index of the shard holding each.
struct CopyAcrossShards {
  std::size_t kept_shard = 0, left_out_shard = 0;
  DocumentRecord kept, left_out;
};
// Every such pair, chosen as `add` chooses (better_copy). Byte-identical
// files (one content hash) are cross_shard_duplicates' (core/shards.hpp).
std::vector<CopyAcrossShards> format_copies_across(const std::vector<Xapian::Database>& shards);

// What shards searched side by side leave out so that each document shows
// once, as the merged index does:
// - `everywhere`: the ids of the documents a merge would drop as copies of
//   others (byte copies under another path, copies in another format); an
//   id of its own, so hidden in every shard;
// - `in_shard[s]`: the ids shard `s` holds that an earlier shard holds too,
//   under the same id (one file indexed under one path into two indexes);
//   hidden in that shard only, since the earlier shard's is the one kept.
struct CopiesLeftOut {
  std::vector<std::string> everywhere;
  std::vector<std::vector<std::string>> in_shard;  // one per shard
};
CopiesLeftOut copies_left_out(const std::vector<Xapian::Database>& shards);

}  // namespace hrdex::core
