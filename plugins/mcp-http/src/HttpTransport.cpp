#include "HttpTransport.hpp"

#include <algorithm>
#include <cctype>

#include "SseParser.hpp"

namespace orchestra::plugins::mcp_http {

using sdk::Error;
using sdk::Json;

namespace {

constexpr const char* kConfigSchema =
    R"({"type":"object","properties":{)"
    R"("url":{"type":"string","minLength":8,"maxLength":2048,)"
    R"("description":"The server's MCP endpoint, http:// or https://"},)"
    R"("protocol":{"type":"string","enum":["streamable-http"],"default":"streamable-http"},)"
    R"("headers":{"type":"object","secret":true,"additionalProperties":{"type":"string"},)"
    R"("description":"Sent with every request, e.g. Authorization: Bearer ..."}},)"
    R"("required":["url"],"additionalProperties":false})";

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

sdk::ExtensionInfo HttpTransport::describe() {
  sdk::ExtensionInfo info;
  info.id = "mcp.http";
  info.display_name = "MCP over HTTP";
  info.description =
      "Talks to a remote MCP server over Streamable HTTP, through the host's "
      "HTTP client (private addresses need the operator's allow setting).";
  info.category = sdk::Category::Integration;
  info.config_schema = kConfigSchema;
  return info;
}

HttpTransport::HttpTransport(const Json& config, const sdk::HostApi& host) : host_(host) {
  url_ = config.stringOr("url", "");
  if (url_.rfind("http://", 0) != 0 && url_.rfind("https://", 0) != 0) {
    throw Error::validation("config.url must be an http:// or https:// URL");
  }
  if (const Json* headers = config.find("headers")) {
    for (const auto& [name, value] : headers->asObject())
      headers_.emplace_back(name, value.asString());
  }
}

HttpTransport::~HttpTransport() {
  close();
}

void HttpTransport::open(orc_exec*) {
  // Streamable HTTP has nothing to connect up front: the initialize POST opens the session.
  const std::lock_guard lock(mutex_);
  closed_ = false;
  close_reason_.clear();
}

std::vector<std::pair<std::string, std::string>> HttpTransport::requestHeaders() const {
  std::vector<std::pair<std::string, std::string>> headers = headers_;
  headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", "application/json, text/event-stream");
  const std::lock_guard lock(mutex_);
  if (!session_id_.empty()) headers.emplace_back("Mcp-Session-Id", session_id_);
  if (!protocol_version_.empty()) headers.emplace_back("MCP-Protocol-Version", protocol_version_);
  return headers;
}

void HttpTransport::send(std::string_view message_json) {
  joinFinishedPosts();
  std::string message(message_json);
  const std::lock_guard lock(mutex_);
  if (closed_) throw Error(ORC_ERR_CLOSED, sdk::ErrorClass::Transient, close_reason_);
  posts_.emplace_back(std::thread(), false);
  auto slot = std::prev(posts_.end());
  slot->first = std::thread([this, slot, message = std::move(message)] {
    post(message);
    const std::lock_guard done(mutex_);
    slot->second = true;
  });
}

void HttpTransport::joinFinishedPosts() {
  std::list<std::pair<std::thread, bool>> finished;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = posts_.begin(); it != posts_.end();) {
      if (it->second) {
        finished.splice(finished.end(), posts_, it++);
      } else {
        ++it;
      }
    }
  }
  for (auto& [thread, done] : finished)
    thread.join();
}

void HttpTransport::post(const std::string& message) {
  bool first = false;
  {
    const std::lock_guard lock(mutex_);
    first = session_id_.empty() && protocol_version_.empty();
  }
  // Until the server named its session, requests wait for the one that opens it.
  std::unique_lock initializing(initialize_mutex_, std::defer_lock);
  if (first) initializing.lock();
  sdk::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.headers = requestHeaders();
  request.body = message;
  request.timeout_ms = kRequestTimeoutMs;
  request.max_response_bytes = kMaxResponseBytes;
  try {
    const sdk::HttpResponse response = host_.httpRequest(request);
    if (const auto session = response.header("mcp-session-id")) {
      const std::lock_guard lock(mutex_);
      if (session_id_.empty()) session_id_ = *session;
    }
    if (response.status_code == 202) return;  // a notification or response, accepted
    if (response.status_code == 404) {
      const std::lock_guard lock(mutex_);
      if (!session_id_.empty()) {
        // The server forgot the session: this connection is over; the host opens a new one.
        closed_ = true;
        close_reason_ = "the MCP server ended the session (HTTP 404)";
        arrived_.notify_all();
        return;
      }
    }
    if (response.status_code >= 300) {
      answerWithError(message, "HTTP " + std::to_string(response.status_code) + ": " +
                                   response.body.substr(0, 200));
      return;
    }
    deliverAnswer(response);
  } catch (const Error& error) {
    if (first) {
      fail(error.what());
    } else {
      answerWithError(message, error.what());
    }
  }
}

void HttpTransport::deliverAnswer(const sdk::HttpResponse& response) {
  const std::string type = lower(response.header("content-type").value_or(""));
  if (type.find("text/event-stream") != std::string::npos) {
    SseParser parser;
    for (auto& event : parser.feed(response.body + "\n\n")) {
      if (event.event == "message") deliver(std::move(event.data));
    }
    return;
  }
  if (response.body.empty()) return;
  const Json body = Json::parse(response.body);
  if (body.isArray()) {
    for (const Json& message : body.asArray())
      deliver(message.dump());
  } else {
    deliver(body.dump());
  }
}

void HttpTransport::deliver(std::string message) {
  const std::lock_guard lock(mutex_);
  if (protocol_version_.empty() && message.find("\"protocolVersion\"") != std::string::npos) {
    // The initialize answer: later requests name the version it settled on.
    try {
      const Json parsed = Json::parse(message);
      if (const Json* result = parsed.find("result")) {
        protocol_version_ = result->stringOr("protocolVersion", "");
      }
    } catch (const std::exception&) {
      // Not JSON: the host's session reports it.
    }
  }
  inbox_.push_back(std::move(message));
  arrived_.notify_one();
}

void HttpTransport::answerWithError(const std::string& message, const std::string& why) {
  Json parsed;
  try {
    parsed = Json::parse(message);
  } catch (const std::exception&) {
    return;
  }
  const Json* id = parsed.find("id");
  if (id == nullptr || !parsed.contains("method")) return;  // nobody waits for an answer
  Json error = Json::object();
  error["code"] = Json(-32000);
  error["message"] = Json(why);
  Json answer = Json::object();
  answer["jsonrpc"] = Json("2.0");
  answer["id"] = *id;
  answer["error"] = error;
  deliver(answer.dump());
}

void HttpTransport::fail(const std::string& why) {
  const std::lock_guard lock(mutex_);
  closed_ = true;
  close_reason_ = why;
  arrived_.notify_all();
}

std::optional<std::string> HttpTransport::receive(uint32_t timeout_ms) {
  std::unique_lock lock(mutex_);
  arrived_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                    [this] { return closed_ || !inbox_.empty(); });
  if (!inbox_.empty()) {
    std::string message = std::move(inbox_.front());
    inbox_.pop_front();
    return message;
  }
  if (closed_) throw Error(ORC_ERR_CLOSED, sdk::ErrorClass::Transient, close_reason_);
  return std::nullopt;
}

void HttpTransport::close() noexcept {
  std::string session;
  {
    const std::lock_guard lock(mutex_);
    if (closed_ && posts_.empty()) return;
    closed_ = true;
    if (close_reason_.empty()) close_reason_ = "the transport was closed";
    session = session_id_;
    arrived_.notify_all();
  }
  if (!session.empty()) {
    // Ending the session makes the server close the answers still open: their POSTs return.
    sdk::HttpRequest request;
    request.method = "DELETE";
    request.url = url_;
    request.headers = requestHeaders();
    request.timeout_ms = kCloseTimeoutMs;
    try {
      host_.httpRequest(request);
    } catch (const std::exception&) {
      // Gone already: nothing to end.
    }
  }
  std::list<std::pair<std::thread, bool>> posts;
  {
    const std::lock_guard lock(mutex_);
    posts.swap(posts_);
  }
  for (auto& [thread, done] : posts)
    thread.join();
}

}  // namespace orchestra::plugins::mcp_http
