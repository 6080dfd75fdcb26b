#include "host/mcp/McpSession.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <chrono>

#include "host/mcp/JsonRpc.hpp"
#include "host/mcp/McpProtocolVersion.hpp"
#include "host/observability/Logger.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::mcp {

namespace {

constexpr std::string_view kLogger = "mcp";
// How long one receive may block: bounds how long close() waits for the reader.
constexpr std::uint32_t kReaderSliceMs = 200;
// A server that pages forever (a cursor loop) is cut off here.
constexpr int kMaxToolPages = 1000;

Poco::JSON::Object::Ptr parseObject(const std::string& json, std::string_view what) {
  try {
    Poco::JSON::Parser parser;
    const Poco::Dynamic::Var parsed = parser.parse(json);
    if (parsed.type() == typeid(Poco::JSON::Object::Ptr)) {
      return parsed.extract<Poco::JSON::Object::Ptr>();
    }
  } catch (const Poco::Exception&) {
  }
  throw McpError(McpFailure::Protocol,
                 std::string("the server's ") + std::string(what) + " result is not a JSON object");
}

}  // namespace

McpSession::McpSession(std::unique_ptr<plugins::McpTransportInstance> transport,
                       McpSessionOptions options)
    : transport_(std::move(transport)), options_(std::move(options)) {
  const plugins::TransportAnswer opened = transport_->open();
  if (!opened.ok()) {
    transport_->close();
    throw McpError(McpFailure::Unavailable, "could not open the MCP transport " +
                                                transport_->transportId() + ": " + opened.text);
  }
  reader_ = std::thread([this] { readLoop(); });
  try {
    handshake();
  } catch (...) {
    close("the handshake failed");
    throw;
  }
}

McpSession::~McpSession() {
  close();
}

void McpSession::handshake() {
  text::JsonWriter params;
  params.beginObject().field("protocolVersion", kLatestProtocolVersion);
  params.key("capabilities").beginObject().endObject();
  params.key("clientInfo").beginObject().field("name", options_.client_name);
  params.field("version", options_.client_version).endObject().endObject();
  const std::string result = request("initialize", params.text());
  const auto object = parseObject(result, "initialize");
  const auto version = object->optValue<std::string>("protocolVersion", "");
  // The server answers with the version it will speak: one we know, or we cannot talk.
  if (!isSupportedProtocolVersion(version)) {
    throw McpError(McpFailure::Protocol, "the MCP server speaks protocol version \"" + version +
                                             "\", this host speaks 2025-11-25 down to 2024-11-05");
  }
  protocol_version_ = version;
  if (object->has("serverInfo")) server_info_json_ = text::toJson(object->get("serverInfo"));
  notify("notifications/initialized", "");
}

void McpSession::sendText(const std::string& text) {
  std::lock_guard lock(send_mutex_);
  if (transport_closed_) throw McpError(McpFailure::Closed, close_reason_);
  const plugins::TransportAnswer sent = transport_->send(text);
  if (!sent.ok()) {
    throw McpError(sent.status == ORC_ERR_CLOSED ? McpFailure::Closed : McpFailure::Unavailable,
                   "could not send to the MCP server: " + sent.text);
  }
}

void McpSession::notify(std::string_view method, std::string_view params_json) {
  sendText(jsonRpcNotification(method, params_json));
}

std::string McpSession::request(std::string_view method, std::string_view params_json,
                                const CallControl& control) {
  if (closed_) {
    std::lock_guard lock(mutex_);
    throw McpError(McpFailure::Closed, close_reason_);
  }
  const std::int64_t id = next_id_++;
  auto slot = std::make_shared<Pending>();
  {
    std::lock_guard lock(mutex_);
    pending_[id] = slot;
  }
  auto forget = [&] {
    std::lock_guard lock(mutex_);
    pending_.erase(id);
  };
  try {
    sendText(jsonRpcRequest(id, method, params_json));
  } catch (...) {
    forget();
    throw;
  }
  const std::uint32_t timeout_ms =
      control.timeout_ms == 0 ? options_.request_timeout_ms : control.timeout_ms;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // The server stops working on a request we gave up on only if we say so.
  auto giveUp = [&](McpFailure failure, const std::string& reason) {
    forget();
    text::JsonWriter params;
    params.beginObject().field("requestId", id).field("reason", reason).endObject();
    try {
      notify("notifications/cancelled", params.text());
    } catch (const McpError&) {
      // The connection is gone: nothing is running there any more either.
    }
    return McpError(failure, std::string(method) + ": " + reason);
  };
  std::unique_lock lock(mutex_);
  while (!slot->done) {
    if (closed_) {
      pending_.erase(id);
      throw McpError(McpFailure::Closed, std::string(method) + ": " + close_reason_);
    }
    if (control.is_cancelled && control.is_cancelled()) {
      lock.unlock();
      throw giveUp(McpFailure::Cancelled, "cancelled by the caller");
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      lock.unlock();
      throw giveUp(McpFailure::Timeout, "no answer within " + std::to_string(timeout_ms) + " ms");
    }
    answered_.wait_for(lock, std::chrono::milliseconds(kCancelPollMs));
  }
  pending_.erase(id);
  if (slot->is_error) {
    throw McpError(McpFailure::Remote, std::string(method) + ": " + slot->text, slot->error_code);
  }
  return std::move(slot->text);
}

std::string McpSession::listTools(const CallControl& control) {
  text::JsonWriter tools;
  tools.beginArray();
  std::string cursor;
  for (int page = 0; page < kMaxToolPages; ++page) {
    std::string params;
    if (!cursor.empty()) {
      text::JsonWriter writer;
      writer.beginObject().field("cursor", cursor).endObject();
      params = std::move(writer).finish();
    }
    const auto result = parseObject(request("tools/list", params, control), "tools/list");
    const auto page_tools = result->getArray("tools");
    if (!page_tools) throw McpError(McpFailure::Protocol, "tools/list: no tools array");
    for (const auto& tool : *page_tools)
      tools.rawValue(text::toJson(tool));
    cursor = result->optValue<std::string>("nextCursor", "");
    if (cursor.empty()) return std::move(tools.endArray()).finish();
  }
  throw McpError(McpFailure::Protocol,
                 "tools/list: still paging after " + std::to_string(kMaxToolPages) + " pages");
}

McpToolResult McpSession::callTool(std::string_view name, std::string_view arguments_json,
                                   const CallControl& control) {
  text::JsonWriter params;
  params.beginObject().field("name", name);
  params.key("arguments").rawValue(arguments_json.empty() ? "{}" : arguments_json).endObject();
  McpToolResult result;
  result.result_json = request("tools/call", params.text(), control);
  const auto object = parseObject(result.result_json, "tools/call");
  result.is_error = object->optValue<bool>("isError", false);
  return result;
}

void McpSession::ping(std::uint32_t timeout_ms) {
  request("ping", "", CallControl{timeout_ms, {}});
}

void McpSession::readLoop() noexcept {
  std::string reason = "the MCP server closed the connection";
  while (!reader_stopping_) {
    const plugins::TransportAnswer received = transport_->receive(kReaderSliceMs);
    if (received.ok()) {
      dispatch(received.text);
      continue;
    }
    if (received.status == ORC_ERR_TIMEOUT) continue;
    if (received.status != ORC_ERR_CLOSED) reason = "the MCP transport failed: " + received.text;
    break;
  }
  if (reader_stopping_) return;  // close() is ending the session and reports its own reason
  failAll(reason);
  observability::logWarning(kLogger, "MCP session ended", {{"reason", reason}});
  if (options_.on_closed) options_.on_closed(reason);
}

void McpSession::dispatch(std::string_view text) {
  const IncomingMessage message = parseJsonRpc(text);
  switch (message.kind) {
    case IncomingMessage::Kind::Response: {
      std::lock_guard lock(mutex_);
      if (!message.numeric_id) return;
      const auto found = pending_.find(*message.numeric_id);
      if (found == pending_.end()) return;  // answered after we gave up: nobody waits
      Pending& slot = *found->second;
      slot.done = true;
      slot.is_error = message.is_error;
      slot.error_code = message.error_code;
      slot.text = message.is_error ? message.error_message : message.result_json;
      answered_.notify_all();
      return;
    }
    case IncomingMessage::Kind::Request:
      answerServerRequest(message.id_json, message.method);
      return;
    case IncomingMessage::Kind::Notification:
      if (message.method == "notifications/tools/list_changed" && options_.on_tools_list_changed) {
        options_.on_tools_list_changed();
      }
      return;
    case IncomingMessage::Kind::Invalid:
      observability::logWarning(kLogger, "MCP server sent an invalid message",
                                {{"problem", message.problem}});
      return;
  }
}

void McpSession::answerServerRequest(const std::string& id_json, const std::string& method) {
  // We declare no client capabilities (sampling, roots, elicitation): only ping is ours.
  const std::string answer = method == "ping"
                                 ? jsonRpcResult(id_json, "{}")
                                 : jsonRpcError(id_json, kMethodNotFound, "Method not found");
  try {
    sendText(answer);
  } catch (const McpError&) {
    // The connection is going away; the reader will see it end.
  }
}

void McpSession::failAll(const std::string& reason) {
  std::lock_guard lock(mutex_);
  if (close_reason_.empty()) close_reason_ = reason;
  closed_ = true;
  answered_.notify_all();
}

void McpSession::close(const std::string& reason) noexcept {
  std::lock_guard closing(close_mutex_);
  failAll(reason);
  reader_stopping_ = true;
  if (reader_.joinable()) {
    // The last owner may drop the session from the reader's own callback.
    if (reader_.get_id() == std::this_thread::get_id()) {
      reader_.detach();
    } else {
      reader_.join();
    }
  }
  std::lock_guard lock(send_mutex_);
  if (transport_closed_) return;
  transport_closed_ = true;
  transport_->close();
}

}  // namespace orchestra::mcp
