// A redis-server of one test's own, for tests that kill and restart Redis (the run's shared
// server from tests/support/redis.sh must stay up for everyone else). Loopback, a free port,
// no persistence; killed by PID when the object goes.
#pragma once

#include <Poco/Process.h>

#include <filesystem>
#include <memory>
#include <string>

namespace orchestra::testing {

class RedisServer {
 public:
  // Starts it and waits until it answers PING; throws when it does not within 10 s.
  RedisServer();
  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  std::string url() const;
  // SIGKILL, as a crash or an OOM kill would, and waits until the process is gone.
  void kill();
  // Starts again on the same port, empty (nothing was persisted).
  void start();

 private:
  std::filesystem::path directory_;
  int port_ = 0;
  std::unique_ptr<Poco::ProcessHandle> process_;
};

}  // namespace orchestra::testing
