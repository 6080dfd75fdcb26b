// A loopback TCP relay in front of an HTTP server that cuts one answer on purpose, so a test can
// watch a client resume: the first connection whose request holds `request_marker` is dropped
// once the server's answer holds `answer_marker`, after the complete SSE events before it were
// passed on (and not one byte of the event holding the marker).
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace orchestra::testing {

class CuttingProxy {
 public:
  CuttingProxy(int upstream_port, std::string request_marker, std::string answer_marker);
  // Stops accepting, drops every connection and joins its threads.
  ~CuttingProxy();
  CuttingProxy(const CuttingProxy&) = delete;
  CuttingProxy& operator=(const CuttingProxy&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }
  bool cut() const { return cut_; }
  // What clients sent, one entry per connection (headers and body).
  std::vector<std::string> requests() const;

 private:
  void acceptLoop();
  void relay(int client_fd);

  int upstream_port_;
  std::string request_marker_;
  std::string answer_marker_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> cut_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

}  // namespace orchestra::testing
