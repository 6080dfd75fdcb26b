// Builds the OpenAPI 3.1 document from the route table, so every API area documents itself by
// registering its routes with a RouteDoc.
#pragma once

#include <string>

#include "host/http/Router.hpp"

namespace orchestra::api {

// Throws std::invalid_argument when a route's schema text is not valid JSON (a programming error
// caught at start-up, not at request time).
std::string buildOpenApiDocument(const http::Router& router, const std::string& version);

}  // namespace orchestra::api
