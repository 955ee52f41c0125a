// Plain text and Markdown: paragraphs are separated by blank lines; a line
// that begins with a paragraph number starts a new paragraph even without a
// blank line before it, as in text copied out of UN documents.
#include <regex>

#include "core/text.hpp"
#include "indexer/extract/encoding.hpp"
#include "indexer/extract/extract.hpp"
#include "indexer/extract/numbering.hpp"

namespace hrdex::indexer::extract {
namespace {

bool is_blank(std::string_view line) { return core::trim(line).empty(); }

// A short line on its own with no closing punctuation reads as a heading
// ("Working Group Consultations").
bool looks_like_heading(std::string_view text) {
  if (text.size() > 100 || text.size() < 3) return false;
  char last = text.back();
  if (last == '.' || last == ',' || last == ';' || last == ':' || last == ')') return false;
  unsigned char first = static_cast<unsigned char>(text.front());
  if (first >= 'a' && first <= 'z') return false;
  if (!leading_paragraph_number(text).empty()) return false;
  return true;
}

struct MarkdownLine {
  BlockKind kind = BlockKind::paragraph;
  int level = 0;
  std::string_view text;
};

MarkdownLine classify_markdown(std::string_view line) {
  std::string_view t = core::trim(line);
  MarkdownLine m{BlockKind::paragraph, 0, t};
  std::size_t hashes = 0;
  while (hashes < t.size() && t[hashes] == '#') ++hashes;
  if (hashes >= 1 && hashes <= 6 && hashes < t.size() && t[hashes] == ' ') {
    m.kind = BlockKind::heading;
    m.level = static_cast<int>(hashes);
    m.text = core::trim(t.substr(hashes));
  } else if (t.size() > 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ') {
    m.kind = BlockKind::list_item;
    m.text = core::trim(t.substr(2));
  }
  return m;
}

}  // namespace

core::Expected<ExtractedDocument> extract_text(std::string_view bytes, Format format) {
  DecodedText decoded = decode_to_utf8(bytes);
  ExtractedDocument doc;
  doc.format = format;
  doc.warnings = std::move(decoded.warnings);
  const bool markdown = format == Format::markdown;

  std::string paragraph;
  int paragraph_lines = 0;
  auto flush = [&] {
    std::string text = core::collapse_spaces(paragraph);
    paragraph.clear();
    if (text.empty()) {
      paragraph_lines = 0;
      return;
    }
    Block b;
    b.kind = !markdown && paragraph_lines == 1 && looks_like_heading(text) ? BlockKind::heading : BlockKind::paragraph;
    if (b.kind == BlockKind::heading) b.level = 2;
    b.text = std::move(text);
    doc.blocks.push_back(std::move(b));
    paragraph_lines = 0;
  };

  for (const std::string& raw : core::split(decoded.utf8, '\n')) {
    std::string_view line = raw;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find('\f') != std::string_view::npos) line = core::trim(line);
    if (is_blank(line)) {
      flush();
      continue;
    }
    if (markdown) {
      MarkdownLine m = classify_markdown(line);
      if (m.kind != BlockKind::paragraph) {
        flush();
        Block b;
        b.kind = m.kind;
        b.level = m.level;
        b.text = core::collapse_spaces(m.text);
        doc.blocks.push_back(std::move(b));
        continue;
      }
    }
    if (!paragraph.empty() && !leading_paragraph_number(core::trim(line)).empty()) flush();
    if (!paragraph.empty()) paragraph.push_back(' ');
    paragraph.append(line);
    ++paragraph_lines;
  }
  flush();

  if (doc.blocks.empty()) return core::make_error("", "no text in file");
  doc.meta.title = doc.blocks.front().text.substr(0, 200);
  return doc;
}

}  // namespace hrdex::indexer::extract
