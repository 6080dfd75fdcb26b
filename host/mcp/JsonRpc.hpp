// JSON-RPC 2.0 as MCP uses it: the messages the host sends (requests, notifications, answers to
// server requests) and the classification of what arrives (response, request, notification).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "host/text/JsonDocument.hpp"

namespace orchestra::mcp {

// `params_json` empty: no params member.
std::string jsonRpcRequest(std::int64_t id, std::string_view method, std::string_view params_json);
std::string jsonRpcNotification(std::string_view method, std::string_view params_json);
// Answers to a server's request; `id_json` is the request's id exactly as it came.
std::string jsonRpcResult(std::string_view id_json, std::string_view result_json);
std::string jsonRpcError(std::string_view id_json, int code, std::string_view message);

// The JSON-RPC 2.0 error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;

struct IncomingMessage {
  enum class Kind { Response, Request, Notification, Invalid };
  Kind kind = Kind::Invalid;
  std::string id_json;                     // requests and responses
  std::optional<std::int64_t> numeric_id;  // responses to our (integer) ids
  std::string method;                      // requests and notifications
  std::string params_json;                 // requests and notifications; empty when absent
  std::string result_json;                 // successful responses
  bool is_error = false;                   // error responses
  int error_code = 0;
  std::string error_message;
  std::string problem;    // Invalid: why
  bool not_json = false;  // Invalid because the text does not parse (JSON-RPC's parse error)
};

// The text parsed and classified, params_json and result_json filled. Each message is parsed into
// a compact document (text::JsonDocument), so a message costs a few times its size, not Poco's
// up to ~300 times.
IncomingMessage parseJsonRpc(std::string_view text);
// A message already parsed (the host's MCP endpoint keeps the document and reads the params from
// it): everything but params_json and result_json, which stay empty.
IncomingMessage classifyJsonRpc(text::JsonView root);

}  // namespace orchestra::mcp
