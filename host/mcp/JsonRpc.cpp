#include "host/mcp/JsonRpc.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

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

namespace {

IncomingMessage classify(std::string_view text) {
  IncomingMessage message;
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(std::string(text));
    if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
      message.problem = "not a JSON object";
      return message;
    }
    object = parsed.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& error) {
    message.problem = "not JSON: " + error.message();
    message.not_json = true;
    return message;
  }
  const bool has_id = object->has("id") && !object->isNull("id");
  if (has_id) {
    const Poco::Dynamic::Var id = object->get("id");
    message.id_json = text::toJson(id);
    if (id.isInteger()) message.numeric_id = id.convert<std::int64_t>();
  }
  if (object->has("method")) {
    message.method = object->getValue<std::string>("method");
    if (object->has("params")) message.params_json = text::toJson(object->get("params"));
    message.kind = has_id ? IncomingMessage::Kind::Request : IncomingMessage::Kind::Notification;
    return message;
  }
  if (!has_id) {
    message.problem = "neither a method nor an id";
    return message;
  }
  message.kind = IncomingMessage::Kind::Response;
  if (const auto error = object->getObject("error")) {
    message.is_error = true;
    message.error_code = error->optValue<int>("code", 0);
    message.error_message = error->optValue<std::string>("message", "");
  } else if (object->has("result")) {
    message.result_json = text::toJson(object->get("result"));
  } else {
    message.kind = IncomingMessage::Kind::Invalid;
    message.problem = "a response with neither result nor error";
  }
  return message;
}

}  // namespace

IncomingMessage parseJsonRpc(std::string_view text) {
  try {
    return classify(text);
  } catch (const Poco::Exception& error) {
    // A member of the wrong type (a numeric "method", a string "code").
    IncomingMessage message;
    message.problem = "malformed JSON-RPC: " + error.message();
    return message;
  }
}

}  // namespace orchestra::mcp
