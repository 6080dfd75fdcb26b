#include "host/http/BodyReader.hpp"

#include <Poco/Exception.h>
#include <Poco/String.h>

#include <algorithm>
#include <array>

#include "host/http/ConnectionSession.hpp"
#include "host/http/ErrorResponses.hpp"

namespace orchestra::http {

namespace {

Response refuse(int status, std::string_view detail) {
  Response response = errorResponse(status, detail);
  response.close_connection = true;
  return response;
}

// Poco keeps repeated header lines as separate entries; a repeated framing header is a
// smuggling attempt, whatever the values say.
std::size_t countHeader(Request& request, const std::string& name) {
  std::size_t count = 0;
  for (const auto& [header_name, value] : request.raw()) {
    if (Poco::icompare(header_name, name) == 0) ++count;
  }
  return count;
}

bool methodExpectsBody(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

}  // namespace

std::optional<Response> checkBodyFraming(Request& request, const BodyLimits& limits) {
  const bool has_length = request.hasHeader("Content-Length");
  const bool has_transfer_encoding = request.hasHeader("Transfer-Encoding");
  if (has_length && has_transfer_encoding) {
    return refuse(400, "Request has both Content-Length and Transfer-Encoding");
  }
  if (has_transfer_encoding) {
    if (countHeader(request, "Transfer-Encoding") != 1 ||
        Poco::icompare(std::string(request.header("Transfer-Encoding")), "chunked") != 0) {
      return refuse(501, "Only Transfer-Encoding: chunked is supported");
    }
    return std::nullopt;  // the size is enforced while reading
  }
  if (has_length) {
    const std::string_view length = request.header("Content-Length");
    if (countHeader(request, "Content-Length") != 1 || length.empty() || length.size() > 18 ||
        length.find_first_not_of("0123456789") != std::string_view::npos) {
      return refuse(400, "Invalid Content-Length");
    }
    if (std::stoll(std::string(length)) > limits.max_bytes) {
      return refuse(
          413, "Request body too large (limit " + std::to_string(limits.max_bytes) + " bytes)");
    }
    return std::nullopt;
  }
  if (methodExpectsBody(request.method())) {
    return refuse(411, "Content-Length or Transfer-Encoding: chunked required");
  }
  return std::nullopt;
}

namespace {

// Reads the body straight from the connection session. Poco's own chunked stream silently ends a
// body at a malformed chunk header and cannot tell us a chunk's size before we wait for it, so
// chunked framing is parsed here, strictly (RFC 9112 section 7.1).
class BodyParser {
 public:
  BodyParser(ConnectionSession& session, const BodyLimits& limits)
      : session_(session),
        limits_(limits),
        deadline_(std::chrono::steady_clock::now() + limits.max_duration) {}

  std::optional<Response> readFixed(std::int64_t length, std::string& body) {
    body.reserve(static_cast<std::size_t>(length));
    std::array<char, 16384> buffer{};
    while (static_cast<std::int64_t>(body.size()) < length) {
      if (auto late = checkDeadline()) return late;
      const auto wanted =
          static_cast<int>(std::min<std::int64_t>(static_cast<std::int64_t>(buffer.size()),
                                                  length - static_cast<std::int64_t>(body.size())));
      const int got = session_.readSome(buffer.data(), wanted);
      if (got <= 0) return refuse(400, "Request body shorter than its Content-Length");
      body.append(buffer.data(), static_cast<std::size_t>(got));
    }
    return std::nullopt;
  }

  std::optional<Response> readChunked(std::string& body) {
    std::string line;
    while (true) {
      if (auto problem = readLine(line)) return problem;
      const auto size_end = line.find_first_of("; \t");
      const std::string_view digits = std::string_view(line).substr(0, size_end);
      if (digits.empty() || digits.size() > 15 ||
          digits.find_first_not_of("0123456789abcdefABCDEF") != std::string_view::npos) {
        return refuse(400, "Invalid chunk size in chunked request body");
      }
      const std::int64_t chunk_size = std::stoll(std::string(digits), nullptr, 16);
      if (chunk_size == 0) break;
      if (chunk_size > limits_.max_bytes - static_cast<std::int64_t>(body.size())) {
        return tooLarge();
      }
      std::string chunk;
      if (auto problem = readFixedChunk(chunk_size, chunk)) return problem;
      body += chunk;
      if (auto problem = readLine(line)) return problem;
      if (!line.empty()) return refuse(400, "Chunk data longer than its announced size");
    }
    // Trailer fields are allowed but carry nothing we use; bounded like headers.
    for (int trailer_lines = 0;; ++trailer_lines) {
      if (trailer_lines > 32) return refuse(400, "Too many trailer fields in chunked body");
      if (auto problem = readLine(line)) return problem;
      if (line.empty()) return std::nullopt;
    }
  }

  std::optional<Response> tooLarge() const {
    return refuse(413,
                  "Request body too large (limit " + std::to_string(limits_.max_bytes) + " bytes)");
  }

 private:
  std::optional<Response> readFixedChunk(std::int64_t length, std::string& chunk) {
    auto problem = readFixed(length, chunk);
    if (problem && problem->status == 400) return refuse(400, "Chunked request body truncated");
    return problem;
  }

  // One CRLF-terminated line without its terminator; a bare LF or an overlong line is refused.
  std::optional<Response> readLine(std::string& line) {
    line.clear();
    while (true) {
      if (auto late = checkDeadline()) return late;
      const int byte = session_.readByte();
      if (byte < 0) return refuse(400, "Chunked request body truncated");
      if (byte == '\n') {
        if (line.empty() || line.back() != '\r') {
          return refuse(400, "Chunked body lines must end with CRLF");
        }
        line.pop_back();
        return std::nullopt;
      }
      if (line.size() >= 4096) return refuse(400, "Chunk header line too long");
      line += static_cast<char>(byte);
    }
  }

  std::optional<Response> checkDeadline() const {
    if (std::chrono::steady_clock::now() > deadline_) {
      return refuse(408, "Request body not received in time");
    }
    return std::nullopt;
  }

  ConnectionSession& session_;
  const BodyLimits& limits_;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace

std::optional<Response> readBody(Request& request, const BodyLimits& limits) {
  const bool chunked = request.hasHeader("Transfer-Encoding");
  const std::int64_t length = chunked || !request.hasHeader("Content-Length")
                                  ? -1
                                  : std::stoll(std::string(request.header("Content-Length")));
  if (!chunked && length <= 0) return std::nullopt;  // no body (GET, DELETE, empty POST)
  if (request.session() == nullptr) return refuse(500, "Request body has no connection to read");

  // The client waits for this before sending a body it announced with Expect: 100-continue.
  if (request.raw().getExpectContinue()) request.rawResponse().sendContinue();

  BodyParser parser(*request.session(), limits);
  std::string body;
  try {
    auto problem = chunked ? parser.readChunked(body) : parser.readFixed(length, body);
    if (problem) return problem;
  } catch (const Poco::TimeoutException&) {
    return refuse(408, "Request body not received in time");
  } catch (const Poco::Exception&) {
    return refuse(400, "Connection failed while reading the request body");
  }
  request.setBody(std::move(body));
  return std::nullopt;
}

}  // namespace orchestra::http
