// HTML and XHTML through libxml2's forgiving HTML parser. The bytes are
// decoded to UTF-8 first (declared charset, byte-order mark, or a guess), so
// the parser never guesses on its own. Script, style and navigation are
// dropped; headings, paragraphs, list items and table rows become blocks.
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <memory>
#include <regex>

#include "core/text.hpp"
#include "indexer/extract/encoding.hpp"
#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {
namespace {

std::string name_of(const xmlNode* node) { return core::ascii_lower(reinterpret_cast<const char*>(node->name)); }

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool is_dropped(const xmlNode* node, const std::string& name) {
  static const char* const kDropped[] = {"script", "style", "nav", "noscript", "template", "svg", "head",
                                         "button", "select", "iframe", "object", "form", "menu"};
  for (const char* d : kDropped)
    if (name == d) return true;
  std::string role = core::ascii_lower(attribute(node, "role"));
  return role == "navigation" || role == "search" || role == "menubar" || attribute(node, "aria-hidden") == "true";
}

bool is_block(const std::string& name) {
  static const char* const kBlocks[] = {"p",       "div",        "li",      "ul",     "ol",     "table",   "tr",
                                        "section", "article",    "main",    "header", "footer", "aside",   "blockquote",
                                        "pre",     "dl",         "dt",      "dd",     "figure", "figcaption",
                                        "address", "h1",         "h2",      "h3",     "h4",     "h5",      "h6",
                                        "br",      "hr",         "caption", "body",   "html",   "tbody",   "thead",
                                        "tfoot",   "fieldset",   "details", "summary"};
  for (const char* b : kBlocks)
    if (name == b) return true;
  return false;
}

int heading_level(const std::string& name) {
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return name[1] - '0';
  return 0;
}

class Walker {
 public:
  explicit Walker(ExtractedDocument& doc) : doc_(doc) {}

  void walk(const xmlNode* node) {
    for (const xmlNode* n = node; n; n = n->next) visit(n);
  }

  void finish() { flush(BlockKind::paragraph); }

 private:
  void visit(const xmlNode* node) {
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
      if (node->content) buffer_ += reinterpret_cast<const char*>(node->content);
      return;
    }
    if (node->type != XML_ELEMENT_NODE) return;
    std::string name = name_of(node);
    if (is_dropped(node, name)) return;

    if (name == "tr") {
      flush(BlockKind::paragraph);
      row(node);
      return;
    }
    if (int level = heading_level(name)) {
      flush(BlockKind::paragraph);
      walk(node->children);
      flush(BlockKind::heading, level);
      return;
    }
    if (name == "li") {
      flush(BlockKind::paragraph);
      std::string number = list_number(node);
      walk(node->children);
      flush(BlockKind::list_item, list_depth_, number);
      return;
    }
    if (name == "ol" || name == "ul") {
      flush(BlockKind::paragraph);
      ++list_depth_;
      walk(node->children);
      --list_depth_;
      flush(BlockKind::paragraph);
      return;
    }
    bool block = is_block(name);
    if (block) flush(BlockKind::paragraph);
    walk(node->children);
    if (block) flush(BlockKind::paragraph);
  }

  // The number a browser shows for this <li>: its parent <ol>'s start plus
  // its position, unless the item sets its own value.
  static std::string list_number(const xmlNode* li) {
    const xmlNode* list = li->parent;
    if (!list || name_of(list) != "ol") return {};
    long number = 1;
    std::string start = attribute(list, "start");
    if (!start.empty()) number = std::strtol(start.c_str(), nullptr, 10);
    for (const xmlNode* s = list->children; s && s != li; s = s->next) {
      if (s->type != XML_ELEMENT_NODE || name_of(s) != "li") continue;
      std::string value = attribute(s, "value");
      number = value.empty() ? number + 1 : std::strtol(value.c_str(), nullptr, 10) + 1;
    }
    std::string own = attribute(li, "value");
    if (!own.empty()) number = std::strtol(own.c_str(), nullptr, 10);
    return std::to_string(number) + ".";
  }

  void row(const xmlNode* tr) {
    Block b;
    b.kind = BlockKind::table_row;
    for (const xmlNode* c = tr->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string name = name_of(c);
      if (name != "td" && name != "th") continue;
      Walker cell(cell_doc_);
      cell.walk(c->children);
      cell.finish();
      std::string text;
      for (const Block& inner : cell_doc_.blocks) {
        if (!text.empty()) text += ' ';
        text += inner.number.empty() ? inner.text : inner.number + " " + inner.text;
      }
      cell_doc_.blocks.clear();
      b.cells.push_back(std::move(text));
    }
    for (const std::string& cell : b.cells) {
      if (cell.empty()) continue;
      if (!b.text.empty()) b.text += " | ";
      b.text += cell;
    }
    if (!b.text.empty()) doc_.blocks.push_back(std::move(b));
  }

  void flush(BlockKind kind, int level = 0, std::string number = {}) {
    std::string text = core::collapse_spaces(buffer_);
    buffer_.clear();
    if (text.empty()) return;
    Block b;
    b.kind = kind;
    b.level = level;
    b.text = std::move(text);
    b.number = std::move(number);
    doc_.blocks.push_back(std::move(b));
  }

  ExtractedDocument& doc_;
  ExtractedDocument cell_doc_;
  std::string buffer_;
  int list_depth_ = 0;
};

// The charset a page declares in its first bytes (<meta charset>, http-equiv
// content type, or the XML declaration).
std::string declared_charset(std::string_view bytes) {
  static const std::regex kCharset(R"re((?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+))re", std::regex::icase);
  std::string head(bytes.substr(0, 4096));
  std::smatch m;
  if (std::regex_search(head, m, kCharset)) return m[1].str();
  return {};
}

std::string text_of(const xmlNode* node) {
  xmlChar* c = xmlNodeGetContent(node);
  if (!c) return {};
  std::string s = core::collapse_spaces(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

void read_head(const xmlNode* node, Metadata& meta) {
  for (const xmlNode* n = node; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string name = name_of(n);
    if (name == "title" && meta.title.empty()) {
      meta.title = text_of(n);
    } else if (name == "meta") {
      std::string key = core::ascii_lower(attribute(n, "name"));
      std::string content = core::collapse_spaces(attribute(n, "content"));
      if (key == "author" && meta.author.empty()) meta.author = content;
      if ((key == "date" || key == "dcterms.date" || key == "dc.date") && meta.created.empty()) meta.created = content;
      if ((key == "language" || key == "dc.language") && meta.language.empty()) meta.language = content;
    } else if (name == "html") {
      std::string lang = attribute(n, "lang");
      if (lang.empty()) lang = attribute(n, "xml:lang");
      if (!lang.empty()) meta.language = lang;
    }
    if (name != "body") read_head(n->children, meta);
  }
}

}  // namespace

core::Expected<ExtractedDocument> extract_html(std::string_view bytes) {
  DecodedText decoded = decode_to_utf8(bytes, declared_charset(bytes));
  ExtractedDocument doc;
  doc.format = Format::html;
  doc.warnings = std::move(decoded.warnings);

  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                           HTML_PARSE_COMPACT;
  std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)> tree(
      htmlReadMemory(decoded.utf8.data(), static_cast<int>(decoded.utf8.size()), nullptr, "UTF-8", kOptions),
      xmlFreeDoc);
  if (!tree) return core::make_error("", "not readable as HTML");
  const xmlNode* root = xmlDocGetRootElement(tree.get());
  if (!root) return core::make_error("", "HTML has no elements");

  read_head(root, doc.meta);
  if (doc.meta.language.size() > 2) doc.meta.language = core::ascii_lower(doc.meta.language.substr(0, 2));
  Walker walker(doc);
  walker.walk(root);
  walker.finish();
  if (doc.blocks.empty()) return core::make_error("", "no text in HTML body");
  if (doc.meta.title.empty()) {
    for (const Block& b : doc.blocks)
      if (b.kind == BlockKind::heading) {
        doc.meta.title = b.text;
        break;
      }
  }
  return doc;
}

}  // namespace hrdex::indexer::extract
