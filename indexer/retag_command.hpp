// `hrdex-index retag`: applies edited taxonomies (and newly learned
// examples) to an existing index without extracting any file again: each
// unit's stored record is re-tagged and its tag terms rewritten.
#pragma once

#include <filesystem>
#include <iosfwd>

#include "indexer/tag/unit_tagger.hpp"
#include "taxonomy/source.hpp"

namespace hrdex::indexer {

struct RetagOptions {
  std::filesystem::path db;
  // Empty: the taxonomies the index was last tagged with (kMetaTaxonomies),
  // read again from their files, else the default folder.
  taxonomy::TaxonomySource taxonomies;
};

int run_retag(const RetagOptions& options, std::ostream& out, std::ostream& err);

}  // namespace hrdex::indexer
