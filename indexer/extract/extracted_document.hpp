// What every format's extractor returns: the text as ordered blocks that keep
// their structure and page, plus document metadata. Later stages (units,
// tagging) read only this, never a format library.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hrdex::indexer::extract {

enum class Format { unknown, pdf, docx, odt, doc, html, text, markdown };
std::string_view format_name(Format format);

enum class BlockKind { heading, paragraph, list_item, table_row, footnote };
std::string_view block_kind_name(BlockKind kind);

struct Block {
  BlockKind kind = BlockKind::paragraph;
  // UTF-8, NFC, white space collapsed. For a table row, the cells joined by
  // " | " (table_row_text). A number that the format shows apart from the text (Word list
  // numbering, an HTML <ol>) is in `number`; a number typed into the text
  // stays in the text.
  std::string text;
  int page = 0;                    // 1-based page the block starts on; 0 when the format has no pages
  std::string number;              // list number as displayed: "92.1", "12.", "(a)"
  int level = 0;                   // heading level (1 = top) or list depth (0 = top)
  // table_row only. A cell's paragraphs, and the lines a line break starts
  // inside one, are separated by '\n' (each line collapsed as `text` is):
  // OHCHR's matrices list one theme or group per line.
  std::vector<std::string> cells;
};

// A table row's `text`: the non-empty cells, their lines joined by spaces,
// joined by " | ".
std::string table_row_text(const std::vector<std::string>& cells);

struct Metadata {
  std::string title;
  // Where the title came from, for understand::document_title to weigh it:
  // the properties of a PDF or office file are often a template's or
  // another document's ("Mise en page 1", "UPR Info Annual Report" on
  // another report), and a title guessed from the text (the first heading)
  // is a guess. An HTML page's <title> is written for the page.
  bool title_from_properties = false;
  bool title_guessed = false;
  std::string author;
  std::string created;   // YYYY-MM-DD when known
  std::string language;  // ISO 639-1, declared or detected; empty when unknown
  // What the file files itself under, as its publisher declared it: the
  // `categories`, `tags`, `keywords` and `country` of a static site's
  // Markdown front matter. A series of booklets names the State each one
  // is about there, and nowhere else in words a rule could read.
  std::vector<std::string> keywords;
  int page_count = 0;
  // Lines removed from the text as running headers or footers (repeated at
  // the page edges), in the order first met; page numbers and print job
  // numbers left out. A UN document prints its symbol there, and on its
  // first page as the masthead, which is then removed with them.
  std::vector<std::string> running_headers;
  // Pages that had no text layer and were read by OCR, and the Tesseract
  // language(s) they were read with ("fra").
  std::vector<int> ocr_pages;
  std::string ocr_language;
};

struct ExtractedDocument {
  Format format = Format::unknown;
  Metadata meta;
  std::vector<Block> blocks;
  // Problems that did not stop extraction (invalid bytes replaced, damaged
  // streams read past); each one line, no file name (the caller adds it).
  std::vector<std::string> warnings;
};

}  // namespace hrdex::indexer::extract
