// Acronyms and names that mean the same thing ("ICCPR" and "International
// Covenant on Civil and Political Rights"), expanded when a query is parsed
// so that either form finds both. Expanding at query time, rather than
// storing Xapian synonyms in the index, means an edited synonyms file takes
// effect at once, without reindexing.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/expected.hpp"

namespace hrdex::query {

struct SynonymTable {
  std::vector<std::vector<std::string>> groups;  // each form as written
  std::map<std::string, std::size_t> index;      // lower-cased form -> group
  std::size_t longest = 0;                       // words in the longest form
};

// Adds the groups of a synonyms file's text to `table`; a form already in
// another group merges the two groups. Errors are "FILE:LINE: problem".
core::Status parse_synonyms(std::string_view text, std::string_view file_name, SynonymTable& table);
core::Status load_synonyms(const std::filesystem::path& file, SynonymTable& table);

// The synonyms file shipped with hrdex: synonyms.txt in the data folder
// (core/data_dir.hpp; corpus/synonyms.txt in the source tree). A missing
// one is an error saying where hrdex looked.
core::Expected<std::filesystem::path> default_synonyms_file();

// What a program searches with: the shipped file and then each of `files`;
// an empty table when `none` (which needs no data folder).
core::Expected<SynonymTable> load_synonym_files(const std::vector<std::string>& files, bool none);

// `query` with each word, run of words or quoted phrase that is a known form
// replaced by `(form OR "other form" ...)`, and each UN symbol typed as a
// word (A/HRC/16/11) by `(symbol:A/HRC/16/11 OR A/HRC/16/11)`: the document
// of that symbol, its units, and the texts that cite it. Field values, +/-
// words and the operands of NEAR/ADJ are left alone, since a bracket is not
// allowed there.
std::string expand_synonyms(std::string_view query, const SynonymTable& table);

}  // namespace hrdex::query
