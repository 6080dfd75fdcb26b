#include "SseParser.hpp"

namespace orchestra::plugins::mcp_http {

std::vector<SseEvent> SseParser::feed(std::string_view text) {
  std::vector<SseEvent> done;
  pending_.append(text);
  std::size_t start = 0;
  while (true) {
    const std::size_t end = pending_.find('\n', start);
    if (end == std::string::npos) break;
    std::string_view one(pending_.data() + start, end - start);
    if (!one.empty() && one.back() == '\r') one.remove_suffix(1);
    line(one, done);
    start = end + 1;
  }
  pending_.erase(0, start);
  return done;
}

void SseParser::line(std::string_view text, std::vector<SseEvent>& done) {
  if (text.empty()) {  // the event is complete
    if (has_data_) done.push_back(current_);
    current_ = SseEvent{};
    has_data_ = false;
    return;
  }
  if (text.front() == ':') return;  // a comment (keep-alive)
  const std::size_t colon = text.find(':');
  const std::string_view field = text.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? "" : text.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field == "data") {
    if (has_data_) current_.data += '\n';
    current_.data.append(value);
    has_data_ = true;
  } else if (field == "event") {
    current_.event = std::string(value);
  } else if (field == "id") {
    current_.id = std::string(value);
    last_event_id_ = current_.id;
  }
}

}  // namespace orchestra::plugins::mcp_http
