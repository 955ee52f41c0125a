// ODT (OpenDocument text) through libzip and libxml2. content.xml holds the
// body: text:h with its outline level, text:p, text:list with numbers
// replayed from the list style (prefix, format, display levels, suffix),
// tables row by row, notes after the body. meta.xml gives the metadata.
#include <libxml/tree.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/text.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/office_xml.hpp"
#include "indexer/extract/ooxml_numbering.hpp"
#include "indexer/extract/zip_archive.hpp"

namespace hrdex::indexer::extract {
namespace {

using office::attr;
using office::child;
using office::is;

constexpr const char* kKind = "ODT";
constexpr int kMaxLevels = 10;
// Spreadsheet-style repetition counts come from the file; an empty cell
// "repeated" a million times must not become a million strings.
constexpr long kMaxRepeat = 64;

long to_long(const std::string& s, long fallback) {
  if (s.empty()) return fallback;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (end == s.c_str() || v < -1000000 || v > 1000000) return fallback;
  return v;
}

struct ListLevel {
  bool bullet = false;
  std::string bullet_char;
  std::string format = "1";  // style:num-format: 1, a, A, i, I or empty
  std::string prefix;
  std::string suffix;
  int display_levels = 1;
  long start = 1;
};

using ListStyle = std::array<ListLevel, kMaxLevels>;

void read_list_styles(const xmlNode* container, std::map<std::string, ListStyle>& out) {
  for (const xmlNode* s = container ? container->children : nullptr; s; s = s->next) {
    if (!is(s, "list-style")) continue;
    ListStyle& style = out[attr(s, "name")];
    for (const xmlNode* l = s->children; l; l = l->next) {
      bool number = is(l, "list-level-style-number");
      bool bullet = is(l, "list-level-style-bullet");
      if (!number && !bullet) continue;
      long level = to_long(attr(l, "level"), 0);
      if (level < 1 || level > kMaxLevels) continue;
      ListLevel& lvl = style[static_cast<std::size_t>(level - 1)];
      lvl.bullet = bullet;
      lvl.bullet_char = attr(l, "bullet-char");
      if (number) {
        lvl.format = attr(l, "num-format");
        lvl.prefix = attr(l, "num-prefix");
        lvl.suffix = attr(l, "num-suffix");
        lvl.display_levels = static_cast<int>(std::clamp(to_long(attr(l, "display-levels"), 1), 1L, long{kMaxLevels}));
        lvl.start = to_long(attr(l, "start-value"), 1);
      }
    }
  }
}

std::string odf_counter(long value, const std::string& format) {
  if (format.empty()) return {};
  if (format == "a") return ooxml::format_counter(value, "lowerLetter");
  if (format == "A") return ooxml::format_counter(value, "upperLetter");
  if (format == "i") return ooxml::format_counter(value, "lowerRoman");
  if (format == "I") return ooxml::format_counter(value, "upperRoman");
  return std::to_string(value);
}

struct ParagraphStyle {
  std::string parent;
  int outline = 0;  // style:default-outline-level
};

struct NoteRef {
  std::string citation;
  const xmlNode* body = nullptr;
  int page = 0;
};

class Walker {
 public:
  Walker(ExtractedDocument& doc, const std::map<std::string, ListStyle>& lists,
         const std::map<std::string, ParagraphStyle>& paragraph_styles, bool has_page_marks)
      : doc_(doc), lists_(lists), paragraph_styles_(paragraph_styles), page_(has_page_marks ? 1 : 0) {}

  void content(const xmlNode* first) {
    for (const xmlNode* n = first; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (is(n, "h")) {
        paragraph(n, static_cast<int>(std::clamp(to_long(attr(n, "outline-level"), 1), 1L, 10L)));
      } else if (is(n, "p")) {
        paragraph(n, 0);
      } else if (is(n, "list")) {
        list(n);
      } else if (is(n, "table")) {
        table(n);
      } else if (is(n, "soft-page-break")) {
        if (page_ > 0) ++page_;
      } else if (is(n, "section")) {
        content(n->children);
      }
    }
  }

  const std::vector<NoteRef>& notes() const { return notes_; }
  int page() const { return page_; }

  std::string note_text(const xmlNode* body) {
    std::vector<std::string> parts;
    std::vector<std::string>* outer = cell_;
    cell_ = &parts;
    in_note_ = true;
    const bool keep_lines = std::exchange(keep_lines_, false);
    content(body->children);
    keep_lines_ = keep_lines;
    in_note_ = false;
    cell_ = outer;
    return join(parts, " ");
  }

 private:
  static std::string join(const std::vector<std::string>& parts, const char* sep) {
    std::string out;
    for (const std::string& s : parts) {
      if (s.empty()) continue;
      if (!out.empty()) out += sep;
      out += s;
    }
    return out;
  }

  int heading_of_style(std::string name) const {
    for (int depth = 0; depth < 16 && !name.empty(); ++depth) {
      std::string lower = core::ascii_lower(name);
      if (lower == "title") return 1;
      if (lower == "subtitle") return 2;
      auto it = paragraph_styles_.find(name);
      if (it == paragraph_styles_.end()) break;
      if (it->second.outline > 0) return it->second.outline;
      name = it->second.parent;
    }
    return 0;
  }

  void list(const xmlNode* list_node) {
    std::string style = attr(list_node, "style-name");
    bool top = depth_ == 0;
    if (top) {
      // A new top-level list restarts its numbers unless it says it
      // continues the previous one.
      bool continues = attr(list_node, "continue-numbering") == "true" || has_attr_any(list_node, "continue-list");
      if (!style.empty()) current_style_ = style;
      if (!continues) counters_[current_style_] = {};
    } else if (!style.empty() && style != current_style_) {
      current_style_ = style;
    }
    ++depth_;
    for (const xmlNode* item = list_node->children; item; item = item->next) {
      if (!is(item, "list-item") && !is(item, "list-header")) continue;
      pending_item_ = is(item, "list-item");
      item_start_ = to_long(attr(item, "start-value"), -1);
      for (const xmlNode* c = item->children; c; c = c->next) {
        if (is(c, "list")) {
          // An item that holds only a nested list is not counted itself.
          pending_item_ = false;
          list(c);
        } else if (is(c, "p") || is(c, "h")) {
          int heading = is(c, "h") ? static_cast<int>(std::clamp(to_long(attr(c, "outline-level"), 1), 1L, 10L)) : 0;
          paragraph(c, heading);
        } else if (is(c, "table")) {
          table(c);
        } else if (is(c, "soft-page-break")) {
          if (page_ > 0) ++page_;
        }
      }
    }
    --depth_;
  }

  static bool has_attr_any(const xmlNode* n, const char* name) { return office::has_attr(n, name); }

  // The number this list item shows, advancing the counters.
  std::string next_number() {
    auto& counters = counters_[current_style_];
    int level = std::min(depth_, kMaxLevels) - 1;
    auto found = lists_.find(current_style_);
    ListLevel def;
    if (found != lists_.end()) def = found->second[static_cast<std::size_t>(level)];
    auto u = static_cast<std::size_t>(level);
    if (item_start_ >= 0) counters.value[u] = item_start_;
    else if (!counters.started[u]) counters.value[u] = def.start;
    else ++counters.value[u];
    counters.started[u] = true;
    for (std::size_t d = u + 1; d < kMaxLevels; ++d) counters.started[d] = false;
    if (def.bullet) return def.bullet_char.empty() ? "•" : def.bullet_char;
    if (def.format.empty()) return {};
    std::string number;
    int first = std::max(0, level - def.display_levels + 1);
    for (int l = first; l <= level; ++l) {
      ListLevel shown = found != lists_.end() ? found->second[static_cast<std::size_t>(l)] : ListLevel{};
      long value = counters.started[static_cast<std::size_t>(l)] ? counters.value[static_cast<std::size_t>(l)] : shown.start;
      if (!number.empty()) number += '.';
      number += odf_counter(value, shown.format.empty() ? "1" : shown.format);
    }
    return def.prefix + number + def.suffix;
  }

  void paragraph(const xmlNode* p, int heading) {
    if (heading == 0) heading = heading_of_style(attr(p, "style-name"));
    std::string number;
    int level = 0;
    if (depth_ > 0 && pending_item_ && !in_note_) {
      pending_item_ = false;
      number = next_number();
      level = depth_ - 1;
    }
    std::string text;
    int first_page = -1;
    inline_text(p->children, text, first_page);
    std::string clean = keep_lines_ ? office::clean_lines(text) : office::clean_text(text);
    if (clean.empty()) return;
    if (cell_) {
      cell_->push_back(number.empty() ? clean : number + " " + clean);
      return;
    }
    Block b;
    b.text = std::move(clean);
    b.number = std::move(number);
    b.page = first_page >= 0 ? first_page : page_;
    if (heading > 0) {
      b.kind = BlockKind::heading;
      b.level = heading;
    } else if (depth_ > 0) {
      b.kind = BlockKind::list_item;
      b.level = level;
    }
    doc_.blocks.push_back(std::move(b));
  }

  void inline_text(const xmlNode* first, std::string& out, int& first_page) {
    for (const xmlNode* n = first; n; n = n->next) {
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (!n->content) continue;
        std::string_view t(reinterpret_cast<const char*>(n->content));
        if (first_page < 0 && !core::trim(t).empty()) first_page = page_;
        out += t;
        continue;
      }
      if (n->type != XML_ELEMENT_NODE) continue;
      if (is(n, "s")) {
        out += ' ';
      } else if (is(n, "line-break")) {
        out += keep_lines_ ? office::kLineBreak : ' ';
      } else if (is(n, "tab")) {
        out += ' ';
      } else if (is(n, "soft-page-break")) {
        if (page_ > 0) ++page_;
      } else if (is(n, "note")) {
        if (in_note_) continue;
        NoteRef ref;
        ref.citation = office::clean_text(office::text_content(child(n, "note-citation")));
        ref.body = child(n, "note-body");
        ref.page = page_;
        if (ref.body) notes_.push_back(ref);
      } else if (is(n, "annotation") || is(n, "annotation-end") || is(n, "frame") || is(n, "custom-shape")) {
        continue;
      } else {
        inline_text(n->children, out, first_page);
      }
    }
  }

  void table(const xmlNode* t) {
    for (const xmlNode* c = t->children; c; c = c->next) {
      if (is(c, "table-row")) {
        long repeat = std::clamp(to_long(attr(c, "number-rows-repeated"), 1), 1L, kMaxRepeat);
        for (long i = 0; i < repeat; ++i) row(c);
      } else if (is(c, "table-header-rows") || is(c, "table-rows") || is(c, "table-row-group")) {
        table(c);
      }
    }
  }

  void row(const xmlNode* tr) {
    Block b;
    b.kind = BlockKind::table_row;
    b.page = page_;
    for (const xmlNode* c = tr->children; c; c = c->next) {
      if (!is(c, "table-cell")) continue;  // covered cells belong to a merged neighbour
      std::vector<std::string> parts;
      std::vector<std::string>* outer = cell_;
      cell_ = &parts;
      int saved_depth = depth_;
      depth_ = 0;
      const bool keep_lines = std::exchange(keep_lines_, true);
      content(c->children);
      keep_lines_ = keep_lines;
      depth_ = saved_depth;
      cell_ = outer;
      std::string text = join(parts, "\n");
      long repeat = std::clamp(to_long(attr(c, "number-columns-repeated"), 1), 1L, kMaxRepeat);
      for (long i = 0; i < repeat; ++i) b.cells.push_back(text);
    }
    // Trailing empty cells are the spreadsheet-style padding of the grid.
    while (!b.cells.empty() && b.cells.back().empty()) b.cells.pop_back();
    b.text = table_row_text(b.cells);
    if (b.text.empty()) return;
    if (cell_) {
      cell_->push_back(b.text);
      return;
    }
    doc_.blocks.push_back(std::move(b));
  }

  struct Counters {
    std::array<long, kMaxLevels> value{};
    std::array<bool, kMaxLevels> started{};
  };

  ExtractedDocument& doc_;
  const std::map<std::string, ListStyle>& lists_;
  const std::map<std::string, ParagraphStyle>& paragraph_styles_;
  int page_;
  int depth_ = 0;
  bool pending_item_ = false;
  long item_start_ = -1;
  bool in_note_ = false;
  std::string current_style_;
  std::map<std::string, Counters> counters_;
  std::vector<std::string>* cell_ = nullptr;
  bool keep_lines_ = false;  // inside a table cell: line breaks separate entries
  std::vector<NoteRef> notes_;
};

void read_paragraph_styles(const xmlNode* container, std::map<std::string, ParagraphStyle>& out) {
  for (const xmlNode* s = container ? container->children : nullptr; s; s = s->next) {
    if (!is(s, "style") || attr(s, "family") != "paragraph") continue;
    ParagraphStyle& style = out[attr(s, "name")];
    style.parent = attr(s, "parent-style-name");
    style.outline = static_cast<int>(std::clamp(to_long(attr(s, "default-outline-level"), 0), 0L, 10L));
  }
}

void read_meta(const xmlDoc* meta_xml, Metadata& meta) {
  const xmlNode* root = xmlDocGetRootElement(meta_xml);
  const xmlNode* m = child(root, "meta");
  std::string initial_creator;
  for (const xmlNode* n = m ? m->children : nullptr; n; n = n->next) {
    if (is(n, "title")) {
      meta.title = office::clean_text(office::text_content(n));
      meta.title_from_properties = !meta.title.empty();
    } else if (is(n, "creator")) meta.author = office::clean_text(office::text_content(n));
    else if (is(n, "initial-creator")) initial_creator = office::clean_text(office::text_content(n));
    else if (is(n, "creation-date") || is(n, "date") || is(n, "print-date"))
      office::keep_earliest_date(meta.created, office::text_content(n));
    else if (is(n, "language")) meta.language = office::iso639_1(office::text_content(n));
    else if (is(n, "document-statistic")) meta.page_count = static_cast<int>(std::max(0L, to_long(attr(n, "page-count"), 0)));
  }
  // The author is who wrote it, not who saved it last.
  if (!initial_creator.empty()) meta.author = initial_creator;
}

// The default language of the document's styles (fo:language + fo:country).
std::string styles_language(const xmlDoc* styles) {
  const xmlNode* root = styles ? xmlDocGetRootElement(styles) : nullptr;
  const xmlNode* s = child(root, "styles");
  for (const xmlNode* d = s ? s->children : nullptr; d; d = d->next) {
    if (!is(d, "default-style") || attr(d, "family") != "paragraph") continue;
    return attr(child(d, "text-properties"), "language");
  }
  return {};
}

}  // namespace

core::Expected<ExtractedDocument> extract_odt(std::string_view bytes) {
  auto zip = ZipArchive::open(bytes, kKind);
  if (!zip) return zip.error();
  if (!zip->contains("content.xml")) return core::make_error("", "not a readable ODT (content.xml is missing)");
  auto content_bytes = zip->read("content.xml");
  if (!content_bytes) return content_bytes.error();
  auto content = office::parse_xml(*content_bytes, kKind, "content.xml");
  if (!content) return content.error();
  bool has_page_marks = content_bytes->find("soft-page-break") != std::string::npos;
  content_bytes->clear();

  ExtractedDocument doc;
  doc.format = Format::odt;
  std::optional<office::XmlDocument> styles_xml, meta_xml;
  for (auto [name, slot] : {std::pair{"styles.xml", &styles_xml}, std::pair{"meta.xml", &meta_xml}}) {
    if (!zip->contains(name)) continue;
    auto part = zip->read(name);
    if (!part) {
      if (part.error().what.rfind("zip bomb guard", 0) == 0) return part.error();
      doc.warnings.push_back(std::string(name) + " skipped: " + part.error().what);
      continue;
    }
    auto xml = office::parse_xml(*part, kKind, name);
    if (!xml) {
      doc.warnings.push_back(std::string(name) + " skipped: " + xml.error().what);
      continue;
    }
    *slot = std::move(xml).value();
  }

  std::map<std::string, ListStyle> lists;
  std::map<std::string, ParagraphStyle> paragraph_styles;
  const xmlNode* root = xmlDocGetRootElement(content->get());
  if (styles_xml) {
    const xmlNode* sroot = xmlDocGetRootElement(styles_xml->get());
    read_list_styles(child(sroot, "styles"), lists);
    read_paragraph_styles(child(sroot, "styles"), paragraph_styles);
    read_list_styles(child(sroot, "automatic-styles"), lists);
  }
  read_list_styles(child(root, "automatic-styles"), lists);
  read_paragraph_styles(child(root, "automatic-styles"), paragraph_styles);

  const xmlNode* text = child(child(root, "body"), "text");
  if (!text) return core::make_error("", "not a readable ODT (content.xml has no text body; a spreadsheet or drawing?)");
  Walker walker(doc, lists, paragraph_styles, has_page_marks);
  walker.content(text->children);
  for (const NoteRef& ref : walker.notes()) {
    Block b;
    b.kind = BlockKind::footnote;
    b.number = ref.citation;
    b.page = ref.page;
    b.text = walker.note_text(ref.body);
    if (!b.text.empty()) doc.blocks.push_back(std::move(b));
  }

  if (meta_xml) read_meta(meta_xml->get(), doc.meta);
  if (doc.meta.language.empty() && styles_xml) doc.meta.language = office::iso639_1(styles_language(styles_xml->get()));
  if (doc.meta.page_count == 0 && has_page_marks) doc.meta.page_count = walker.page();
  office::fill_title_from_headings(doc);
  if (doc.blocks.empty()) return core::make_error("", "no text in ODT");
  return doc;
}

}  // namespace hrdex::indexer::extract
