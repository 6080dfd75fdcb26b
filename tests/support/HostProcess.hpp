// Starts the real `orchestra` binary for integration tests: a config file of the test's own, a
// free loopback port, its JSON log captured; stops it by PID (SIGTERM, then SIGKILL) at the end.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace orchestra::testing {

struct HostOptions {
  std::string config_yaml;                         // written to a temp file
  std::map<std::string, std::string> environment;  // added to the inherited environment
  std::vector<std::string> args = {"serve"};       // `--config FILE` is appended
  bool wait_until_listening = true;
  std::chrono::milliseconds start_timeout{20000};
};

class HostProcess {
 public:
  explicit HostProcess(HostOptions options);
  ~HostProcess();
  HostProcess(const HostProcess&) = delete;
  HostProcess& operator=(const HostProcess&) = delete;

  std::uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  const std::filesystem::path& directory() const { return directory_; }

  // Sends SIGTERM and waits (bounded); returns the exit status, or -1 when it had to be killed.
  int stop(std::chrono::milliseconds timeout = std::chrono::milliseconds(15000));
  // Waits for the process to exit by itself; nullopt on timeout.
  std::optional<int> waitForExit(std::chrono::milliseconds timeout);
  bool running();

  // Everything the process wrote to stderr and stdout so far (JSON log lines, CLI messages).
  std::string output() const;
  std::vector<std::string> outputLines() const;
  // Waits until a line containing `needle` appears; false on timeout.
  bool waitForOutput(const std::string& needle, std::chrono::milliseconds timeout);

  // Runs the binary to completion (for CLI commands): exit status and combined output.
  struct Completed {
    int exit_code = -1;
    std::string output;        // stdout and stderr, or only stdout for runWithSeparateStderr
    std::string error_output;  // stderr, for runWithSeparateStderr
  };
  static Completed runToCompletion(const std::vector<std::string>& args,
                                   const std::map<std::string, std::string>& environment = {},
                                   std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // The same, keeping what the command printed as its result apart from its messages.
  static Completed runWithSeparateStderr(
      const std::vector<std::string>& args,
      const std::map<std::string, std::string>& environment = {},
      std::chrono::milliseconds timeout = std::chrono::seconds(60));

 private:
  void readOutput(int fd);

  std::filesystem::path directory_;
  pid_t pid_ = -1;
  std::optional<int> exit_status_;
  std::uint16_t port_ = 0;
  std::thread reader_;
  mutable std::mutex output_mutex_;
  std::condition_variable output_changed_;
  std::string output_;
};

// A fresh temporary directory, removed by the caller (or HostProcess).
std::filesystem::path makeTempDirectory(const std::string& prefix);

}  // namespace orchestra::testing
