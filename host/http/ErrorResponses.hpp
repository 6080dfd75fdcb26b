// The one place that writes error bodies in the plan's FastAPI shape: {"detail": "..."} and, for
// validation, {"detail": [{"loc": [...], "msg": "...", "type": "..."}]}.
#pragma once

#include <exception>
#include <string>
#include <string_view>

#include "host/errors/ApiError.hpp"
#include "host/http/Response.hpp"

namespace orchestra::http {

Response errorResponse(int status, std::string_view detail);
Response errorResponse(const errors::ApiError& error);

// Maps whatever a handler threw to a response: errors::ApiError as it says, and
// anything else to a 500 that names only the request id (the cause goes to the log, never out).
Response responseForException(std::exception_ptr error, std::string_view request_id);

}  // namespace orchestra::http
