// The one place that writes error bodies in the plan's FastAPI shape: {"detail": "..."} and, for
// validation, {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}.
#pragma once

#include <cstddef>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "host/errors/ApiError.hpp"
#include "host/http/Response.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::http {

// `detail` is cut to an excerpt past 512 bytes.
Response errorResponse(int status, std::string_view detail);

// Entries an issue list holds at most; past them one more entry says "… and N more".
inline constexpr std::size_t kMaxValidationIssues = 50;

// The plan's issue list ([{"loc": [...], "msg": ..., "type": ...}]), for 422 bodies and for
// responses that carry problems as warnings. Numeric loc parts are written as numbers; other
// loc parts and messages are cut to excerpts (they may quote the client's input).
// `omitted`: issues found but not held, counted in the last entry.
void writeValidationIssues(text::JsonWriter& json,
                           const std::vector<errors::ValidationIssue>& issues,
                           std::size_t omitted = 0);
Response errorResponse(const errors::ApiError& error);

// Maps whatever a handler threw to a response: errors::ApiError as it says, and
// anything else to a 500 that names only the request id (the cause goes to the log, never out).
Response responseForException(std::exception_ptr error, std::string_view request_id);

}  // namespace orchestra::http
