#include "host/observability/Logger.hpp"

#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <mutex>
#include <string>

#include "host/observability/LogLine.hpp"

namespace orchestra::observability {
namespace {

std::atomic<LogLevel> g_level{LogLevel::Info};

// The sink is for tests; the flag keeps the production path (stderr) free of the mutex.
std::atomic<bool> g_sink_installed{false};
std::mutex g_sink_mutex;
LogSink g_sink;

void writeToStderr(std::string_view line) noexcept {
  // One write(2) per line: pipes (< PIPE_BUF) and O_APPEND files keep it whole. The loop only
  // runs again on a partial write of a very long line or on EINTR.
  while (!line.empty()) {
    const ssize_t written = ::write(STDERR_FILENO, line.data(), line.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return;  // stderr closed or full: losing a log line must not take the request down
    }
    line.remove_prefix(static_cast<std::size_t>(written));
  }
}

void deliver(std::string_view line) noexcept {
  if (g_sink_installed.load(std::memory_order_acquire)) {
    std::lock_guard lock(g_sink_mutex);
    if (g_sink) {
      try {
        g_sink(line);
      } catch (...) {
        // A test sink that throws must not turn logging into a crash.
      }
      return;
    }
  }
  writeToStderr(line);
}

}  // namespace

void setLogLevel(LogLevel level) noexcept {
  g_level.store(level, std::memory_order_relaxed);
}

LogLevel logLevel() noexcept {
  return g_level.load(std::memory_order_relaxed);
}

bool logEnabled(LogLevel level) noexcept {
  return level >= g_level.load(std::memory_order_relaxed);
}

void logEvent(LogLevel level, std::string_view logger, std::string_view message,
              std::initializer_list<LogField> fields) noexcept {
  logEvent(level, logger, message, std::span<const LogField>(fields.begin(), fields.size()));
}

void logEvent(LogLevel level, std::string_view logger, std::string_view message,
              std::span<const LogField> fields) noexcept {
  if (!logEnabled(level)) return;
  // Keeps its capacity between lines, so a warm thread formats without allocating.
  thread_local std::string line;
  try {
    line.clear();
    appendLogLine(line, std::chrono::system_clock::now(), level, logger, message, fields);
  } catch (...) {
    return;  // out of memory while growing the buffer: drop the line, keep serving
  }
  deliver(line);
  // One huge line (a stack of fields, a giant message) should not pin memory in every thread.
  constexpr std::size_t kRetainedCapacityBytes = std::size_t{64} * 1024;
  if (line.capacity() > kRetainedCapacityBytes) std::string().swap(line);
}

void setLogSink(LogSink sink) {
  std::lock_guard lock(g_sink_mutex);
  g_sink = std::move(sink);
  g_sink_installed.store(static_cast<bool>(g_sink), std::memory_order_release);
}

}  // namespace orchestra::observability
