#include "host/mcp/JsonRpc.hpp"

#include "host/text/JsonDocument.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::mcp {

namespace {

text::JsonWriter& begin(text::JsonWriter& json) {
  return json.beginObject().field("jsonrpc", "2.0");
}

}  // namespace

std::string jsonRpcRequest(std::int64_t id, std::string_view method, std::string_view params_json) {
  text::JsonWriter json;
  begin(json).field("id", id).field("method", method);
  if (!params_json.empty()) json.key("params").rawValue(params_json);
  return std::move(json.endObject()).finish();
}

std::string jsonRpcNotification(std::string_view method, std::string_view params_json) {
  text::JsonWriter json;
  begin(json).field("method", method);
  if (!params_json.empty()) json.key("params").rawValue(params_json);
  return std::move(json.endObject()).finish();
}

std::string jsonRpcResult(std::string_view id_json, std::string_view result_json) {
  text::JsonWriter json;
  begin(json).key("id").rawValue(id_json).key("result").rawValue(result_json);
  return std::move(json.endObject()).finish();
}

std::string jsonRpcError(std::string_view id_json, int code, std::string_view message) {
  text::JsonWriter json;
  begin(json).key("id").rawValue(id_json).key("error").beginObject();
  json.field("code", code).field("message", message).endObject();
  return std::move(json.endObject()).finish();
}

IncomingMessage classifyJsonRpc(text::JsonView root) {
  IncomingMessage message;
  if (!root.isObject()) {
    message.problem = "not a JSON object";
    return message;
  }
  try {
    const text::JsonView id = root.get("id");
    const bool has_id = !id.isNull();
    if (has_id) {
      message.id_json = text::toJson(id);
      if (id.isInteger()) message.numeric_id = id.as<std::int64_t>();
    }
    if (root.has("method")) {
      message.method = root.getValue<std::string>("method");
      message.kind = has_id ? IncomingMessage::Kind::Request : IncomingMessage::Kind::Notification;
      return message;
    }
    if (!has_id) {
      message.problem = "neither a method nor an id";
      return message;
    }
    message.kind = IncomingMessage::Kind::Response;
    if (const text::JsonView error = root.get("error"); error.isObject()) {
      message.is_error = true;
      message.error_code = error.optValue<int>("code", 0);
      message.error_message = error.optValue<std::string>("message", "");
    } else if (!root.has("result")) {
      message.kind = IncomingMessage::Kind::Invalid;
      message.problem = "a response with neither result nor error";
    }
  } catch (const text::JsonTypeError&) {
    // A member of the wrong type (a numeric "method").
    message = IncomingMessage();
    message.problem = "malformed JSON-RPC: \"method\" must be a string";
  }
  return message;
}

IncomingMessage parseJsonRpc(std::string_view text) {
  const std::optional<text::JsonDocument> document = text::JsonDocument::parse(text);
  if (!document) {
    IncomingMessage message;
    message.problem = "not JSON";
    message.not_json = true;
    return message;
  }
  IncomingMessage message = classifyJsonRpc(document->root());
  const text::JsonView root = document->root();
  if (message.kind == IncomingMessage::Kind::Request ||
      message.kind == IncomingMessage::Kind::Notification) {
    if (root.has("params")) message.params_json = text::toJson(root.get("params"));
  } else if (message.kind == IncomingMessage::Kind::Response && !message.is_error) {
    message.result_json = text::toJson(root.get("result"));
  }
  return message;
}

}  // namespace orchestra::mcp
