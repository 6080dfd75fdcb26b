#include "host/http/RequestHead.hpp"

#include <Poco/String.h>

#include <algorithm>
#include <optional>

namespace orchestra::http {

namespace {

constexpr std::string_view kCrlf = "\r\n";

// RFC 9110 section 5.6.2: the characters of a token (header names, methods).
bool isTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool isControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7f;
}

// Offset of the request line: empty lines before it are tolerated (a client's stray CRLF after
// a previous body).
std::size_t skipLeadingEmptyLines(std::string_view bytes) {
  std::size_t at = 0;
  while (bytes.substr(at, 2) == kCrlf)
    at += 2;
  return at;
}

std::optional<HeadProblem> checkRequestLine(std::string_view line, RequestHead* head) {
  const HeadProblem malformed{400, "Malformed HTTP request line"};
  const auto first_space = line.find(' ');
  if (first_space == std::string_view::npos) return malformed;
  const auto second_space = line.find(' ', first_space + 1);
  // No version: an HTTP/0.9 request, which would otherwise wait for a blank line forever.
  if (second_space == std::string_view::npos) return malformed;
  const std::string_view method = line.substr(0, first_space);
  const std::string_view target = line.substr(first_space + 1, second_space - first_space - 1);
  const std::string_view version = line.substr(second_space + 1);
  if (version.find(' ') != std::string_view::npos) return malformed;
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (version.substr(0, 5) == "HTTP/") return HeadProblem{505, "HTTP version not supported"};
    return malformed;
  }
  if (target.empty() || std::any_of(target.begin(), target.end(), isControl)) return malformed;
  const bool origin_form = target.front() == '/';
  const bool absolute_form = target.substr(0, 7) == "http://" || target.substr(0, 8) == "https://";
  const bool asterisk_form = target == "*" && method == "OPTIONS";
  if (!origin_form && !absolute_form && !asterisk_form) {
    return HeadProblem{400, "Malformed request target"};
  }
  if (method.empty() ||
      !std::all_of(method.begin(), method.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return HeadProblem{400, "Malformed HTTP method"};
  }
  if (head != nullptr) {
    head->method = method;
    head->target = target;
    head->version = version;
  }
  return std::nullopt;
}

// RFC 9112 section 5: field-name ":" OWS field-value OWS, nothing else.
std::optional<HeadProblem> parseFieldLine(std::string_view line, RequestHead& head) {
  if (line.front() == ' ' || line.front() == '\t') {
    return HeadProblem{400, "Obsolete line folding in a header"};
  }
  const auto colon = line.find(':');
  if (colon == std::string_view::npos) return HeadProblem{400, "Header line without a colon"};
  const std::string_view name = line.substr(0, colon);
  // Whitespace before the colon lands here too: section 5.1 demands a 400.
  if (name.empty() || !std::all_of(name.begin(), name.end(), isTokenChar)) {
    return HeadProblem{400, "Invalid header name"};
  }
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
    value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
    value.remove_suffix(1);
  if (std::any_of(value.begin(), value.end(), [](char c) { return c != '\t' && isControl(c); })) {
    return HeadProblem{400, "Invalid character in a header value"};
  }
  head.fields.emplace_back(name, value);
  return std::nullopt;
}

std::optional<HeadProblem> checkHost(const RequestHead& head) {
  const auto hosts = std::count_if(head.fields.begin(), head.fields.end(), [](const auto& field) {
    return Poco::icompare(field.first, "host") == 0;
  });
  if (hosts > 1) return HeadProblem{400, "Repeated Host header"};
  if (hosts == 0 && head.version == "HTTP/1.1") return HeadProblem{400, "Missing Host header"};
  return std::nullopt;
}

}  // namespace

std::size_t findHeadEnd(std::string_view bytes, std::size_t& scanned) {
  const std::size_t start = skipLeadingEmptyLines(bytes);
  if (start == bytes.size()) return 0;
  // The terminator may straddle the previous scan's end: look three bytes back.
  const std::size_t from = std::max(start, scanned >= 3 ? scanned - 3 : 0);
  const auto end = bytes.find("\r\n\r\n", from);
  if (end == std::string_view::npos) {
    scanned = bytes.size();
    return 0;
  }
  return end + 4;
}

std::variant<std::monostate, HeadProblem> checkPartialHead(std::string_view bytes) {
  if (bytes.size() > kMaxHeadBytes) return HeadProblem{431, "Request header too large"};
  const std::string_view rest = bytes.substr(skipLeadingEmptyLines(bytes));
  const auto line_end = rest.find(kCrlf);
  if (line_end == std::string_view::npos) {
    // A lone LF ends no line here; refusing it at once spares the client a header timeout.
    if (rest.find('\n') != std::string_view::npos)
      return HeadProblem{400, "Malformed HTTP request line"};
    return std::monostate{};
  }
  if (auto problem = checkRequestLine(rest.substr(0, line_end), nullptr)) return *problem;
  return std::monostate{};
}

std::variant<RequestHead, HeadProblem> parseRequestHead(std::string_view head_bytes) {
  if (head_bytes.size() > kMaxHeadBytes) return HeadProblem{431, "Request header too large"};
  std::string_view rest = head_bytes.substr(skipLeadingEmptyLines(head_bytes));
  RequestHead head;
  bool request_line = true;
  while (true) {
    const auto line_end = rest.find(kCrlf);
    if (line_end == std::string_view::npos) return HeadProblem{400, "Malformed HTTP request"};
    const std::string_view line = rest.substr(0, line_end);
    rest.remove_prefix(line_end + 2);
    if (line.empty()) break;  // the blank line ending the head
    if (request_line) {
      if (auto problem = checkRequestLine(line, &head)) return *problem;
      request_line = false;
      continue;
    }
    if (head.fields.size() >= kMaxHeaderFields) return HeadProblem{431, "Too many header fields"};
    if (auto problem = parseFieldLine(line, head)) return *problem;
  }
  if (request_line) return HeadProblem{400, "Malformed HTTP request line"};
  if (auto problem = checkHost(head)) return *problem;
  return head;
}

}  // namespace orchestra::http
