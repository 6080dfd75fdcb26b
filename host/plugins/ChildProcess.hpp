// One child process started from a SpawnPlan: its own process group, killed with the host
// (parent-death signal), limited (setrlimit), no inherited descriptors or environment; stdin and
// stdout are pipes we drive without blocking, stderr goes to the log through a StderrRelay.
#pragma once

#include <orchestra/abi.h>
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "host/plugins/SpawnRules.hpp"
#include "host/plugins/StderrRelay.hpp"

namespace orchestra::plugins {

// The program could not be started (fork, pipes, chdir, exec): the message says which step.
class SpawnError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ChildProcess {
 public:
  // How long a child gets between SIGTERM and SIGKILL when it must go.
  static constexpr int kTerminateGraceMs = 2000;

  // Forks and execs. Must run on a thread that outlives the child: Linux sends the
  // parent-death signal when the forking *thread* ends (ProcessSpawner has one for this).
  // Throws SpawnError.
  ChildProcess(const SpawnPlan& plan, StderrRelaySettings stderr_settings);
  // Kills the group and reaps the child if close() did not.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // All of `bytes` to stdin. ORC_ERR_CLOSED when the child stopped reading (exited),
  // ORC_ERR_TIMEOUT when it accepted nothing for kWriteStallMs.
  orc_status write(std::string_view bytes);
  // Up to `capacity` bytes of stdout within timeout_ms: ORC_OK, ORC_ERR_TIMEOUT, or
  // ORC_ERR_CLOSED at end of file.
  orc_status read(char* buffer, std::size_t capacity, std::size_t* size_read,
                  std::uint32_t timeout_ms);
  // Closes stdin, waits up to timeout_ms for the child to exit, then SIGTERMs its group, waits
  // kTerminateGraceMs, SIGKILLs the group and reaps. Returns the exit status (128 + signal when
  // a signal ended it). Idempotent. Not concurrent with read/write.
  int close(std::uint32_t timeout_ms);
  // Host shutdown: the same ending as close(0) but callable from any thread at any time.
  void terminate() noexcept;
  // Whether the child has exited (it may still await reaping).
  bool exited() const;

 private:
  static constexpr int kWriteStallMs = 30000;

  bool waitForExit(int timeout_ms) const;
  void signalGroup(int signal_number) noexcept;
  // SIGKILLs the group while the leader's pid still holds the group id (before reaping), then
  // reaps; sets exit_code_.
  void killAndReap() noexcept;

  pid_t pid_ = -1;
  int stdin_fd_ = -1;   // our write end, non-blocking
  int stdout_fd_ = -1;  // our read end, non-blocking
  std::unique_ptr<StderrRelay> stderr_relay_;
  mutable std::mutex mutex_;  // guards reaping against a concurrent terminate()
  bool reaped_ = false;
  int exit_code_ = -1;
};

}  // namespace orchestra::plugins
