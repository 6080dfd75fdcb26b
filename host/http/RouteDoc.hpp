// What a route says about itself, so that GET /api/v1/openapi.json is generated from the route
// table: each API area documents itself by registering its routes.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace orchestra::http {

struct ParameterDoc {
  std::string name;
  std::string in = "query";  // "query" or "header"; path parameters come from the template
  std::string description;
  bool required = false;
  std::string schema_json = R"({"type":"string"})";
};

struct ResponseDoc {
  std::string description;
  std::string schema_json;  // empty: no body documented
  std::string content_type = "application/json";
};

struct RouteDoc {
  std::string summary;
  std::string description;
  std::vector<std::string> tags;
  std::vector<ParameterDoc> parameters;
  std::string request_schema_json;  // empty: the route takes no body
  std::map<int, ResponseDoc> responses;
  bool requires_auth = false;
};

}  // namespace orchestra::http
