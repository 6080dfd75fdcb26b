#include "tests/support/RedisServer.hpp"

#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "host/bus/RedisConnection.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/HostProcess.hpp"

namespace orchestra::testing {

namespace {

bool answersPing(int port) {
  try {
    bus::RedisConnection connection(config::RedisEndpoint{"127.0.0.1", port, "", 0},
                                    std::chrono::milliseconds(500));
    Poco::Redis::Array ping;
    ping << "PING";
    return connection.call(ping).text == "PONG";
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace

RedisServer::RedisServer()
    : directory_(makeTempDirectory("orchestra-redis-")), port_(freeLoopbackPort()) {
  start();
}

RedisServer::~RedisServer() {
  kill();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::string RedisServer::url() const {
  return "redis://127.0.0.1:" + std::to_string(port_) + "/0";
}

void RedisServer::start() {
  const std::vector<std::string> args = {"--bind",       "127.0.0.1",
                                         "--port",       std::to_string(port_),
                                         "--save",       "",
                                         "--appendonly", "no",
                                         "--dir",        directory_.string(),
                                         "--logfile",    (directory_ / "redis.log").string(),
                                         "--daemonize",  "no"};
  process_ = std::make_unique<Poco::ProcessHandle>(Poco::Process::launch("redis-server", args));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!answersPing(port_)) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill();
      throw std::runtime_error("redis-server did not answer PING on port " + std::to_string(port_));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void RedisServer::kill() {
  if (!process_) return;
  try {
    Poco::Process::kill(*process_);
    process_->wait();
  } catch (const std::exception&) {  // NOLINT(bugprone-empty-catch): already gone is fine
  }
  process_.reset();
}

}  // namespace orchestra::testing
