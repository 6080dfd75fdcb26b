#include "tests/support/HostProcess.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <regex>
#include <stdexcept>

namespace orchestra::testing {

namespace {

struct Spawned {
  pid_t pid = -1;
  int output_fd = -1;
  int error_fd = -1;  // stderr's own pipe, when asked for
};

// fork/exec with stdout and stderr on one pipe (or each on its own with `separate_stderr`); the
// child gets its own process group so a SIGKILL after a timeout takes nothing else with it.
Spawned spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
              const std::filesystem::path& working_directory, bool separate_stderr = false) {
  std::array<int, 2> fds{};
  if (pipe2(fds.data(), O_CLOEXEC) != 0) throw std::runtime_error("pipe failed");
  std::array<int, 2> error_fds{-1, -1};
  if (separate_stderr && pipe2(error_fds.data(), O_CLOEXEC) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> env_storage;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string line = *entry;
    const std::string name = line.substr(0, line.find('='));
    if (env.count(name) == 0) env_storage.push_back(line);
  }
  for (const auto& [name, value] : env) {
    std::string line = name;
    line += '=';
    line += value;
    env_storage.push_back(std::move(line));
  }
  std::vector<char*> envp;
  envp.reserve(env_storage.size() + 1);
  for (auto& entry : env_storage)
    envp.push_back(entry.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_storage = args;
  std::vector<char*> argv;
  argv.reserve(argv_storage.size() + 1);
  for (auto& arg : argv_storage)
    argv.push_back(arg.data());
  argv.push_back(nullptr);

  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setpgid(0, 0);
    dup2(fds[1], STDOUT_FILENO);
    dup2(separate_stderr ? error_fds[1] : fds[1], STDERR_FILENO);
    if (!working_directory.empty() && chdir(working_directory.c_str()) != 0) _exit(126);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(fds[1]);
  if (separate_stderr) close(error_fds[1]);
  return {pid, fds[0], error_fds[0]};
}

std::optional<int> waitPid(pid_t pid, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) {
      if (WIFEXITED(status)) return WEXITSTATUS(status);
      if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
      return -1;
    }
    if (std::chrono::steady_clock::now() > deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

std::filesystem::path makeTempDirectory(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

HostProcess::HostProcess(HostOptions options) {
  directory_ = makeTempDirectory("orchestra-host");
  const auto config_path = directory_ / "orchestra.yaml";
  std::ofstream(config_path) << options.config_yaml;
  std::vector<std::string> args = {ORCHESTRA_BINARY_PATH};
  args.insert(args.end(), options.args.begin(), options.args.end());
  args.emplace_back("--config");
  args.push_back(config_path.string());
  // Migrations are found relative to the working directory, as for an operator.
  const Spawned spawned = spawn(args, options.environment, ORCHESTRA_SOURCE_DIR);
  pid_ = spawned.pid;
  reader_ = std::thread([this, fd = spawned.output_fd] { readOutput(fd); });
  if (!options.wait_until_listening) return;

  std::unique_lock lock(output_mutex_);
  const std::regex listening(R"re("message":"listening".*"port":(\d+))re");
  std::smatch found;
  const bool ok = output_changed_.wait_for(lock, options.start_timeout, [&] {
    return std::regex_search(output_, found, listening) ||
           output_.find("start-up failed") != std::string::npos;
  });
  if (!ok || found.empty()) {
    const std::string log = output_;
    lock.unlock();
    stop(std::chrono::milliseconds(2000));
    if (reader_.joinable()) reader_.join();
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
    throw std::runtime_error("orchestra did not start listening; its output:\n" + log);
  }
  port_ = static_cast<std::uint16_t>(std::stoi(found[1].str()));
}

HostProcess::~HostProcess() {
  if (pid_ > 0 && !exit_status_) stop(std::chrono::milliseconds(5000));
  if (reader_.joinable()) reader_.join();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

void HostProcess::readOutput(int fd) {
  std::array<char, 4096> buffer{};
  while (true) {
    const ssize_t got = read(fd, buffer.data(), buffer.size());
    if (got <= 0) break;
    {
      std::lock_guard lock(output_mutex_);
      output_.append(buffer.data(), static_cast<std::size_t>(got));
    }
    output_changed_.notify_all();
  }
  close(fd);
}

int HostProcess::stop(std::chrono::milliseconds timeout) {
  if (exit_status_) return *exit_status_;
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  if (auto status = waitPid(pid_, timeout)) {
    exit_status_ = status;
    return *status;
  }
  kill(-pid_, SIGKILL);
  kill(pid_, SIGKILL);
  waitPid(pid_, std::chrono::milliseconds(5000));
  exit_status_ = -1;
  return -1;
}

std::optional<int> HostProcess::waitForExit(std::chrono::milliseconds timeout) {
  if (exit_status_) return exit_status_;
  if (auto status = waitPid(pid_, timeout)) exit_status_ = status;
  return exit_status_;
}

bool HostProcess::running() {
  return !waitForExit(std::chrono::milliseconds(0)).has_value();
}

std::string HostProcess::output() const {
  std::lock_guard lock(output_mutex_);
  return output_;
}

std::vector<std::string> HostProcess::outputLines() const {
  std::vector<std::string> lines;
  const std::string text = output();
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    lines.push_back(text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

bool HostProcess::waitForOutput(const std::string& needle, std::chrono::milliseconds timeout) {
  std::unique_lock lock(output_mutex_);
  return output_changed_.wait_for(lock, timeout,
                                  [&] { return output_.find(needle) != std::string::npos; });
}

namespace {

// Reads `fd` to its end into `text`, on a thread of its own; closes it.
std::thread drain(int fd, std::string& text) {
  return std::thread([fd, &text] {
    std::array<char, 4096> buffer{};
    ssize_t got = 0;
    while ((got = read(fd, buffer.data(), buffer.size())) > 0) {
      text.append(buffer.data(), static_cast<std::size_t>(got));
    }
    close(fd);
  });
}

HostProcess::Completed runBinary(const std::vector<std::string>& args,
                                 const std::map<std::string, std::string>& environment,
                                 std::chrono::milliseconds timeout, bool separate_stderr) {
  std::vector<std::string> full = {ORCHESTRA_BINARY_PATH};
  full.insert(full.end(), args.begin(), args.end());
  const Spawned spawned = spawn(full, environment, ORCHESTRA_SOURCE_DIR, separate_stderr);
  HostProcess::Completed completed;
  std::thread reader = drain(spawned.output_fd, completed.output);
  std::thread error_reader;
  if (separate_stderr) error_reader = drain(spawned.error_fd, completed.error_output);
  auto status = waitPid(spawned.pid, timeout);
  if (!status) {
    kill(spawned.pid, SIGKILL);
    status = waitPid(spawned.pid, std::chrono::milliseconds(5000));
  }
  reader.join();
  if (error_reader.joinable()) error_reader.join();
  completed.exit_code = status.value_or(-1);
  return completed;
}

}  // namespace

HostProcess::Completed HostProcess::runToCompletion(
    const std::vector<std::string>& args, const std::map<std::string, std::string>& environment,
    std::chrono::milliseconds timeout) {
  return runBinary(args, environment, timeout, false);
}

HostProcess::Completed HostProcess::runWithSeparateStderr(
    const std::vector<std::string>& args, const std::map<std::string, std::string>& environment,
    std::chrono::milliseconds timeout) {
  return runBinary(args, environment, timeout, true);
}

}  // namespace orchestra::testing
