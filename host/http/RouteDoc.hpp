// What a route says about itself, so that GET /api/v1/openapi.json is generated from the route
// table: each API area documents itself by registering its routes.
#pragma once

#include <cstddef>
#include <cstdint>
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
  // JSON Schema of the request body; empty: the route takes no body. The router validates
  // every body against it (defaults filled first) before the handler runs, so this document
  // is both the OpenAPI description and the only validation of the body's shape.
  std::string request_schema_json;
  // With a schema: whether an empty body is accepted (the handler then finds no JSON body).
  bool request_body_optional = false;
  // Tighter bounds than the server's for this route's body (0: the server's). A sign-in body
  // needs a few hundred bytes; a workflow graph megabytes: small bounds on small routes keep an
  // anonymous client from making the host parse megabytes.
  std::int64_t max_body_bytes = 0;
  std::size_t max_json_values = 0;
  // Without a schema: the handler parses the JSON body itself (the MCP endpoint answers in
  // JSON-RPC's shapes) and checks request.jsonLimits() itself. The dispatcher still measures it
  // and holds the in-flight budget for the document the handler builds (503 past it).
  bool json_body_read_by_handler = false;
  std::map<int, ResponseDoc> responses;
  bool requires_auth = false;
  // The policy action the route performs (a name from auth/Policy.hpp's table, e.g.
  // "workflows.edit"). OpenAPI shows it as x-orchestra-action, and the generated authorization
  // matrix test expects each route's answers from it: a route without one fails that test.
  std::string action;
  // A WebSocket endpoint: browsers cannot set headers on one, so the access token may also come
  // as `?token=` or as the subprotocol pair "bearer, <token>".
  bool websocket = false;
  // Also accepts a workspace API key ("Bearer orc_...") instead of an access token: the caller
  // is then an editor of the key's workspace alone. Off by default: keys reach only the routes
  // made for programs (the MCP endpoint).
  bool accepts_api_keys = false;
};

}  // namespace orchestra::http
