#include "HtmlText.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <utility>

namespace orchestra::plugins::web_tools {

namespace {

// Their content is never text a reader wants (code, styling, hidden markup, the head's meta).
constexpr std::array<std::string_view, 7> kSkippedElements = {
    "script", "style", "noscript", "template", "svg", "iframe", "object"};

constexpr std::array<std::string_view, 33> kBlockElements = {
    "address", "article",  "aside",  "blockquote", "br",   "dd",     "details", "div", "dl",
    "dt",      "fieldset", "figure", "footer",     "form", "h1",     "h2",      "h3",  "h4",
    "h5",      "h6",       "header", "hr",         "li",   "main",   "nav",     "ol",  "p",
    "pre",     "section",  "table",  "tr",         "ul",   "summary"};

// Breaks a block element leaves in the scanned text; the source's own newlines are only
// whitespace in HTML, so they cannot mark blocks.
constexpr char kBlockBreak = '\n';

constexpr std::array<std::pair<std::string_view, std::string_view>, 22> kNamedEntities = {{
    {"amp", "&"},         {"lt", "<"},         {"gt", ">"},         {"quot", "\""},
    {"apos", "'"},        {"nbsp", " "},       {"mdash", "\u2014"}, {"ndash", "\u2013"},
    {"hellip", "\u2026"}, {"copy", "\u00A9"},  {"reg", "\u00AE"},   {"trade", "\u2122"},
    {"laquo", "\u00AB"},  {"raquo", "\u00BB"}, {"lsquo", "\u2018"}, {"rsquo", "\u2019"},
    {"ldquo", "\u201C"},  {"rdquo", "\u201D"}, {"euro", "\u20AC"},  {"middot", "\u00B7"},
    {"bull", "\u2022"},   {"shy", ""},
}};

// Long enough for "&#x10FFFF;" and every named entity above.
constexpr std::size_t kLongestReference = 10;

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

bool isSpace(char character) {
  return character == ' ' || character == '\t' || character == '\r' || character == '\f' ||
         character == '\v' || character == '\n';
}

std::string lowerCase(std::string_view text) {
  std::string lower(text);
  for (char& character : lower)
    character = static_cast<char>(std::tolower(static_cast<unsigned char>(character)));
  return lower;
}

// Where `needle` (lower case) starts in `haystack` at or after `from`, ignoring case.
std::size_t findIgnoringCase(std::string_view haystack, std::string_view needle, std::size_t from) {
  if (needle.size() > haystack.size()) return std::string_view::npos;
  for (std::size_t at = from; at + needle.size() <= haystack.size(); ++at) {
    bool same = true;
    for (std::size_t i = 0; i < needle.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(haystack[at + i])) == needle[i];
    }
    if (same) return at;
  }
  return std::string_view::npos;
}

// The '>' closing a tag that starts at `from`, skipping quoted attribute values.
std::size_t tagEnd(std::string_view html, std::size_t from) {
  char quote = 0;
  for (std::size_t at = from; at < html.size(); ++at) {
    const char character = html[at];
    if (quote != 0) {
      if (character == quote) quote = 0;
    } else if (character == '"' || character == '\'') {
      quote = character;
    } else if (character == '>') {
      return at;
    }
  }
  return std::string_view::npos;
}

// Past the end tag of `name` whose content starts at `from` (the end of input without one).
std::size_t afterEndTag(std::string_view html, std::string_view name, std::size_t from) {
  const std::size_t end_tag = findIgnoringCase(html, "</" + std::string(name), from);
  if (end_tag == std::string_view::npos) return html.size();
  const std::size_t close = tagEnd(html, end_tag);
  return close == std::string_view::npos ? html.size() : close + 1;
}

void appendUtf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6U));
    out += static_cast<char>(0x80 | (code_point & 0x3FU));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12U));
    out += static_cast<char>(0x80 | ((code_point >> 6U) & 0x3FU));
    out += static_cast<char>(0x80 | (code_point & 0x3FU));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18U));
    out += static_cast<char>(0x80 | ((code_point >> 12U) & 0x3FU));
    out += static_cast<char>(0x80 | ((code_point >> 6U) & 0x3FU));
    out += static_cast<char>(0x80 | (code_point & 0x3FU));
  }
}

// The text a numeric reference ("#233", "#x1F600") stands for; empty when it is not one.
std::string numericReference(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return {};
  const bool hex = body[1] == 'x' || body[1] == 'X';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return {};
  std::uint32_t code_point = 0;
  for (const char digit : digits) {
    const auto byte = static_cast<unsigned char>(digit);
    if (hex ? std::isxdigit(byte) == 0 : std::isdigit(byte) == 0) return {};
    const std::uint32_t value = std::isdigit(byte) != 0
                                    ? byte - '0'
                                    : static_cast<std::uint32_t>(std::tolower(byte) - 'a' + 10);
    code_point = code_point * (hex ? 16U : 10U) + value;
    if (code_point > 0x10FFFF) return {};
  }
  const bool surrogate = code_point >= 0xD800 && code_point <= 0xDFFF;
  if (code_point == 0 || surrogate) return {};
  std::string out;
  appendUtf8(out, code_point);
  return out;
}

// One line of text with its whitespace runs made single spaces, trimmed.
std::string collapsedLine(std::string_view line) {
  std::string out;
  bool pending_space = false;
  for (const char character : line) {
    if (isSpace(character)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += character;
  }
  return out;
}

// Lines from block breaks: one break starts a new line, two or more leave one blank line.
std::string collapsedText(std::string_view scanned) {
  std::string out;
  std::size_t breaks = 0;
  std::size_t start = 0;
  while (start <= scanned.size()) {
    std::size_t end = scanned.find(kBlockBreak, start);
    if (end == std::string_view::npos) end = scanned.size();
    const std::string line = collapsedLine(scanned.substr(start, end - start));
    if (!line.empty()) {
      if (!out.empty()) out += breaks >= 2 ? "\n\n" : "\n";
      out += line;
      breaks = 0;
    }
    ++breaks;
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string decodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t amp = text.find('&', at);
    if (amp == std::string_view::npos) break;
    out.append(text.substr(at, amp - at));
    const std::size_t semicolon = text.substr(amp, kLongestReference + 2).find(';');
    std::string replacement;
    bool known = false;
    if (semicolon != std::string_view::npos && semicolon > 1) {
      const std::string_view body = text.substr(amp + 1, semicolon - 1);
      replacement = numericReference(body);
      known = !replacement.empty();
      for (const auto& [name, value] : kNamedEntities) {
        if (!known && body == name) {
          replacement = value;
          known = true;
        }
      }
    }
    if (known) {
      out += replacement;
      at = amp + semicolon + 1;
    } else {
      out += '&';
      at = amp + 1;
    }
  }
  out.append(text.substr(std::min(at, text.size())));
  return out;
}

std::string utf8Prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character cut in two.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0U) == 0x80U)
    --cut;
  return std::string(text.substr(0, cut));
}

PageText htmlToText(std::string_view html, std::size_t max_text_bytes) {
  PageText page;
  std::string scanned;
  scanned.reserve(html.size() / 2);
  std::size_t at = 0;
  while (at < html.size()) {
    const char character = html[at];
    if (character != '<') {
      scanned += character == kBlockBreak ? ' ' : character;
      ++at;
      continue;
    }
    if (html.substr(at, 4) == "<!--") {
      const std::size_t end = html.find("-->", at + 4);
      at = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const bool closing = at + 1 < html.size() && html[at + 1] == '/';
    std::size_t name_end = at + (closing ? 2 : 1);
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end])) != 0)
      ++name_end;
    const std::size_t name_start = at + (closing ? 2 : 1);
    const bool declaration = html.substr(at, 2) == "<!" || html.substr(at, 2) == "<?";
    if (name_end == name_start && !declaration) {
      scanned += '<';  // a lone "<" in text ("a < b")
      ++at;
      continue;
    }
    const std::size_t end = tagEnd(html, at);
    if (end == std::string_view::npos) break;  // a tag cut off at the end: nothing more to read
    const std::string name = lowerCase(html.substr(name_start, name_end - name_start));
    at = end + 1;
    if (declaration) continue;
    if (!closing && contains(kSkippedElements, name)) {
      at = afterEndTag(html, name, at);
    } else if (!closing && name == "title") {
      const std::size_t content_end = findIgnoringCase(html, "</title", at);
      const std::size_t stop = content_end == std::string_view::npos ? html.size() : content_end;
      if (page.title.empty())
        page.title = collapsedLine(decodeEntities(html.substr(at, stop - at)));
      at = afterEndTag(html, "title", at);
    } else if (contains(kBlockElements, name)) {
      scanned += kBlockBreak;
    } else if (name == "td" || name == "th") {
      scanned += ' ';
    }
  }
  const std::string text = collapsedText(decodeEntities(scanned));
  page.truncated = text.size() > max_text_bytes;
  page.text = page.truncated ? utf8Prefix(text, max_text_bytes) : text;
  return page;
}

}  // namespace orchestra::plugins::web_tools
