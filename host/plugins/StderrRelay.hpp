// Copies a child process's stderr into the host's log, line by line, at most N lines per second
// (the rest are counted and reported) and each line cut to a maximum length, so a chatty or
// hostile child cannot flood the log.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace orchestra::plugins {

struct StderrRelaySettings {
  int lines_per_second = 20;
  int max_line_bytes = 2048;
};

class StderrRelay {
 public:
  // Takes ownership of `fd` (the read end of the child's stderr) and reads it on a thread of
  // its own until end of file or stop().
  StderrRelay(int fd, std::string command, pid_t pid, StderrRelaySettings settings);
  ~StderrRelay();
  StderrRelay(const StderrRelay&) = delete;
  StderrRelay& operator=(const StderrRelay&) = delete;

  // Lets the thread drain what is already written for up to `drain_ms`, then ends it (a
  // grandchild that left the process group may keep the pipe open forever).
  void stop(int drain_ms) noexcept;

 private:
  void run() noexcept;
  void onLine(std::string_view line, bool truncated);
  void flushSuppressed();

  int fd_;
  std::string command_;
  pid_t pid_;
  StderrRelaySettings settings_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::int64_t> stop_deadline_ms_{0};
  std::int64_t window_second_ = 0;
  int lines_in_window_ = 0;
  std::uint64_t suppressed_ = 0;
  std::thread thread_;
};

}  // namespace orchestra::plugins
