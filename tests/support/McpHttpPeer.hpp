// server-everything (from npm, tests/support/NpmPeers.hpp) serving MCP over HTTP on a free
// loopback port, started by a test (not the host) and ended by its PID when the test is done.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/NpmPeers.hpp"

namespace orchestra::testing {

// True once something accepts connections on 127.0.0.1:port, false after `limit`.
inline bool loopbackPortOpens(int port, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    const int socket_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast)
    const bool open =
        ::connect(socket_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(socket_fd);
    if (open) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// server-everything serving `transport` ("streamableHttp", "sse"); `marker` (NAME=value) goes
// into its environment so a test can tell its process apart.
class HttpPeer {
 public:
  HttpPeer(const std::string& transport, const std::string& marker) : port_(freeLoopbackPort()) {
    const std::string node = "/usr/bin/node";
    const std::string entry = npmPeerEntry("server-everything");
    std::vector<std::string> environment{"PATH=/usr/bin:/bin", "PORT=" + std::to_string(port_),
                                         marker};
    std::vector<char*> argv{const_cast<char*>(node.c_str()),   // NOLINT: argv is char*
                            const_cast<char*>(entry.c_str()),  // NOLINT
                            const_cast<char*>(transport.c_str()), nullptr};  // NOLINT
    std::vector<char*> envp;
    envp.reserve(environment.size() + 1);
    for (auto& entry_text : environment)
      envp.push_back(entry_text.data());
    envp.push_back(nullptr);
    if (::posix_spawn(&pid_, node.c_str(), nullptr, nullptr, argv.data(), envp.data()) != 0) {
      pid_ = -1;
    }
  }
  ~HttpPeer() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  HttpPeer(const HttpPeer&) = delete;
  HttpPeer& operator=(const HttpPeer&) = delete;

  // Waits until the server accepts connections.
  bool ready() const { return pid_ > 0 && loopbackPortOpens(port_, std::chrono::seconds(20)); }
  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  int port_;
  pid_t pid_ = -1;
};

}  // namespace orchestra::testing
