#include "host/plugins/ChildProcess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <ctime>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#include "host/plugins/SteadyMs.hpp"

namespace orchestra::plugins {

namespace {

// What the child reports through the error pipe when it cannot exec.
struct ChildFailure {
  int step;
  int error_number;
};
enum ChildStep : int { kStepSetup = 1, kStepLimits = 2, kStepChdir = 3, kStepExec = 4 };

constexpr int kErrorFd = 3;  // the error pipe's number in the child, kept across close_range

struct PreparedLimits {
  rlim_t cpu_seconds = 0;
  rlim_t memory_bytes = 0;
  rlim_t open_files = 0;
  rlim_t highest_fd = 0;  // for the close loop when close_range is missing
};

PreparedLimits prepareLimits(const config::SpawnLimits& limits) {
  PreparedLimits prepared;
  prepared.cpu_seconds = static_cast<rlim_t>(limits.cpu_seconds);
  prepared.memory_bytes = static_cast<rlim_t>(limits.memory_bytes);
  rlimit files{};
  ::getrlimit(RLIMIT_NOFILE, &files);
  // Without privileges a hard limit can only go down: ask for no more than we have.
  prepared.open_files =
      limits.open_files == 0
          ? 0
          : std::min<rlim_t>(static_cast<rlim_t>(limits.open_files), files.rlim_max);
  prepared.highest_fd = files.rlim_cur == RLIM_INFINITY ? 65536 : files.rlim_cur;
  return prepared;
}

[[noreturn]] void childFail(int step) noexcept {
  const ChildFailure failure{step, errno};
  [[maybe_unused]] const ssize_t written = ::write(kErrorFd, &failure, sizeof failure);
  ::_exit(127);
}

// Runs in the forked child: only async-signal-safe calls from here to execve.
[[noreturn]] void becomeChild(const char* program, char* const* argv, char* const* envp,
                              const char* working_directory, const PreparedLimits& limits,
                              pid_t parent, int stdin_fd, int stdout_fd, int stderr_fd,
                              int error_fd) noexcept {
  // A group of its own, so that every descendant can be signalled at once.
  ::setpgid(0, 0);
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) childFail(kStepSetup);
  // The parent may have died before the signal was armed: then nobody would send it.
  if (::getppid() != parent) ::_exit(127);
  // Signal dispositions set to "ignore" and blocked signals survive exec: start clean.
  sigset_t none;
  ::sigemptyset(&none);
  // The child has one thread: sigprocmask is the async-signal-safe call here.
  ::sigprocmask(SIG_SETMASK, &none, nullptr);  // NOLINT(concurrency-mt-unsafe)
  struct sigaction default_action {};
  default_action.sa_handler = SIG_DFL;
  for (int signal_number = 1; signal_number < NSIG; ++signal_number) {
    if (signal_number != SIGKILL && signal_number != SIGSTOP) {
      ::sigaction(signal_number, &default_action, nullptr);
    }
  }
  if (::dup2(stdin_fd, 0) < 0 || ::dup2(stdout_fd, 1) < 0 || ::dup2(stderr_fd, 2) < 0) {
    childFail(kStepSetup);
  }
  if (error_fd != kErrorFd) {
    if (::dup3(error_fd, kErrorFd, O_CLOEXEC) < 0) childFail(kStepSetup);
  }
  // Nothing of the host's (sockets, database files, other children's pipes) reaches the child.
  if (::close_range(kErrorFd + 1, ~0U, 0) != 0) {
    for (rlim_t fd = kErrorFd + 1; fd < limits.highest_fd; ++fd)
      ::close(static_cast<int>(fd));
  }
  auto limit = [](int resource, rlim_t soft, rlim_t hard) {
    const rlimit value{soft, hard};
    if (::setrlimit(resource, &value) != 0) childFail(kStepLimits);
  };
  // CPU: SIGXCPU at the soft limit, SIGKILL a second later.
  if (limits.cpu_seconds != 0) limit(RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1);
  if (limits.memory_bytes != 0) limit(RLIMIT_AS, limits.memory_bytes, limits.memory_bytes);
  if (limits.open_files != 0) limit(RLIMIT_NOFILE, limits.open_files, limits.open_files);
  if (working_directory != nullptr && ::chdir(working_directory) != 0) childFail(kStepChdir);
  ::execve(program, argv, envp);
  childFail(kStepExec);
}

std::vector<char*> cStrings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& text : strings)
    pointers.push_back(const_cast<char*>(text.c_str()));  // execve's signature, never written
  pointers.push_back(nullptr);
  return pointers;
}

void closeFd(int& fd) noexcept {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::string failureMessage(const SpawnPlan& plan, const ChildFailure& failure) {
  const std::string reason = std::generic_category().message(failure.error_number);
  switch (failure.step) {
    case kStepLimits:
      return "could not apply the spawn limits to " + plan.program + ": " + reason;
    case kStepChdir:
      return "could not enter working directory " + plan.working_directory + ": " + reason;
    case kStepExec:
      return "could not execute " + plan.program + ": " + reason;
    default:
      return "could not prepare the child process for " + plan.program + ": " + reason;
  }
}

// Writing to a pipe whose reader is gone raises SIGPIPE, which would end the host: block it on
// this thread for the write and swallow the one the write raised.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigset_t pipe_only;
    ::sigemptyset(&pipe_only);
    ::sigaddset(&pipe_only, SIGPIPE);
    sigset_t pending;
    ::sigpending(&pending);
    already_pending_ = ::sigismember(&pending, SIGPIPE) == 1;
    ::pthread_sigmask(SIG_BLOCK, &pipe_only, &previous_);
  }
  ~SigpipeGuard() {
    if (raised_ && !already_pending_) {
      sigset_t pipe_only;
      ::sigemptyset(&pipe_only);
      ::sigaddset(&pipe_only, SIGPIPE);
      const timespec no_wait{0, 0};
      while (::sigtimedwait(&pipe_only, nullptr, &no_wait) < 0 && errno == EINTR) {
      }
    }
    ::pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;
  void raised() { raised_ = true; }

 private:
  sigset_t previous_{};
  bool already_pending_ = false;
  bool raised_ = false;
};

}  // namespace

ChildProcess::ChildProcess(const SpawnPlan& plan, StderrRelaySettings stderr_settings) {
  const std::vector<char*> argv = cStrings(plan.argv);
  const std::vector<char*> envp = cStrings(plan.envp);
  const PreparedLimits limits = prepareLimits(plan.limits);
  const char* working_directory =
      plan.working_directory.empty() ? nullptr : plan.working_directory.c_str();

  using Pipe = std::array<int, 2>;
  Pipe stdin_pipe{-1, -1};
  Pipe stdout_pipe{-1, -1};
  Pipe stderr_pipe{-1, -1};
  Pipe error_pipe{-1, -1};
  const std::array<Pipe*, 4> pipes{&stdin_pipe, &stdout_pipe, &stderr_pipe, &error_pipe};
  auto closeAll = [&] {
    for (Pipe* pipe : pipes) {
      closeFd((*pipe)[0]);
      closeFd((*pipe)[1]);
    }
  };
  // O_CLOEXEC on every end: a child spawned concurrently by another thread must not inherit
  // them (it would keep our pipes open).
  for (Pipe* pipe : pipes) {
    if (::pipe2(pipe->data(), O_CLOEXEC) != 0) {
      const int error_number = errno;
      closeAll();
      throw SpawnError(std::string("could not create pipes: ") +
                       std::generic_category().message(error_number));
    }
  }
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    const int error_number = errno;
    closeAll();
    throw SpawnError(std::string("fork failed: ") + std::generic_category().message(error_number));
  }
  if (pid == 0) {
    becomeChild(plan.program.c_str(), argv.data(), envp.data(), working_directory, limits, parent,
                stdin_pipe[0], stdout_pipe[1], stderr_pipe[1], error_pipe[1]);
  }
  pid_ = pid;
  ::setpgid(pid, pid);  // also here, so the group exists before we could signal it
  closeFd(stdin_pipe[0]);
  closeFd(stdout_pipe[1]);
  closeFd(stderr_pipe[1]);
  closeFd(error_pipe[1]);

  ChildFailure failure{};
  ssize_t got = 0;
  do {
    got = ::read(error_pipe[0], &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  closeFd(error_pipe[0]);
  if (got == static_cast<ssize_t>(sizeof failure)) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    reaped_ = true;
    closeAll();
    throw SpawnError(failureMessage(plan, failure));
  }
  stdin_fd_ = stdin_pipe[1];
  stdout_fd_ = stdout_pipe[0];
  ::fcntl(stdin_fd_, F_SETFL, ::fcntl(stdin_fd_, F_GETFL) | O_NONBLOCK);
  ::fcntl(stdout_fd_, F_SETFL, ::fcntl(stdout_fd_, F_GETFL) | O_NONBLOCK);
  stderr_relay_ =
      std::make_unique<StderrRelay>(stderr_pipe[0], plan.argv.front(), pid, stderr_settings);
}

ChildProcess::~ChildProcess() {
  close(0);
}

orc_status ChildProcess::write(std::string_view bytes) {
  if (stdin_fd_ < 0) return ORC_ERR_CLOSED;
  SigpipeGuard guard;
  std::int64_t last_progress_ms = steadyMs();
  while (!bytes.empty()) {
    const ssize_t written = ::write(stdin_fd_, bytes.data(), bytes.size());
    if (written > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(written));
      last_progress_ms = steadyMs();
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written < 0 && errno == EPIPE) {
      guard.raised();
      return ORC_ERR_CLOSED;
    }
    if (written < 0 && errno != EAGAIN) return ORC_ERR_CLOSED;
    const std::int64_t waited_ms = steadyMs() - last_progress_ms;
    if (waited_ms >= kWriteStallMs) return ORC_ERR_TIMEOUT;
    pollfd waiting{stdin_fd_, POLLOUT, 0};
    ::poll(&waiting, 1, static_cast<int>(std::min<std::int64_t>(kWriteStallMs - waited_ms, 100)));
  }
  return ORC_OK;
}

orc_status ChildProcess::read(char* buffer, std::size_t capacity, std::size_t* size_read,
                              std::uint32_t timeout_ms) {
  *size_read = 0;
  if (stdout_fd_ < 0) return ORC_ERR_CLOSED;
  const std::int64_t deadline_ms = steadyMs() + timeout_ms;
  while (true) {
    const ssize_t got = ::read(stdout_fd_, buffer, capacity);
    if (got > 0) {
      *size_read = static_cast<std::size_t>(got);
      return ORC_OK;
    }
    if (got == 0) return ORC_ERR_CLOSED;
    if (errno != EAGAIN && errno != EINTR) return ORC_ERR_CLOSED;
    const std::int64_t left_ms = deadline_ms - steadyMs();
    if (left_ms <= 0) return ORC_ERR_TIMEOUT;
    pollfd waiting{stdout_fd_, POLLIN, 0};
    ::poll(&waiting, 1, static_cast<int>(left_ms));
  }
}

bool ChildProcess::exited() const {
  std::lock_guard lock(mutex_);
  if (reaped_) return true;
  siginfo_t info{};
  // WNOWAIT: look without reaping, so the pid (and the group id) stays ours.
  return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
         info.si_pid == pid_;
}

bool ChildProcess::waitForExit(int timeout_ms) const {
  const std::int64_t deadline_ms = steadyMs() + timeout_ms;
  while (!exited()) {
    if (steadyMs() >= deadline_ms) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

void ChildProcess::signalGroup(int signal_number) noexcept {
  std::lock_guard lock(mutex_);
  if (!reaped_ && pid_ > 0) ::kill(-pid_, signal_number);
}

void ChildProcess::killAndReap() noexcept {
  std::lock_guard lock(mutex_);
  if (reaped_ || pid_ <= 0) return;
  // The leader is at most a zombie here, so -pid_ still names our group, not a reused one:
  // whatever the leader left behind in it goes too.
  ::kill(-pid_, SIGKILL);
  int status = 0;
  pid_t done = 0;
  do {
    done = ::waitpid(pid_, &status, 0);
  } while (done < 0 && errno == EINTR);
  reaped_ = true;
  if (done == pid_) {
    exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
}

void ChildProcess::terminate() noexcept {
  signalGroup(SIGTERM);
  waitForExit(kTerminateGraceMs);
  killAndReap();
}

int ChildProcess::close(std::uint32_t timeout_ms) {
  closeFd(stdin_fd_);  // end of input: a well-behaved server exits on its own
  if (!waitForExit(static_cast<int>(std::min<std::uint32_t>(timeout_ms, INT32_MAX)))) {
    signalGroup(SIGTERM);
    waitForExit(kTerminateGraceMs);
  }
  killAndReap();
  closeFd(stdout_fd_);
  if (stderr_relay_) {
    stderr_relay_->stop(/*drain_ms=*/200);
    stderr_relay_.reset();
  }
  std::lock_guard lock(mutex_);
  return exit_code_;
}

}  // namespace orchestra::plugins
