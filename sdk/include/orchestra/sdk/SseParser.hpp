// Splits a text/event-stream body (Server-Sent Events) into events as its bytes arrive in
// arbitrary chunks: what AI providers stream their answers in.
#pragma once

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace orchestra::sdk {

struct SseEvent {
  std::string event;  // the `event:` field; empty when the server sent none
  std::string data;   // the `data:` lines joined by '\n'
};

// Follows the WHATWG rules that matter to API streams: lines end in \n, \r\n or \r; a blank line
// dispatches the event; `:` lines are comments; one space after the colon is dropped; an event
// without data is not dispatched. THREAD: one feeder at a time.
class SseParser {
 public:
  using Handler = std::function<void(const SseEvent& event)>;
  static constexpr std::size_t kDefaultMaxLineBytes = std::size_t{16} * 1024 * 1024;

  explicit SseParser(Handler handler, std::size_t max_line_bytes = kDefaultMaxLineBytes)
      : handler_(std::move(handler)), max_line_bytes_(max_line_bytes) {}

  // Throws std::length_error for a line longer than max_line_bytes (a broken or hostile peer).
  void feed(std::string_view bytes) {
    for (char c : bytes) {
      if (skip_line_feed_) {
        skip_line_feed_ = false;
        if (c == '\n') continue;
      }
      if (c == '\r' || c == '\n') {
        skip_line_feed_ = c == '\r';
        line(line_);
        line_.clear();
        continue;
      }
      if (line_.size() >= max_line_bytes_) throw std::length_error("SSE line too long");
      line_ += c;
    }
  }

  // True when bytes of an unfinished line or event are pending: a stream that ends here was cut.
  bool midEvent() const { return !line_.empty() || has_data_ || !current_.event.empty(); }

 private:
  void line(std::string_view text) {
    if (text.empty()) {
      if (has_data_) handler_(current_);
      current_ = SseEvent{};
      has_data_ = false;
      return;
    }
    if (text.front() == ':') return;
    const std::size_t colon = text.find(':');
    std::string_view field = text.substr(0, colon);
    std::string_view value;
    if (colon != std::string_view::npos) {
      value = text.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "event") {
      current_.event.assign(value);
    } else if (field == "data") {
      if (has_data_) current_.data += '\n';
      current_.data.append(value);
      has_data_ = true;
    }
  }

  Handler handler_;
  std::size_t max_line_bytes_;
  std::string line_;
  SseEvent current_;
  bool has_data_ = false;
  bool skip_line_feed_ = false;
};

}  // namespace orchestra::sdk
