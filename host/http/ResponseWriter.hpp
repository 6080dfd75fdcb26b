// Turns a Response into the bytes of an HTTP/1.1 answer: status line, Date, framing headers,
// the response's own headers and the body, so that a connection sends each answer in one write.
#pragma once

#include <string>
#include <string_view>

#include "host/http/Response.hpp"

namespace orchestra::http {

// The serialized answer, in a buffer reused per thread (valid until the thread's next call).
const std::string& serializeResponse(const Response& response, bool keep_alive, bool head_request);

// A complete JSON error answer for a request that never reached the dispatcher (malformed
// head, timeout, connection refused): the plan's error shape, a request id and the security
// headers, and Connection: close.
const std::string& serializeConnectionError(int status, std::string_view detail);

}  // namespace orchestra::http
