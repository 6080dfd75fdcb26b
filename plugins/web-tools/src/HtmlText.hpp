// Readable text from an HTML page, for web.read without a reader service: the title, and the
// body's text with scripts, styles and markup gone, entities decoded and whitespace collapsed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace orchestra::plugins::web_tools {

struct PageText {
  std::string title;
  std::string text;        // paragraphs and other blocks on lines of their own
  bool truncated = false;  // text was cut at max_text_bytes
};

// Not a full HTML parser: a forgiving scan good enough for text (no DOM, no scripts run).
// Block elements (p, div, li, h1-h6, br, tr ...) end a line; at most one blank line separates
// blocks. `max_text_bytes` bounds the text (cut at a UTF-8 character boundary).
PageText htmlToText(std::string_view html, std::size_t max_text_bytes);

// `text` with HTML character references (&amp; &#233; &#x1F600; and the common named ones)
// replaced by their UTF-8; unknown references stay as they are.
std::string decodeEntities(std::string_view text);

// `text` cut to at most `max_bytes` without splitting a UTF-8 character.
std::string utf8Prefix(std::string_view text, std::size_t max_bytes);

}  // namespace orchestra::plugins::web_tools
