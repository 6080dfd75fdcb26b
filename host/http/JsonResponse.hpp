// Every JSON response body is written with text::JsonWriter and wrapped here, so handlers never
// concatenate JSON by hand nor stringify a DOM of their own.
#pragma once

#include <utility>

#include "host/http/Response.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::http {

inline Response jsonResponse(int status, text::JsonWriter&& json) {
  return Response::json(status, std::move(json).finish());
}

// A Poco::JSON value (e.g. a stored document read back) as the body.
inline Response jsonResponse(int status, const Poco::Dynamic::Var& json) {
  return Response::json(status, text::toJson(json));
}

}  // namespace orchestra::http
