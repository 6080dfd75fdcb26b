// Server-sent events as the MCP HTTP transports receive them: text fed in pieces, whole events
// out (data lines joined by "\n", the last event id remembered for resumption).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orchestra::plugins::mcp_http {

struct SseEvent {
  std::string event = "message";  // the "event:" field, "message" when absent
  std::string data;
  std::string id;  // empty when the event named none
};

class SseParser {
 public:
  // Feeds more of the stream; returns the events completed by it (a blank line ends one).
  std::vector<SseEvent> feed(std::string_view text);
  const std::string& lastEventId() const { return last_event_id_; }

 private:
  void line(std::string_view text, std::vector<SseEvent>& done);

  std::string pending_;  // an incomplete line
  SseEvent current_;
  bool has_data_ = false;
  std::string last_event_id_;
};

}  // namespace orchestra::plugins::mcp_http
