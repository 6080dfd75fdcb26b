// Reads a request body within the configured size and time limits, and refuses framings that
// allow request smuggling (Content-Length with Transfer-Encoding, bad or repeated lengths).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "host/http/Request.hpp"
#include "host/http/Response.hpp"

namespace orchestra::http {

struct BodyLimits {
  std::int64_t max_bytes = std::int64_t{10} * 1024 * 1024;
  std::chrono::milliseconds max_duration{30000};
};

// Checks the framing headers only (nothing is read): an error response (400, 411, 413, 501),
// always with close_connection set, or nullopt when the body may be read.
std::optional<Response> checkBodyFraming(Request& request, const BodyLimits& limits);

// Reads the whole body into the request. Returns an error response (400 truncated, 408 too
// slow, 413 too large) or nullopt on success.
std::optional<Response> readBody(Request& request, const BodyLimits& limits);

}  // namespace orchestra::http
