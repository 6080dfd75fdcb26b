// One HTTP request of the MCP HTTP transports whose answer is read as it arrives: an event
// stream event by event (so a notification or a server request reaches the session at once),
// any other body collected whole. It ends when the body ends, the handler asks to stop, the
// transport closes or the host cancels the transport's exec.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "SseParser.hpp"
#include "orchestra/sdk/HostApi.hpp"

namespace orchestra::plugins::mcp_http {

struct StreamedAnswer {
  bool answered = false;  // the body ended normally: status_code and headers are known
  int status_code = 0;
  bool event_stream = false;  // the body was text/event-stream (known from its first byte)
  std::string body;           // the body when it was not an event stream
  std::optional<std::string> session_id;  // Mcp-Session-Id, when answered
  std::string failure;                    // why not answered: unreachable, cut, cancelled
  bool stopped = false;                   // the handler or should_stop ended it
  std::string last_event_id;              // of the events read, for resumption
};

// Returns false to stop reading.
using EventHandler = std::function<bool(const SseEvent& event)>;

// `on_headers` (may be empty) runs once the answer's headers arrived.
StreamedAnswer streamRequest(const sdk::HostApi& host, orc_exec* exec,
                             const sdk::HttpRequest& request,
                             const std::function<bool()>& should_stop, const EventHandler& on_event,
                             const std::function<void()>& on_headers = {});

}  // namespace orchestra::plugins::mcp_http
