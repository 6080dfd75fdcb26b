#include "host/plugins/StderrRelay.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>

#include "host/observability/Logger.hpp"
#include "host/plugins/SteadyMs.hpp"

namespace orchestra::plugins {

namespace {

constexpr std::string_view kLogger = "process";
constexpr int kPollIntervalMs = 100;

}  // namespace

StderrRelay::StderrRelay(int fd, std::string command, pid_t pid, StderrRelaySettings settings)
    : fd_(fd), command_(std::move(command)), pid_(pid), settings_(settings) {
  thread_ = std::thread([this] { run(); });
}

StderrRelay::~StderrRelay() {
  stop(0);
}

void StderrRelay::stop(int drain_ms) noexcept {
  if (!thread_.joinable()) return;
  stop_deadline_ms_ = steadyMs() + drain_ms;
  stopping_ = true;
  thread_.join();
  ::close(fd_);
}

void StderrRelay::run() noexcept {
  std::string line;
  bool truncated = false;
  std::array<char, 4096> chunk{};
  while (true) {
    if (stopping_ && steadyMs() >= stop_deadline_ms_) break;
    pollfd waiting{fd_, POLLIN, 0};
    const int ready = ::poll(&waiting, 1, kPollIntervalMs);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t size = ::read(fd_, chunk.data(), chunk.size());
    if (size < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (size <= 0) break;  // end of file: every writer of the pipe is gone
    for (ssize_t i = 0; i < size; ++i) {
      const char character = chunk[static_cast<std::size_t>(i)];
      if (character == '\n') {
        onLine(line, truncated);
        line.clear();
        truncated = false;
      } else if (line.size() < static_cast<std::size_t>(settings_.max_line_bytes)) {
        line.push_back(character);
      } else {
        truncated = true;
      }
    }
  }
  if (!line.empty()) onLine(line, truncated);
  flushSuppressed();
}

void StderrRelay::onLine(std::string_view line, bool truncated) {
  const std::int64_t second = steadyMs() / 1000;
  if (second != window_second_) {
    flushSuppressed();
    window_second_ = second;
    lines_in_window_ = 0;
  }
  if (++lines_in_window_ > settings_.lines_per_second) {
    ++suppressed_;
    return;
  }
  observability::logInfo(kLogger, "child stderr",
                         {{"command", command_},
                          {"pid", static_cast<std::int64_t>(pid_)},
                          {"line", line},
                          {"truncated", truncated}});
}

void StderrRelay::flushSuppressed() {
  if (suppressed_ == 0) return;
  observability::logWarning(
      kLogger, "child stderr lines not logged (rate limit)",
      {{"command", command_}, {"pid", static_cast<std::int64_t>(pid_)}, {"lines", suppressed_}});
  suppressed_ = 0;
}

}  // namespace orchestra::plugins
