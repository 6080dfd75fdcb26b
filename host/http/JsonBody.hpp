// Reading a request body as JSON for handlers: malformed JSON is a 400, a body of the wrong
// JSON type a 422, with the plan's error shapes.
#pragma once

#include <Poco/JSON/Object.h>

#include "host/http/Request.hpp"

namespace orchestra::http {

// The body as a JSON object; throws HttpError 400 for malformed JSON or a missing body, and
// 422 when the JSON is valid but not an object.
Poco::JSON::Object::Ptr parseJsonObjectBody(const Request& request);

}  // namespace orchestra::http
