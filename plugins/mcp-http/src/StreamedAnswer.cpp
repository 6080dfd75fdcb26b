#include "StreamedAnswer.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::mcp_http {

namespace {

// Thrown from the body callback to end the request early; never leaves streamRequest.
struct StopReading {};

}  // namespace

StreamedAnswer streamRequest(const sdk::HostApi& host, orc_exec* exec,
                             const sdk::HttpRequest& request,
                             const std::function<bool()>& should_stop, const EventHandler& on_event,
                             const std::function<void()>& on_headers) {
  StreamedAnswer answer;
  SseParser parser;
  bool kind_known = false;
  const auto on_chunk = [&](std::string_view bytes) {
    if (should_stop()) throw StopReading{};
    if (bytes.empty()) {  // the host's sign that the headers arrived
      if (on_headers) on_headers();
      return;
    }
    if (!kind_known) {
      // The content type is only known once the body has ended; an event stream never starts
      // like JSON does, so its first byte tells which one this is.
      const std::size_t first = bytes.find_first_not_of(" \t\r\n");
      if (first == std::string_view::npos) return;
      kind_known = true;
      answer.event_stream = bytes[first] != '{' && bytes[first] != '[';
    }
    if (!answer.event_stream) {
      answer.body.append(bytes);
      return;
    }
    for (const SseEvent& event : parser.feed(bytes)) {
      answer.last_event_id = parser.lastEventId();
      if (!on_event(event)) throw StopReading{};
    }
    answer.last_event_id = parser.lastEventId();
  };
  try {
    const sdk::HttpResponse response = host.httpRequestStreaming(request, on_chunk, exec);
    answer.answered = true;
    answer.status_code = response.status_code;
    answer.session_id = response.header("mcp-session-id");
  } catch (const StopReading&) {
    answer.stopped = true;
    answer.failure = "stopped";
  } catch (const sdk::Error& error) {
    answer.failure = error.what();
  }
  return answer;
}

}  // namespace orchestra::plugins::mcp_http
