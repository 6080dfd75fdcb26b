#include "HttpTransport.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>

#include "EndpointUrl.hpp"
#include "StreamedAnswer.hpp"

namespace orchestra::plugins::mcp_http {

using sdk::Error;
using sdk::Json;

namespace {

constexpr const char* kConfigSchema =
    R"({"type":"object","properties":{)"
    R"("url":{"type":"string","minLength":8,"maxLength":2048,)"
    R"("description":"The server's MCP endpoint (or its SSE URL), http:// or https://"},)"
    R"("protocol":{"type":"string","enum":["streamable-http","sse"],"default":"streamable-http",)"
    R"("description":"sse: the older HTTP+SSE transport, protocol 2024-11-05"},)"
    R"("headers":{"type":"object","secret":true,"additionalProperties":{"type":"string"},)"
    R"("description":"Sent with every request, e.g. Authorization: Bearer ..."}},)"
    R"("required":["url"],"additionalProperties":false})";

// The id of a request, as JSON text; empty for notifications, responses and non-JSON.
std::string requestIdOf(const std::string& message) {
  try {
    const Json parsed = Json::parse(message);
    const Json* id = parsed.find("id");
    if (id != nullptr && parsed.contains("method")) return id->dump();
  } catch (const std::exception&) {
    // Not JSON: nobody waits for it.
  }
  return {};
}

// True when `message` is the response to the request whose id is `request_id` (JSON text).
bool answers(const std::string& message, const std::string& request_id) {
  if (request_id.empty()) return false;
  try {
    const Json parsed = Json::parse(message);
    const Json* id = parsed.find("id");
    return id != nullptr && !parsed.contains("method") && id->dump() == request_id;
  } catch (const std::exception&) {
    return false;
  }
}

uint32_t nextBackoff(uint32_t backoff_ms) {
  return std::min(backoff_ms * 2, HttpTransport::kMaxBackoffMs);
}

}  // namespace

sdk::ExtensionInfo HttpTransport::describe() {
  sdk::ExtensionInfo info;
  info.id = "mcp.http";
  info.display_name = "MCP over HTTP";
  info.description =
      "Talks to a remote MCP server over Streamable HTTP or the older HTTP+SSE transport, "
      "through the host's HTTP client (private addresses need the operator's allow setting).";
  info.category = sdk::Category::Integration;
  info.config_schema = kConfigSchema;
  return info;
}

HttpTransport::HttpTransport(const Json& config, const sdk::HostApi& host) : host_(host) {
  url_ = config.stringOr("url", "");
  if (url_.rfind("http://", 0) != 0 && url_.rfind("https://", 0) != 0) {
    throw Error::validation("config.url must be an http:// or https:// URL");
  }
  legacy_requested_ = config.stringOr("protocol", "streamable-http") == "sse";
  if (const Json* headers = config.find("headers")) {
    for (const auto& [name, value] : headers->asObject())
      headers_.emplace_back(name, value.asString());
  }
}

HttpTransport::~HttpTransport() {
  close();
}

void HttpTransport::open(orc_exec* exec) {
  {
    const std::lock_guard lock(mutex_);
    exec_ = exec;
    closed_ = false;
    close_reason_.clear();
  }
  // Streamable HTTP has nothing to connect up front: the initialize POST opens the session.
  if (legacy_requested_) openLegacyStream();
}

bool HttpTransport::closing() const {
  const std::lock_guard lock(mutex_);
  return closed_;
}

bool HttpTransport::pause(uint32_t ms) {
  std::unique_lock lock(mutex_);
  return !changed_.wait_for(lock, std::chrono::milliseconds(ms), [this] { return closed_; });
}

std::vector<std::pair<std::string, std::string>> HttpTransport::requestHeaders(
    bool json_body) const {
  std::vector<std::pair<std::string, std::string>> headers = headers_;
  if (json_body) {
    headers.emplace_back("Content-Type", "application/json");
    headers.emplace_back("Accept", "application/json, text/event-stream");
  } else {
    headers.emplace_back("Accept", "text/event-stream");
  }
  const std::lock_guard lock(mutex_);
  if (legacy_) return headers;
  if (!session_id_.empty()) headers.emplace_back("Mcp-Session-Id", session_id_);
  if (!protocol_version_.empty()) headers.emplace_back("MCP-Protocol-Version", protocol_version_);
  return headers;
}

sdk::HttpRequest HttpTransport::streamRequestTo(const std::string& last_event_id) const {
  sdk::HttpRequest request;
  request.method = "GET";
  request.url = url_;
  request.headers = requestHeaders(false);
  if (!last_event_id.empty()) request.headers.emplace_back("Last-Event-ID", last_event_id);
  request.timeout_ms = kStreamIdleMs;
  request.max_response_bytes = kMaxStreamBytes;
  return request;
}

void HttpTransport::spawn(std::function<void()> work) {
  const std::lock_guard lock(mutex_);
  if (closed_) return;  // close() is joining the workers: no new ones
  workers_.emplace_back(std::thread(), false);
  auto slot = std::prev(workers_.end());
  slot->first = std::thread([this, slot, work = std::move(work)] {
    work();
    const std::lock_guard done(mutex_);
    slot->second = true;
  });
}

void HttpTransport::joinFinishedWorkers() {
  std::list<std::pair<std::thread, bool>> finished;
  {
    const std::lock_guard lock(mutex_);
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->second) {
        finished.splice(finished.end(), workers_, it++);
      } else {
        ++it;
      }
    }
  }
  for (auto& [thread, done] : finished)
    thread.join();
}

void HttpTransport::send(std::string_view message_json) {
  joinFinishedWorkers();
  {
    const std::lock_guard lock(mutex_);
    if (closed_) throw Error(ORC_ERR_CLOSED, sdk::ErrorClass::Transient, close_reason_);
  }
  std::string message(message_json);
  if (message.find("\"notifications/initialized\"") != std::string::npos) {
    // Sent before anything else goes out (the specification wants no request before it), and
    // once the server answered the GET stream: what it sends right after initialization
    // (tools/list_changed) goes to that stream only.
    {
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, std::chrono::milliseconds(kStreamSettleMs),
                        [this] { return closed_ || legacy_ || get_stream_settled_; });
    }
    post(message);
    return;
  }
  spawn([this, message = std::move(message)] { post(message); });
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
  bool legacy = false;
  {
    const std::lock_guard lock(mutex_);
    legacy = legacy_;  // the initialize request may have fallen back while this one waited
  }
  if (legacy) {
    postLegacy(message);
  } else {
    postStreamable(message, first);
  }
}

void HttpTransport::postStreamable(const std::string& message, bool first) {
  const std::string request_id = requestIdOf(message);
  bool answered = false;
  // The initialize answer waits for the request's end: its headers bring the session id that
  // every message sent after it (notifications/initialized first) must carry.
  std::vector<std::string> held;
  sdk::HttpRequest request;
  request.method = "POST";
  request.url = url_;
  request.headers = requestHeaders(true);
  request.body = message;
  request.timeout_ms = kRequestTimeoutMs;
  request.max_response_bytes = kMaxResponseBytes;
  const StreamedAnswer answer = streamRequest(
      host_, exec_, request, [this] { return closing(); },
      [&](const SseEvent& event) {
        if (event.event != "message" || event.data.empty()) return true;
        answered = answered || answers(event.data, request_id);
        if (first) {
          held.push_back(event.data);
        } else {
          deliver(event.data);
        }
        return true;
      });
  if (answer.session_id) {
    const std::lock_guard lock(mutex_);
    if (session_id_.empty()) session_id_ = *answer.session_id;
  }
  for (std::string& early : held)
    deliver(std::move(early));
  if (answer.answered) {
    const int status = answer.status_code;
    if (first && !legacy_requested_ && (status == 400 || status == 404 || status == 405)) {
      // An HTTP+SSE server (2024-11-05) refuses the initialize POST: the specification's
      // backwards compatibility is to GET the same URL as an event stream and go on there.
      try {
        openLegacyStream();
        postLegacy(message);
      } catch (const Error& error) {
        fail("the server refused the initialize POST (HTTP " + std::to_string(status) +
             ") and is no HTTP+SSE server either: " + error.what());
      }
      return;
    }
    if (status == 202) return;  // a notification or response, accepted
    if (status == 404) {
      const std::lock_guard lock(mutex_);
      if (!session_id_.empty()) {
        // The server forgot the session: this connection is over; the host opens a new one.
        closed_ = true;
        close_reason_ = "the MCP server ended the session (HTTP 404)";
        changed_.notify_all();
        return;
      }
    }
    if (status >= 300) {
      answerWithError(message,
                      "HTTP " + std::to_string(status) + ": " + answer.body.substr(0, 200));
      return;
    }
    if (!answer.event_stream) {
      try {
        deliverJsonBody(answer.body);
      } catch (const std::exception& error) {
        answerWithError(message, std::string("the answer is not JSON: ") + error.what());
      }
      return;
    }
  }
  if (closing()) return;
  if (!answer.answered && first && !answer.event_stream) {
    fail(answer.failure);
    return;
  }
  if (request_id.empty() || answered) return;
  // The answer ended (or was cut) before the response: resume it where it stopped.
  if (!answer.last_event_id.empty() && resumeAnswer(answer.last_event_id, request_id)) return;
  if (first) {
    fail("the MCP server's answer to initialize ended early: " + answer.failure);
  } else {
    answerWithError(message, answer.answered ? "the MCP server's answer ended without a response"
                                             : answer.failure);
  }
}

bool HttpTransport::resumeAnswer(std::string last_event_id, const std::string& request_id) {
  uint32_t backoff_ms = kFirstBackoffMs;
  for (int attempt = 0; attempt < kMaxResumptions; ++attempt) {
    if (!pause(backoff_ms)) return false;
    bool answered = false;
    const StreamedAnswer resumed = streamRequest(
        host_, exec_, streamRequestTo(last_event_id), [this] { return closing(); },
        [&](const SseEvent& event) {
          if (event.event != "message" || event.data.empty()) return true;
          answered = answered || answers(event.data, request_id);
          deliver(event.data);
          return !answered;  // the rest of that stream is not ours to read
        });
    if (answered) return true;
    if (resumed.answered && resumed.status_code >= 400 && resumed.status_code != 409) return false;
    if (!resumed.last_event_id.empty()) {
      last_event_id = resumed.last_event_id;
      backoff_ms = kFirstBackoffMs;
    } else {
      backoff_ms = nextBackoff(backoff_ms);
    }
  }
  return false;
}

void HttpTransport::deliverJsonBody(const std::string& body) {
  if (body.empty()) return;
  const Json parsed = Json::parse(body);
  if (parsed.isArray()) {
    for (const Json& message : parsed.asArray())
      deliver(message.dump());
  } else {
    deliver(parsed.dump());
  }
}

void HttpTransport::startGetStream() {
  {
    const std::lock_guard lock(mutex_);
    if (get_stream_started_ || legacy_ || closed_) return;
    get_stream_started_ = true;
  }
  spawn([this] { getStreamLoop(); });
}

void HttpTransport::getStreamLoop() {
  std::string last_event_id;
  uint32_t backoff_ms = kFirstBackoffMs;
  int failures = 0;
  auto settle = [this] {
    const std::lock_guard lock(mutex_);
    get_stream_settled_ = true;
    changed_.notify_all();
  };
  while (!closing()) {
    bool heard = false;
    const StreamedAnswer answer = streamRequest(
        host_, exec_, streamRequestTo(last_event_id), [this] { return closing(); },
        [&](const SseEvent& event) {
          heard = true;
          if (event.event == "message" && !event.data.empty()) deliver(event.data);
          return true;
        },
        settle);  // the server answered: its stream listens (or it said no)
    if (!answer.last_event_id.empty()) last_event_id = answer.last_event_id;
    settle();
    if (closing()) return;
    if (answer.answered && answer.status_code == 405) return;  // the server offers no stream
    if (answer.answered && answer.status_code == 404) {
      const std::lock_guard lock(mutex_);
      closed_ = true;
      close_reason_ = "the MCP server ended the session (HTTP 404)";
      changed_.notify_all();
      return;
    }
    if (heard) {
      failures = 0;
      backoff_ms = kFirstBackoffMs;
    } else if (++failures >= kMaxStreamFailures) {
      return;  // the session goes on without messages the server sends unasked
    }
    if (!pause(backoff_ms)) return;
    backoff_ms = nextBackoff(backoff_ms);
  }
}

void HttpTransport::openLegacyStream() {
  {
    const std::lock_guard lock(mutex_);
    legacy_ = true;
  }
  spawn([this] { legacyStreamLoop(); });
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(kEndpointTimeoutMs),
                    [this] { return closed_ || !legacy_endpoint_.empty(); });
  if (!legacy_endpoint_.empty()) return;
  const std::string why = closed_ ? close_reason_ : "the server named no endpoint in time";
  throw Error(ORC_ERR_UNAVAILABLE, sdk::ErrorClass::Transient,
              "the HTTP+SSE stream of " + url_ + " failed: " + why);
}

void HttpTransport::legacyStreamLoop() {
  std::string problem;
  const StreamedAnswer answer = streamRequest(
      host_, exec_, streamRequestTo(""), [this] { return closing(); },
      [&](const SseEvent& event) {
        if (event.event == "endpoint") {
          try {
            const std::string endpoint = resolveEndpoint(url_, event.data);
            const std::lock_guard lock(mutex_);
            legacy_endpoint_ = endpoint;
            changed_.notify_all();
          } catch (const Error& error) {
            problem = error.what();
            return false;
          }
        } else if (event.event == "message" && !event.data.empty()) {
          deliver(event.data);
        }
        return true;
      });
  // The session lives as long as this stream: HTTP+SSE has no way to resume it.
  if (problem.empty()) {
    problem = answer.answered ? "the MCP server closed the SSE stream (HTTP " +
                                    std::to_string(answer.status_code) + ")"
                              : "the SSE stream failed: " + answer.failure;
  }
  fail(problem);
}

void HttpTransport::postLegacy(const std::string& message) {
  std::string endpoint;
  {
    const std::lock_guard lock(mutex_);
    endpoint = legacy_endpoint_;
  }
  sdk::HttpRequest request;
  request.method = "POST";
  request.url = endpoint;
  request.headers = requestHeaders(true);
  request.body = message;
  request.timeout_ms = kRequestTimeoutMs;
  request.max_response_bytes = kMaxResponseBytes;
  try {
    const sdk::HttpResponse response = host_.httpRequest(request, exec_);
    // The answer comes over the event stream; this only says the message was taken.
    if (response.status_code >= 300) {
      answerWithError(message, "HTTP " + std::to_string(response.status_code) + ": " +
                                   response.body.substr(0, 200));
    }
  } catch (const Error& error) {
    answerWithError(message, error.what());
  }
}

void HttpTransport::deliver(std::string message) {
  bool initialized = false;
  {
    const std::lock_guard lock(mutex_);
    if (protocol_version_.empty() && message.find("\"protocolVersion\"") != std::string::npos) {
      // The initialize answer: later requests name the version it settled on.
      try {
        const Json parsed = Json::parse(message);
        if (const Json* result = parsed.find("result")) {
          protocol_version_ = result->stringOr("protocolVersion", "");
          initialized = !protocol_version_.empty();
        }
      } catch (const std::exception&) {
        // Not JSON: the host's session reports it.
      }
    }
    inbox_.push_back(std::move(message));
    changed_.notify_all();
  }
  // The session exists now: listen for what the server sends unasked.
  if (initialized) startGetStream();
}

void HttpTransport::answerWithError(const std::string& message, const std::string& why) {
  const std::string id = requestIdOf(message);
  if (id.empty()) return;  // nobody waits for an answer
  Json error = Json::object();
  error["code"] = Json(-32000);
  error["message"] = Json(why);
  Json answer = Json::object();
  answer["jsonrpc"] = Json("2.0");
  answer["id"] = Json::parse(id);
  answer["error"] = error;
  deliver(answer.dump());
}

void HttpTransport::fail(const std::string& why) {
  const std::lock_guard lock(mutex_);
  if (closed_) return;
  closed_ = true;
  close_reason_ = why;
  changed_.notify_all();
}

std::optional<std::string> HttpTransport::receive(uint32_t timeout_ms) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, std::chrono::milliseconds(timeout_ms),
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
    if (closed_ && workers_.empty()) return;
    closed_ = true;
    if (close_reason_.empty()) close_reason_ = "the transport was closed";
    if (!legacy_) session = session_id_;
    changed_.notify_all();
  }
  if (!session.empty()) {
    // Ending the session makes the server close its streams and the answers still open.
    sdk::HttpRequest request;
    request.method = "DELETE";
    request.url = url_;
    request.headers = requestHeaders(false);
    request.timeout_ms = kCloseTimeoutMs;
    try {
      host_.httpRequest(request);
    } catch (const std::exception&) {
      // Gone already: nothing to end.
    }
  }
  // The streams end too: the host cancels the exec they run under, and each checks closed_.
  while (true) {
    std::list<std::pair<std::thread, bool>> workers;
    {
      const std::lock_guard lock(mutex_);
      if (workers_.empty()) return;
      workers.swap(workers_);
    }
    for (auto& [thread, done] : workers)
      thread.join();
  }
}

}  // namespace orchestra::plugins::mcp_http
