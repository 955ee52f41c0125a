// DOCX (Office Open XML) through libzip and libxml2. word/document.xml gives
// the paragraphs and tables in order; styles.xml tells headings (Word's
// "heading N", Title, outline levels, and the UN templates' HChG, H1G, H23G
// styles) and style-borne numbering; numbering.xml gives list numbers as
// Word displays them; footnotes.xml and endnotes.xml the notes, which come
// after the body in the order they are first referenced.
#include <libxml/tree.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
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

constexpr const char* kKind = "DOCX";

bool flag_on(const xmlNode* flag) {
  if (!flag) return false;
  std::string v = attr(flag, "val");
  return v.empty() || (v != "0" && v != "false" && v != "off");
}

int to_int(const std::string& s, int fallback) {
  if (s.empty()) return fallback;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (end == s.c_str() || v < -100000 || v > 100000) return fallback;
  return static_cast<int>(v);
}

struct Style {
  std::string name;
  std::string based_on;
  int outline = -1;
  bool has_numpr = false;
  std::string num_id;
  int ilvl = -1;
};

// The heading level a style name or id implies: Word's built-in names, and
// the UN templates' styles ("_ H _Ch_G" is a chapter heading, "_ H_1_G" the
// next level down, then H_2/3_G, H_4_G, H_5/6_G; "_ H __M_G" is the main
// title). 0 when the style is not a heading.
int heading_level_of_name(const std::string& raw) {
  std::string s;
  for (char c : core::ascii_lower(raw))
    if (c != ' ' && c != '_' && c != '/') s += c;
  if (s == "title") return 1;
  if (s == "subtitle") return 2;
  if (s.rfind("heading", 0) == 0 && s.size() == 8 && s[7] >= '1' && s[7] <= '9') return s[7] - '0';
  if (s.size() < 2 || s[0] != 'h') return 0;
  std::string rest = s.substr(1);
  for (const char* suffix : {"gr", "g", "r"}) {
    std::string suf(suffix);
    if (rest.size() > suf.size() && rest.compare(rest.size() - suf.size(), suf.size(), suf) == 0) {
      rest.resize(rest.size() - suf.size());
      break;
    }
  }
  if (rest == "m" || rest == "ch") return 1;
  if (rest == "1") return 2;
  if (rest == "23") return 3;
  if (rest == "4") return 4;
  if (rest == "56") return 5;
  return 0;
}

class Styles {
 public:
  void load(const xmlDoc* styles) {
    if (!styles) return;
    const xmlNode* root = xmlDocGetRootElement(styles);
    for (const xmlNode* n = root ? root->children : nullptr; n; n = n->next) {
      if (is(n, "docDefaults")) {
        const xmlNode* lang = child(child(child(n, "rPrDefault"), "rPr"), "lang");
        default_language_ = attr(lang, "val");
        continue;
      }
      if (!is(n, "style")) continue;
      std::string type = attr(n, "type");
      std::string id = attr(n, "styleId");
      Style style;
      style.name = attr(child(n, "name"), "val");
      style.based_on = attr(child(n, "basedOn"), "val");
      const xmlNode* ppr = child(n, "pPr");
      if (const xmlNode* o = child(ppr, "outlineLvl")) style.outline = to_int(attr(o, "val"), -1);
      if (const xmlNode* numpr = child(ppr, "numPr")) {
        style.has_numpr = true;
        style.num_id = attr(child(numpr, "numId"), "val");
        style.ilvl = to_int(attr(child(numpr, "ilvl"), "val"), -1);
      }
      if (type == "numbering") {
        if (style.has_numpr) num_style_links_[id] = style.num_id;
        continue;
      }
      if (type != "paragraph" && !type.empty()) continue;
      if (flag_on(child(n, "default")) || attr(n, "default") == "1" || attr(n, "default") == "true")
        default_paragraph_ = id;
      styles_[id] = std::move(style);
    }
  }

  const std::string& default_paragraph() const { return default_paragraph_; }
  const std::string& default_language() const { return default_language_; }
  const std::map<std::string, std::string>& num_style_links() const { return num_style_links_; }

  // The style and its ancestors, nearest first; cycles and long chains cut.
  std::vector<std::pair<std::string, const Style*>> chain(const std::string& id) const {
    std::vector<std::pair<std::string, const Style*>> out;
    std::string cur = id;
    for (int depth = 0; depth < 16 && !cur.empty(); ++depth) {
      auto it = styles_.find(cur);
      if (it == styles_.end()) break;
      out.emplace_back(cur, &it->second);
      cur = it->second.based_on;
    }
    return out;
  }

  int heading_level(const std::string& id) const {
    for (const auto& [sid, style] : chain(id)) {
      if (int l = heading_level_of_name(style->name)) return l;
      if (int l = heading_level_of_name(sid)) return l;
      if (style->outline >= 0 && style->outline < 9) return style->outline + 1;
    }
    return 0;
  }

 private:
  std::map<std::string, Style> styles_;
  std::map<std::string, std::string> num_style_links_;
  std::string default_paragraph_;
  std::string default_language_;
};

// A note referenced from the body, in order of first reference.
struct NoteRef {
  bool endnote = false;
  std::string id;
  std::string number;
  int page = 0;
};

// What one paragraph yields before it becomes a block or part of a cell.
struct Paragraph {
  std::string text;
  std::string number;
  int heading = 0;
  int ilvl = 0;
  int page = 0;
};

class Walker {
 public:
  Walker(ExtractedDocument& doc, const Styles& styles, ooxml::Numbering& numbering, bool has_page_marks)
      : doc_(doc), styles_(styles), numbering_(numbering), page_(has_page_marks ? 1 : 0) {}

  // Body-level content: paragraphs, tables and the wrappers around them.
  void content(const xmlNode* first) {
    for (const xmlNode* n = first; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (is(n, "p")) {
        paragraph(n);
      } else if (is(n, "tbl")) {
        table(n);
      } else if (is(n, "sdt")) {
        content(child(n, "sdtContent") ? child(n, "sdtContent")->children : nullptr);
      } else if (is(n, "customXml") || is(n, "ins") || is(n, "moveTo") || is(n, "smartTag") || is(n, "body") ||
                 is(n, "txbxContent")) {
        content(n->children);
      } else if (is(n, "AlternateContent")) {
        content(first_choice(n));
      }
    }
  }

  const std::vector<NoteRef>& notes() const { return notes_; }
  int page() const { return page_; }

  // Text of a footnote or endnote body: its paragraphs joined.
  std::string note_text(const xmlNode* note) {
    std::vector<std::string> parts;
    std::vector<std::string>* outer = cell_;
    cell_ = &parts;
    in_note_ = true;
    const bool keep_lines = std::exchange(keep_lines_, false);
    content(note->children);
    keep_lines_ = keep_lines;
    in_note_ = false;
    cell_ = outer;
    std::string out;
    for (const std::string& s : parts) {
      if (s.empty()) continue;
      if (!out.empty()) out += ' ';
      out += s;
    }
    return out;
  }

 private:
  static const xmlNode* first_choice(const xmlNode* alternate) {
    for (const xmlNode* c = alternate->children; c; c = c->next)
      if (is(c, "Choice") || is(c, "Fallback")) return c->children;
    return nullptr;
  }

  void paragraph(const xmlNode* p) {
    Paragraph para;
    const xmlNode* ppr = child(p, "pPr");
    std::string style = attr(child(ppr, "pStyle"), "val");
    if (style.empty()) style = styles_.default_paragraph();

    para.heading = styles_.heading_level(style);
    if (const xmlNode* o = child(ppr, "outlineLvl")) {
      int lvl = to_int(attr(o, "val"), -1);
      if (lvl >= 0 && lvl < 9) para.heading = lvl + 1;
      if (lvl == 9) para.heading = 0;
    }

    std::optional<std::pair<std::string, int>> numbered = numbering_of(ppr, style);
    if (numbered && !in_note_) {
      para.number = numbering_.next(numbered->first, numbered->second);
      para.ilvl = numbered->second;
    }

    boxes_.clear();
    std::string text;
    int first_page = -1;
    runs(p->children, text, first_page);
    para.text = keep_lines_ ? office::clean_lines(text) : office::clean_text(text);
    para.page = first_page >= 0 ? first_page : page_;
    std::vector<const xmlNode*> boxes = std::move(boxes_);
    boxes_.clear();
    emit(std::move(para));
    // Text boxes anchored in the paragraph read after it.
    for (const xmlNode* box : boxes) content(box->children);
  }

  // The (numId, ilvl) that numbers this paragraph: its own numPr, else the
  // nearest style's; numId 0 switches numbering off.
  std::optional<std::pair<std::string, int>> numbering_of(const xmlNode* ppr, const std::string& style) const {
    std::string num_id;
    int ilvl = -1;
    bool found = false;
    if (const xmlNode* numpr = child(ppr, "numPr")) {
      if (const xmlNode* id = child(numpr, "numId")) {
        num_id = attr(id, "val");
        found = true;
      }
      ilvl = to_int(attr(child(numpr, "ilvl"), "val"), -1);
    }
    std::string style_with_numbering;
    for (const auto& [sid, s] : styles_.chain(style)) {
      if (!s->has_numpr) continue;
      if (!found && !s->num_id.empty()) {
        num_id = s->num_id;
        found = true;
      }
      if (ilvl < 0 && s->ilvl >= 0) ilvl = s->ilvl;
      if (style_with_numbering.empty()) style_with_numbering = sid;
    }
    if (!found || num_id.empty() || num_id == "0") return std::nullopt;
    if (ilvl < 0 && !style_with_numbering.empty()) ilvl = numbering_.level_for_style(num_id, style_with_numbering);
    if (ilvl < 0) ilvl = 0;
    if (ilvl >= ooxml::kLevels) return std::nullopt;
    return std::make_pair(num_id, ilvl);
  }

  // Visible text of runs and of the inline wrappers around them.
  void runs(const xmlNode* first, std::string& out, int& first_page) {
    for (const xmlNode* n = first; n; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      if (is(n, "r")) {
        if (flag_on(child(child(n, "rPr"), "vanish"))) continue;
        run(n, out, first_page);
      } else if (is(n, "pPr") || is(n, "rPr") || is(n, "del") || is(n, "moveFrom") || is(n, "bookmarkStart") ||
                 is(n, "bookmarkEnd") || is(n, "proofErr") || is(n, "commentRangeStart") ||
                 is(n, "commentRangeEnd")) {
        continue;
      } else if (is(n, "sdt")) {
        runs(child(n, "sdtContent") ? child(n, "sdtContent")->children : nullptr, out, first_page);
      } else if (is(n, "AlternateContent")) {
        runs(first_choice(n), out, first_page);
      } else if (is(n, "t")) {
        // Office Math keeps its text in m:t outside w:r.
        if (instruction_depth_ == 0) append(out, office::text_content(n), first_page);
      } else {
        runs(n->children, out, first_page);
      }
    }
  }

  void append(std::string& out, const std::string& text, int& first_page) {
    if (text.empty()) return;
    if (first_page < 0 && !core::trim(text).empty()) first_page = page_;
    out += text;
  }

  void run(const xmlNode* r, std::string& out, int& first_page) {
    for (const xmlNode* c = r->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is(c, "fldChar")) {
        std::string type = attr(c, "fldCharType");
        if (type == "begin") {
          fields_.push_back(true);
          ++instruction_depth_;
        } else if (type == "separate" && !fields_.empty() && fields_.back()) {
          fields_.back() = false;
          --instruction_depth_;
        } else if (type == "end" && !fields_.empty()) {
          if (fields_.back()) --instruction_depth_;
          fields_.pop_back();
        }
        continue;
      }
      if (instruction_depth_ > 0) continue;
      if (is(c, "t")) {
        append(out, office::text_content(c), first_page);
      } else if (is(c, "br") || is(c, "cr")) {
        out += keep_lines_ ? office::kLineBreak : ' ';
      } else if (is(c, "tab") || is(c, "ptab")) {
        out += ' ';
      } else if (is(c, "noBreakHyphen")) {
        out += '-';
      } else if (is(c, "lastRenderedPageBreak")) {
        if (page_ > 0) ++page_;
      } else if (is(c, "footnoteReference") || is(c, "endnoteReference")) {
        note_reference(c);
      } else if (is(c, "drawing") || is(c, "pict") || is(c, "object") || is(c, "AlternateContent")) {
        find_boxes(c, 0);
      }
    }
  }

  void find_boxes(const xmlNode* node, int depth) {
    if (depth > 32) return;
    for (const xmlNode* c = node->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      if (is(c, "txbxContent")) {
        boxes_.push_back(c);
      } else if (is(c, "AlternateContent")) {
        // Choice and Fallback hold the same text box twice.
        for (const xmlNode* alt = c->children; alt; alt = alt->next)
          if (is(alt, "Choice") || is(alt, "Fallback")) {
            find_boxes(alt, depth + 1);
            break;
          }
      } else {
        find_boxes(c, depth + 1);
      }
    }
  }

  void note_reference(const xmlNode* ref) {
    if (in_note_) return;
    NoteRef note;
    note.endnote = is(ref, "endnoteReference");
    note.id = attr(ref, "id");
    note.page = page_;
    // A custom mark is typed in the run that follows and stays in the text;
    // the note then takes no automatic number.
    std::string custom = attr(ref, "customMarkFollows");
    if (custom != "1" && custom != "true" && custom != "on") {
      int& counter = note.endnote ? endnote_counter_ : footnote_counter_;
      ++counter;
      note.number = note.endnote ? ooxml::format_counter(counter, "lowerRoman") : std::to_string(counter);
    }
    notes_.push_back(std::move(note));
  }

  void table(const xmlNode* tbl) {
    for_each(tbl, "tr", [&](const xmlNode* tr) { row(tr); });
  }

  // Rows and cells may sit inside content controls and custom XML wrappers.
  template <class F>
  void for_each(const xmlNode* parent, const char* name, F&& f, int depth = 0) {
    if (depth > 8) return;
    for (const xmlNode* c = parent->children; c; c = c->next) {
      if (is(c, name)) f(c);
      else if (is(c, "sdt")) {
        if (const xmlNode* sc = child(c, "sdtContent")) for_each(sc, name, f, depth + 1);
      } else if (is(c, "customXml") || is(c, "ins")) {
        for_each(c, name, f, depth + 1);
      }
    }
  }

  void row(const xmlNode* tr) {
    Block b;
    b.kind = BlockKind::table_row;
    b.page = page_;
    bool page_set = false;
    for_each(tr, "tc", [&](const xmlNode* tc) {
      std::vector<std::string> parts;
      std::vector<std::string>* outer = cell_;
      cell_ = &parts;
      int before = first_text_page_;
      first_text_page_ = -1;
      const bool keep_lines = std::exchange(keep_lines_, true);
      content(tc->children);
      keep_lines_ = keep_lines;
      if (!page_set && first_text_page_ >= 0) {
        b.page = first_text_page_;
        page_set = true;
      }
      first_text_page_ = before;
      cell_ = outer;
      std::string text;
      for (const std::string& s : parts) {
        if (s.empty()) continue;
        if (!text.empty()) text += '\n';
        text += s;
      }
      b.cells.push_back(std::move(text));
    });
    b.text = table_row_text(b.cells);
    if (b.text.empty()) return;
    if (cell_) {
      // A table nested in a cell reads as part of that cell.
      cell_->push_back(b.text);
      return;
    }
    doc_.blocks.push_back(std::move(b));
  }

  void emit(Paragraph para) {
    if (para.text.empty()) return;
    if (first_text_page_ < 0) first_text_page_ = para.page;
    if (cell_) {
      cell_->push_back(para.number.empty() ? para.text : para.number + " " + para.text);
      return;
    }
    Block b;
    b.text = std::move(para.text);
    b.number = std::move(para.number);
    b.page = para.page;
    if (para.heading > 0) {
      b.kind = BlockKind::heading;
      b.level = para.heading;
    } else if (!b.number.empty()) {
      b.kind = BlockKind::list_item;
      b.level = para.ilvl;
    }
    doc_.blocks.push_back(std::move(b));
  }

  ExtractedDocument& doc_;
  const Styles& styles_;
  ooxml::Numbering& numbering_;
  int page_;
  int first_text_page_ = -1;
  std::vector<std::string>* cell_ = nullptr;
  bool keep_lines_ = false;  // inside a table cell: line breaks separate entries
  bool in_note_ = false;
  std::vector<bool> fields_;  // open fields; true while in the field code
  int instruction_depth_ = 0;
  std::vector<const xmlNode*> boxes_;
  std::vector<NoteRef> notes_;
  int footnote_counter_ = 0;
  int endnote_counter_ = 0;
};

// An optional part: absent is fine, unreadable becomes a warning.
std::optional<office::XmlDocument> optional_part(ZipArchive& zip, const char* name, ExtractedDocument& doc,
                                                 std::optional<core::Error>& fatal) {
  if (!zip.contains(name)) return std::nullopt;
  auto bytes = zip.read(name);
  if (!bytes) {
    // A zip bomb in any part stops the whole document.
    if (bytes.error().what.rfind("zip bomb guard", 0) == 0) fatal = bytes.error();
    else doc.warnings.push_back(std::string(name) + " skipped: " + bytes.error().what);
    return std::nullopt;
  }
  auto xml = office::parse_xml(*bytes, kKind, name);
  if (!xml) {
    doc.warnings.push_back(std::string(name) + " skipped: " + xml.error().what);
    return std::nullopt;
  }
  return std::move(xml).value();
}

void read_core_properties(const xmlDoc* core_xml, Metadata& meta) {
  const xmlNode* root = xmlDocGetRootElement(core_xml);
  for (const xmlNode* n = root ? root->children : nullptr; n; n = n->next) {
    if (is(n, "title")) {
      meta.title = office::clean_text(office::text_content(n));
      meta.title_from_properties = !meta.title.empty();
    } else if (is(n, "creator")) meta.author = office::clean_text(office::text_content(n));
    else if (is(n, "created") || is(n, "modified") || is(n, "lastPrinted"))
      office::keep_earliest_date(meta.created, office::text_content(n));
    else if (is(n, "language")) meta.language = office::iso639_1(office::text_content(n));
  }
}

void read_app_properties(const xmlDoc* app_xml, Metadata& meta) {
  const xmlNode* root = xmlDocGetRootElement(app_xml);
  if (const xmlNode* pages = child(root, "Pages")) meta.page_count = std::max(0, to_int(office::text_content(pages), 0));
}

// Footnote or endnote bodies by id, separators left out.
std::map<std::string, const xmlNode*> notes_by_id(const xmlDoc* notes) {
  std::map<std::string, const xmlNode*> out;
  const xmlNode* root = notes ? xmlDocGetRootElement(notes) : nullptr;
  for (const xmlNode* n = root ? root->children : nullptr; n; n = n->next) {
    if (!is(n, "footnote") && !is(n, "endnote")) continue;
    std::string type = attr(n, "type");
    if (!type.empty() && type != "normal") continue;
    out.emplace(attr(n, "id"), n);
  }
  return out;
}

// The lines of a page header part (word/headerN.xml): each paragraph cut
// at its tabs, which Word uses to place text left, centre and right. A
// piece that holds a field is the page number ("Page 3 of 66") and is
// left out. OHCHR's thematic lists name the State and its review only
// there: "UPR of Slovenia (3rd Cycle - 34th Session)".
void read_header_lines(const xmlNode* node, std::vector<std::string>& out) {
  struct Piece {
    std::string text;
    bool field = false;
  };
  for (const xmlNode* p = node; p; p = p->next) {
    if (p->type != XML_ELEMENT_NODE) continue;
    if (!is(p, "p")) {
      read_header_lines(p->children, out);  // tables, content controls
      continue;
    }
    std::vector<Piece> pieces(1);
    int field_depth = 0;
    // Depth-first over the paragraph's runs, in document order.
    auto walk = [&](auto&& self, const xmlNode* n) -> void {
      for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE) continue;
        if (is(n, "tab") || is(n, "br") || is(n, "ptab")) {
          pieces.emplace_back();
        } else if (is(n, "fldChar")) {
          const std::string type = attr(n, "fldCharType");
          if (type == "begin") {
            ++field_depth;
            pieces.back().field = true;
          } else if (type == "end" && field_depth > 0) {
            --field_depth;
          }
        } else if (is(n, "fldSimple")) {
          pieces.back().field = true;
        } else if (is(n, "t")) {
          if (field_depth == 0) pieces.back().text += office::text_content(n);
        } else if (!is(n, "instrText") && !is(n, "rPr") && !is(n, "pPr")) {
          self(self, n->children);
        }
      }
    };
    walk(walk, p->children);
    for (const Piece& piece : pieces) {
      std::string line = office::clean_text(piece.text);
      if (piece.field || line.empty()) continue;
      if (std::find(out.begin(), out.end(), line) == out.end()) out.push_back(std::move(line));
    }
  }
}

}  // namespace

core::Expected<ExtractedDocument> extract_docx(std::string_view bytes) {
  auto zip = ZipArchive::open(bytes, kKind);
  if (!zip) return zip.error();
  if (!zip->contains("word/document.xml"))
    return core::make_error("", "not a readable DOCX (word/document.xml is missing)");
  auto body_bytes = zip->read("word/document.xml");
  if (!body_bytes) return body_bytes.error();
  auto body = office::parse_xml(*body_bytes, kKind, "word/document.xml");
  if (!body) return body.error();

  ExtractedDocument doc;
  doc.format = Format::docx;
  std::optional<core::Error> fatal;
  auto styles_xml = optional_part(*zip, "word/styles.xml", doc, fatal);
  auto numbering_xml = optional_part(*zip, "word/numbering.xml", doc, fatal);
  auto footnotes_xml = optional_part(*zip, "word/footnotes.xml", doc, fatal);
  auto endnotes_xml = optional_part(*zip, "word/endnotes.xml", doc, fatal);
  auto core_xml = optional_part(*zip, "docProps/core.xml", doc, fatal);
  auto app_xml = optional_part(*zip, "docProps/app.xml", doc, fatal);
  if (fatal) return *fatal;

  Styles styles;
  styles.load(styles_xml ? styles_xml->get() : nullptr);
  ooxml::Numbering numbering;
  numbering.load(numbering_xml ? numbering_xml->get() : nullptr, styles.num_style_links());

  // Word records where its last layout broke pages; without those marks
  // (documents written by other programs) pages are unknown.
  bool has_page_marks = body_bytes->find("lastRenderedPageBreak") != std::string::npos;
  body_bytes->clear();
  body_bytes->shrink_to_fit();

  Walker walker(doc, styles, numbering, has_page_marks);
  const xmlNode* root = xmlDocGetRootElement(body->get());
  const xmlNode* body_node = child(root, "body");
  if (!body_node) return core::make_error("", "not a readable DOCX (word/document.xml has no body)");
  walker.content(body_node->children);

  auto footnotes = notes_by_id(footnotes_xml ? footnotes_xml->get() : nullptr);
  auto endnotes = notes_by_id(endnotes_xml ? endnotes_xml->get() : nullptr);
  std::set<std::pair<bool, std::string>> seen;
  for (const NoteRef& ref : walker.notes()) {
    if (!seen.insert({ref.endnote, ref.id}).second) continue;
    const auto& notes = ref.endnote ? endnotes : footnotes;
    auto it = notes.find(ref.id);
    if (it == notes.end()) continue;
    Block b;
    b.kind = BlockKind::footnote;
    b.text = walker.note_text(it->second);
    b.number = ref.number;
    b.page = ref.page;
    if (!b.text.empty()) doc.blocks.push_back(std::move(b));
  }

  // Word numbers its header parts from 1, one to three a section.
  for (int n = 1; n <= 30; ++n) {
    const std::string name = "word/header" + std::to_string(n) + ".xml";
    auto header = optional_part(*zip, name.c_str(), doc, fatal);
    if (fatal) return *fatal;
    if (header) read_header_lines(xmlDocGetRootElement(header->get()), doc.meta.running_headers);
  }

  if (core_xml) read_core_properties(core_xml->get(), doc.meta);
  if (app_xml) read_app_properties(app_xml->get(), doc.meta);
  if (doc.meta.page_count == 0 && has_page_marks) doc.meta.page_count = walker.page();
  if (doc.meta.language.empty()) doc.meta.language = office::iso639_1(styles.default_language());
  office::fill_title_from_headings(doc);
  if (doc.blocks.empty()) return core::make_error("", "no text in DOCX");
  return doc;
}

}  // namespace hrdex::indexer::extract
