#include "host/app/RunProgress.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <array>
#include <cstdio>
#include <optional>

namespace orchestra::app {

namespace {

using Poco::JSON::Object;

constexpr std::size_t kStatusWidth = 10;  // "completed" and a space

bool isEndState(const std::string& status) {
  return status == "completed" || status == "failed" || status == "skipped" ||
         status == "cancelled";
}

std::string formatDuration(double duration_ms) {
  if (duration_ms < 1000) return std::to_string(static_cast<long long>(duration_ms)) + " ms";
  std::array<char, 32> text{};
  std::snprintf(text.data(), text.size(), "%.2f s", duration_ms / 1000.0);
  return text.data();
}

std::string memberText(const Object::Ptr& object, const std::string& name) {
  if (object.isNull() || !object->has(name) || object->isNull(name)) return {};
  return object->get(name).toString();
}

std::optional<double> memberNumber(const Object::Ptr& object, const std::string& name) {
  if (object.isNull() || !object->has(name)) return std::nullopt;
  const Poco::Dynamic::Var value = object->get(name);
  if (!value.isNumeric()) return std::nullopt;
  return value.convert<double>();
}

void padTo(std::string& text, std::size_t width) {
  text.append(text.size() < width ? width - text.size() : 1, ' ');
}

}  // namespace

RunProgress::RunProgress(std::ostream& out, bool interactive, std::size_t label_width)
    : out_(out), interactive_(interactive), label_width_(label_width) {}

void RunProgress::show(std::string_view event_json) {
  Object::Ptr event;
  try {
    Poco::JSON::Parser parser;
    event = parser.parse(std::string(event_json)).extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
    return;  // not a runtime message; nothing to show
  }
  if (memberText(event, "type") != "node_status") return;
  const std::string node_id = memberText(event, "node_id");
  const std::string status = memberText(event, "status");
  const Object::Ptr data = event->getObject("data");
  const std::string scope = memberText(data, "scope");
  const Object::Ptr detail = data.isNull() ? nullptr : data->getObject("detail");
  const std::string key = node_id + '\x1f' + scope;

  std::string suffix;
  if (status == "running") {
    const std::string attempt = memberText(detail, "attempt");
    if (!attempt.empty() && attempt != "1") suffix = "attempt " + attempt;
  } else if (status == "retrying") {
    suffix = "again in " + formatDuration(memberNumber(detail, "retry_in_ms").value_or(0));
  } else if (const auto duration_ms = memberNumber(detail, "duration_ms")) {
    suffix = formatDuration(*duration_ms);
  } else if (const auto since = running_since_.find(key); since != running_since_.end()) {
    // The runtime reports no duration for a failure; the time since "running" is the same.
    const std::chrono::duration<double, std::milli> elapsed =
        std::chrono::steady_clock::now() - since->second;
    suffix = formatDuration(elapsed.count());
  }
  const std::string error = memberText(detail, "error");
  if (!error.empty()) suffix += (suffix.empty() ? "" : "  ") + error;

  printNodeLine(scope.empty() ? node_id : node_id + "[" + scope + "]", status, suffix);
  inside_loop_ = !scope.empty();
  trackPass(scope, key, status);
  if (status == "running") {
    running_since_[key] = std::chrono::steady_clock::now();
  } else {
    running_since_.erase(key);
  }
  drawProgress();
}

void RunProgress::printNodeLine(const std::string& label, const std::string& status,
                                const std::string& suffix) {
  clear();
  std::string line = "  " + label;
  padTo(line, label_width_ + 2);
  line += status;
  if (!suffix.empty()) {
    padTo(line, label_width_ + 2 + kStatusWidth);
    line += suffix;
  }
  out_ << line << '\n';
}

void RunProgress::trackPass(const std::string& scope, const std::string& key,
                            const std::string& status) {
  if (scope.empty()) return;  // not inside a loop
  Pass& pass = passes_[scope];
  const bool was_running = running_since_.count(key) != 0;
  if (was_running && status != "running" && pass.running > 0) --pass.running;
  if (status == "running") {
    ++pass.running;
  } else if (isEndState(status)) {
    pass.anything_ended = true;
  }
  const bool done = pass.anything_ended && pass.running == 0;
  if (done && !pass.counted) {
    pass.counted = true;
    ++completed_passes_;
  } else if (!done && pass.counted) {
    // A later node of the pass started after the earlier ones ended: not done after all.
    pass.counted = false;
    --completed_passes_;
  }
}

void RunProgress::drawProgress() {
  if (!interactive_ || !inside_loop_ || completed_passes_ == 0) {
    out_.flush();
    return;
  }
  out_ << "  loop passes completed: " << completed_passes_ << std::flush;
  progress_shown_ = true;
}

void RunProgress::clear() {
  if (!progress_shown_) return;
  out_ << "\r\x1b[K";  // back to the line's start and erase it
  progress_shown_ = false;
}

}  // namespace orchestra::app
