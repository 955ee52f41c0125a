// HTML and XHTML. The bytes are decoded to UTF-8 first (byte-order mark,
// declared charset, or a guess), so the parsers never guess on their own.
// XHTML is read with the XML parser, which understands self-closing tags
// and CDATA; anything not well-formed goes to libxml2's forgiving HTML
// parser. Script, style and navigation are dropped; headings, paragraphs,
// list items (with the numbers a browser shows) and table rows become blocks.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <climits>
#include <memory>
#include <vector>

#include "core/text.hpp"
#include "indexer/extract/encoding.hpp"
#include "indexer/extract/extract.hpp"

namespace hrdex::indexer::extract {
namespace {

// Deeper than this, an element's text is gathered without structure and
// without recursion, so hostile nesting cannot exhaust the stack.
constexpr int kMaxDepth = 200;

std::string name_of(const xmlNode* node) {
  return node->name ? core::ascii_lower(reinterpret_cast<const char*>(node->name)) : std::string();
}

std::string attribute(const xmlNode* node, const char* name) {
  xmlChar* v = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  if (!v) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool has_class_token(const std::string& classes, std::initializer_list<std::string_view> tokens) {
  for (const std::string& token : core::split(core::ascii_lower(classes), ' '))
    for (std::string_view t : tokens)
      if (token == t) return true;
  return false;
}

bool is_dropped(const xmlNode* node, const std::string& name) {
  static const char* const kDropped[] = {"script", "style",  "nav",    "noscript", "template", "svg",  "head",
                                         "button", "select", "iframe", "object",   "form",     "menu", "math",
                                         "canvas", "audio",  "video",  "map",      "datalist", "dialog"};
  for (const char* d : kDropped)
    if (name == d) return true;
  if (node->properties == nullptr) return false;
  std::string role = core::ascii_lower(attribute(node, "role"));
  if (role == "navigation" || role == "search" || role == "menubar" || role == "menu") return true;
  if (attribute(node, "aria-hidden") == "true" || xmlHasProp(node, reinterpret_cast<const xmlChar*>("hidden")))
    return true;
  std::string style = core::ascii_lower(attribute(node, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  if (style.find("display:none") != std::string::npos) return true;
  // Site furniture marked by class or id, as CMS templates mark it.
  static const std::initializer_list<std::string_view> kFurniture = {
      "nav", "navbar", "navigation", "breadcrumb", "breadcrumbs", "skip-link", "skiplink", "menu", "sr-only"};
  return has_class_token(attribute(node, "class"), kFurniture) || has_class_token(attribute(node, "id"), kFurniture);
}

bool is_block(const std::string& name) {
  static const char* const kBlocks[] = {
      "p",      "div",     "li",       "ul",      "ol",      "table",  "tr",      "section", "article", "main",
      "header", "footer",  "aside",    "blockquote", "pre",  "dl",     "dt",      "dd",      "figure",  "figcaption",
      "address", "h1",     "h2",       "h3",      "h4",      "h5",     "h6",      "hr",      "caption", "body",
      "html",   "tbody",   "thead",    "tfoot",   "fieldset", "details", "summary", "center", "legend",  "hgroup",
      "td",     "th",      "option",   "frameset", "noframes"};
  for (const char* b : kBlocks)
    if (name == b) return true;
  return false;
}

int heading_level(const std::string& name) {
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return name[1] - '0';
  return 0;
}

// "a".."z", "aa".. for <ol type="a">; "i", "ii".. for type="i".
std::string alphabetic(long n, bool upper) {
  if (n <= 0) return std::to_string(n);
  std::string s;
  while (n > 0) {
    --n;
    s.insert(s.begin(), static_cast<char>((upper ? 'A' : 'a') + n % 26));
    n /= 26;
  }
  return s;
}

std::string roman(long n, bool upper) {
  if (n <= 0 || n >= 4000) return std::to_string(n);
  static const std::pair<int, const char*> kRoman[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
                                                       {90, "xc"},  {50, "l"},   {40, "xl"}, {10, "x"},   {9, "ix"},
                                                       {5, "v"},    {4, "iv"},   {1, "i"}};
  std::string s;
  for (const auto& [value, letters] : kRoman)
    while (n >= value) {
      s += letters;
      n -= value;
    }
  if (upper)
    for (char& c : s) c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Attribute numbers are clamped, so that "start=99999999999999" cannot overflow.
long parse_number(const std::string& s, long fallback) {
  if (s.empty()) return fallback;
  char* end = nullptr;
  long v = std::strtol(s.c_str(), &end, 10);
  if (end == s.c_str()) return fallback;
  return std::clamp(v, -1000000000L, 1000000000L);
}

struct ListState {
  bool ordered = false;
  long next = 1;
  long step = 1;
  char type = '1';
};

struct Context {
  BlockKind kind = BlockKind::paragraph;
  int level = 0;
  std::string number;
};

class Walker {
 public:
  Walker(ExtractedDocument& doc, int depth) : doc_(doc), depth_(depth) { contexts_.push_back({}); }

  void walk_children(const xmlNode* node) {
    for (const xmlNode* n = node->children; n; n = n->next) visit(n);
  }

  void finish() { flush(); }

  void visit(const xmlNode* node) {
    switch (node->type) {
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        if (node->content) add_text(reinterpret_cast<const char*>(node->content));
        return;
      case XML_ENTITY_REF_NODE:
        // XHTML read as XML leaves HTML's named entities unresolved; never
        // descend into the entity's own content (that is where expansion
        // bombs live).
        if (const htmlEntityDesc* e = htmlEntityLookup(node->name)) {
          std::string s;
          core::append_utf8(s, e->value);
          add_text(s);
        }
        return;
      case XML_ELEMENT_NODE: break;
      default: return;
    }
    std::string name = name_of(node);
    if (is_dropped(node, name)) return;
    if (depth_ >= kMaxDepth) {
      gather_flat(node);
      return;
    }
    ++depth_;
    element(node, name);
    --depth_;
  }


 private:
  void add_text(std::string_view text) {
    if (text.find_first_not_of(" \t\r\n") != std::string_view::npos) pending_breaks_ = 0;
    buffer_ += text;
  }

  void element(const xmlNode* node, const std::string& name) {
    if (name == "br") {
      // One <br> breaks a line inside a paragraph; two in a row are how
      // older pages separate paragraphs. In a table cell each line is an
      // entry of its own (a list of themes, one per line).
      if (in_cell_) {
        flush();
        return;
      }
      if (++pending_breaks_ >= 2 && contexts_.back().kind == BlockKind::paragraph)
        flush();
      else
        buffer_ += ' ';
      return;
    }
    pending_breaks_ = 0;
    if (name == "tr") {
      flush();
      row(node);
      return;
    }
    if (int level = heading_level(name)) {
      in_context(node, {BlockKind::heading, level, {}});
      return;
    }
    if (name == "li") {
      in_context(node, {BlockKind::list_item, std::max(0, static_cast<int>(lists_.size()) - 1), item_number(node)});
      return;
    }
    if (name == "ol" || name == "ul") {
      flush();
      lists_.push_back(list_state(node, name == "ol"));
      walk_children(node);
      lists_.pop_back();
      flush();
      return;
    }
    if (name == "td" || name == "th") {
      // A cell outside a row (malformed markup) reads as a paragraph.
      flush();
      walk_children(node);
      flush();
      return;
    }
    bool block = is_block(name);
    if (block) flush();
    walk_children(node);
    if (block) flush();
  }

  void in_context(const xmlNode* node, Context context) {
    flush();
    contexts_.push_back(std::move(context));
    walk_children(node);
    flush();
    contexts_.pop_back();
  }

  static ListState list_state(const xmlNode* list, bool ordered) {
    ListState s;
    s.ordered = ordered;
    if (!ordered) return s;
    std::string type = attribute(list, "type");
    if (type == "a" || type == "A" || type == "i" || type == "I") s.type = type[0];
    if (xmlHasProp(list, reinterpret_cast<const xmlChar*>("reversed"))) {
      // A reversed list counts down from its number of items.
      long items = 0;
      for (const xmlNode* c = list->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && name_of(c) == "li") ++items;
      s.next = parse_number(attribute(list, "start"), items);
      s.step = -1;
    } else {
      s.next = parse_number(attribute(list, "start"), 1);
    }
    return s;
  }

  // The number a browser shows for this <li>: its list's counter, unless
  // the item sets its own value.
  std::string item_number(const xmlNode* li) {
    if (lists_.empty() || !lists_.back().ordered) return {};
    ListState& list = lists_.back();
    long n = parse_number(attribute(li, "value"), list.next);
    list.next = n + list.step;
    switch (list.type) {
      case 'a': return alphabetic(n, false) + ".";
      case 'A': return alphabetic(n, true) + ".";
      case 'i': return roman(n, false) + ".";
      case 'I': return roman(n, true) + ".";
      default: return std::to_string(n) + ".";
    }
  }

  void row(const xmlNode* tr) {
    Block b;
    b.kind = BlockKind::table_row;
    for (const xmlNode* c = tr->children; c; c = c->next) {
      if (c->type != XML_ELEMENT_NODE) continue;
      std::string name = name_of(c);
      if (name != "td" && name != "th") continue;
      ExtractedDocument cell_doc;
      Walker cell(cell_doc, depth_ + 1);
      cell.in_cell_ = true;
      cell.walk_children(c);
      cell.finish();
      std::string text;
      for (const Block& inner : cell_doc.blocks) {
        if (!text.empty()) text += '\n';
        text += inner.number.empty() ? inner.text : inner.number + " " + inner.text;
      }
      b.cells.push_back(std::move(text));
    }
    b.text = table_row_text(b.cells);
    if (!b.text.empty()) doc_.blocks.push_back(std::move(b));
  }

  // Text of a subtree too deep to walk recursively, in document order, with
  // a space wherever a block element starts or ends.
  void gather_flat(const xmlNode* top) {
    const xmlNode* n = top;
    while (n) {
      bool descend = false;
      if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        if (n->content) add_text(reinterpret_cast<const char*>(n->content));
      } else if (n->type == XML_ELEMENT_NODE) {
        std::string name = name_of(n);
        descend = !is_dropped(n, name);
        if (descend && (is_block(name) || name == "br")) buffer_ += ' ';
      }
      if (descend && n->children) {
        n = n->children;
        continue;
      }
      while (n && n != top && !n->next) n = n->parent;
      if (!n || n == top) break;
      n = n->next;
    }
  }

  void flush() {
    std::string text = tidy_text(buffer_);
    buffer_.clear();
    if (text.empty()) return;
    Context& context = contexts_.back();
    Block b;
    b.kind = context.kind;
    b.level = context.level;
    b.text = std::move(text);
    // Text that continues an item after a nested list keeps the item's kind
    // but not its number, which was shown once.
    b.number = std::move(context.number);
    context.number.clear();
    doc_.blocks.push_back(std::move(b));
  }

  ExtractedDocument& doc_;
  int depth_;
  std::string buffer_;
  std::vector<Context> contexts_;
  std::vector<ListState> lists_;
  int pending_breaks_ = 0;
  bool in_cell_ = false;  // walking a table cell: <br> ends an entry
};

std::string_view skip_space(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
  return s.substr(i);
}

// The value after `key` in `tag` (`charset=utf-8`, `encoding="x"`), or empty.
std::string value_after(std::string_view tag, std::string_view key) {
  std::size_t at = tag.find(key);
  if (at == std::string_view::npos) return {};
  std::string_view rest = skip_space(tag.substr(at + key.size()));
  if (rest.empty() || rest[0] != '=') return {};
  rest = skip_space(rest.substr(1));
  if (!rest.empty() && (rest[0] == '"' || rest[0] == '\'')) rest = skip_space(rest.substr(1));
  std::string value;
  for (char c : rest) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok || value.size() >= 40) break;
    value.push_back(c);
  }
  return value;
}

// The charset a page declares in its first bytes: the XML declaration's
// encoding, or <meta charset> / http-equiv content type, as browsers prescan.
std::string declared_charset(std::string_view bytes) {
  std::string head = core::ascii_lower(bytes.substr(0, 8192));
  std::string_view h = skip_space(head);
  if (h.substr(0, 3) == "\xEF\xBB\xBF") h = skip_space(h.substr(3));
  if (h.substr(0, 5) == "<?xml") {
    std::string_view decl = h.substr(0, h.find("?>"));
    std::string value = value_after(decl, "encoding");
    if (!value.empty()) return value;
  }
  for (std::size_t at = head.find("<meta"); at != std::string::npos; at = head.find("<meta", at + 5)) {
    std::size_t end = head.find('>', at);
    std::string_view tag = std::string_view(head).substr(at, end == std::string::npos ? std::string::npos : end - at);
    std::string value = value_after(tag, "charset");
    if (!value.empty()) return value;
  }
  return {};
}

bool looks_xhtml(std::string_view utf8) {
  std::string head = core::ascii_lower(utf8.substr(0, 4096));
  std::string_view h = skip_space(head);
  return h.substr(0, 5) == "<?xml" || head.find("xmlns=\"http://www.w3.org/1999/xhtml\"") != std::string::npos;
}

std::string text_of(const xmlNode* node) {
  xmlChar* c = xmlNodeGetContent(node);
  if (!c) return {};
  std::string s = tidy_text(reinterpret_cast<const char*>(c));
  xmlFree(c);
  return s;
}

// "2011-01-04", "2011-01-04T10:00:00Z", "2011/01/04" -> "2011-01-04"; other
// forms are left unknown rather than guessed.
std::string iso_date(std::string_view value) {
  std::string_view v = core::trim(value);
  auto digits = [&](std::size_t from, std::size_t n) {
    if (v.size() < from + n) return false;
    for (std::size_t i = from; i < from + n; ++i)
      if (v[i] < '0' || v[i] > '9') return false;
    return true;
  };
  if (digits(0, 4) && v.size() >= 10 && (v[4] == '-' || v[4] == '/') && v[7] == v[4] && digits(5, 2) &&
      digits(8, 2) && (v.size() == 10 || !(v[10] >= '0' && v[10] <= '9'))) {
    int month = (v[5] - '0') * 10 + (v[6] - '0'), day = (v[8] - '0') * 10 + (v[9] - '0');
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31)
      return std::string(v.substr(0, 4)) + "-" + std::string(v.substr(5, 2)) + "-" + std::string(v.substr(8, 2));
  }
  return {};
}

std::string element_language(const xmlNode* node) {
  std::string lang = attribute(node, "lang");
  if (lang.empty()) lang = attribute(node, "xml:lang");
  if (lang.empty()) {
    xmlChar* v = xmlNodeGetLang(node);
    if (v) {
      lang = reinterpret_cast<const char*>(v);
      xmlFree(v);
    }
  }
  return lang;
}

void read_meta(const xmlNode* n, Metadata& meta, std::string& meta_title) {
  std::string key = core::ascii_lower(attribute(n, "name"));
  if (key.empty()) key = core::ascii_lower(attribute(n, "property"));
  std::string equiv = core::ascii_lower(attribute(n, "http-equiv"));
  std::string content = tidy_text(attribute(n, "content"));
  if (content.empty()) return;
  if ((key == "author" || key == "dc.creator" || key == "dcterms.creator") && meta.author.empty())
    meta.author = content;
  if ((key == "date" || key == "dcterms.date" || key == "dc.date" || key == "dcterms.created" ||
       key == "dc.date.created" || key == "article:published_time") &&
      meta.created.empty())
    meta.created = iso_date(content);
  if ((key == "language" || key == "dc.language" || key == "dcterms.language" || equiv == "content-language") &&
      meta.language.empty())
    meta.language = content.substr(0, content.find(','));
  if ((key == "dc.title" || key == "dcterms.title" || key == "og:title") && meta_title.empty()) meta_title = content;
}

// Metadata lives on <html> and in <head>; <body> is never searched here.
void read_head(const xmlNode* root, Metadata& meta) {
  std::string meta_title;
  std::string lang = element_language(root);
  for (const xmlNode* n = root->children; n; n = n->next) {
    if (n->type != XML_ELEMENT_NODE || name_of(n) != "head") continue;
    for (const xmlNode* h = n->children; h; h = h->next) {
      if (h->type != XML_ELEMENT_NODE) continue;
      std::string name = name_of(h);
      if (name == "title" && meta.title.empty()) meta.title = text_of(h);
      if (name == "meta") read_meta(h, meta, meta_title);
    }
  }
  // The root's own lang is the author's statement about the content; a
  // <meta> language is often a site-wide default.
  if (!lang.empty()) meta.language = lang;
  if (meta.title.empty()) meta.title = meta_title;
}

using DocPtr = std::unique_ptr<xmlDoc, void (*)(xmlDocPtr)>;

DocPtr parse(const std::string& utf8, bool xhtml) {
  const int size = static_cast<int>(utf8.size());
  if (xhtml) {
    // No entity substitution, no DTD loading, no network: a hostile file
    // cannot reach outside itself or expand entities.
    constexpr int kXmlOptions = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
    DocPtr tree(xmlReadMemory(utf8.data(), size, nullptr, "UTF-8", kXmlOptions), xmlFreeDoc);
    if (tree && xmlDocGetRootElement(tree.get())) return tree;
  }
  // HUGE lifts libxml2's nesting limit of 256, past which the parser stops
  // and silently drops the rest of the page; the walker below copes with
  // any depth without recursion.
  constexpr int kHtmlOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                               HTML_PARSE_COMPACT | HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE;
  return DocPtr(htmlReadMemory(utf8.data(), size, nullptr, "UTF-8", kHtmlOptions), xmlFreeDoc);
}

}  // namespace

core::Expected<ExtractedDocument> extract_html(std::string_view bytes) {
  DecodedText decoded = decode_to_utf8(bytes, declared_charset(bytes));
  ExtractedDocument doc;
  doc.format = Format::html;
  doc.warnings = std::move(decoded.warnings);
  if (decoded.utf8.size() > static_cast<std::size_t>(INT_MAX))
    return core::make_error("", "HTML larger than 2 GiB; refusing to parse it");
  if (core::trim(decoded.utf8).empty()) return core::make_error("", "no text in HTML (the file is empty)");

  DocPtr tree = parse(decoded.utf8, looks_xhtml(decoded.utf8));
  if (!tree) return core::make_error("", "not readable as HTML");
  const xmlNode* root = xmlDocGetRootElement(tree.get());
  if (!root) return core::make_error("", "no text in HTML (no elements)");

  read_head(root, doc.meta);
  Walker walker(doc, 0);
  walker.visit(root);
  walker.finish();
  if (doc.blocks.empty())
    return core::make_error("", "no text in HTML body (only markup, scripts, styles or navigation)");
  if (doc.meta.title.empty()) {
    for (const Block& b : doc.blocks)
      if (b.kind == BlockKind::heading) {
        doc.meta.title = b.text;
        doc.meta.title_guessed = true;
        break;
      }
  }
  return doc;
}

}  // namespace hrdex::indexer::extract
