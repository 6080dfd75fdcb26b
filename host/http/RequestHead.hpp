// The request line and header fields of an HTTP/1.x request, parsed strictly (RFC 9112): every
// spelling that two parsers could read differently — the root of request smuggling — is refused.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace orchestra::http {

struct RequestHead {
  std::string method;
  std::string target;
  std::string version;                                      // "HTTP/1.1" or "HTTP/1.0"
  std::vector<std::pair<std::string, std::string>> fields;  // in order, repeats kept
};

// Why a head was refused: the status to answer (400, 431, 505) and a short fixed message. The
// connection is always closed afterwards.
struct HeadProblem {
  int status = 400;
  std::string_view detail;
};

inline constexpr std::size_t kMaxHeadBytes = std::size_t{32} * 1024;
inline constexpr std::size_t kMaxHeaderFields = 100;

// Where the head in `bytes` ends (the offset just past its blank line), or 0 while it is
// incomplete. `scanned` carries the progress between calls on a growing buffer (start at 0).
// Empty lines before the request line are skipped, as RFC 9112 section 2.2 asks.
std::size_t findHeadEnd(std::string_view bytes, std::size_t& scanned);

// A problem visible before the head is complete: an HTTP/0.9 request line (no version), a
// malformed request line, or a head over kMaxHeadBytes. Lets the connection answer at once
// instead of waiting for a blank line that will never come.
std::variant<std::monostate, HeadProblem> checkPartialHead(std::string_view bytes);

// Parses a complete head, as delimited by findHeadEnd.
std::variant<RequestHead, HeadProblem> parseRequestHead(std::string_view head);

}  // namespace orchestra::http
