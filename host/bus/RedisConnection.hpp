// One connection to Redis with a deadline on everything: connect, send, and reading a reply.
// Commands are Poco::Redis arrays; replies are read from the socket without blocking past the
// caller's deadline, so a Redis that stops answering costs a bounded wait, never a hang.
#pragma once

#include <Poco/Net/StreamSocket.h>
#include <Poco/Redis/Array.h>

#include <chrono>
#include <optional>
#include <string>

#include "host/bus/RedisReply.hpp"
#include "host/config/RedisEndpoint.hpp"

namespace orchestra::bus {

// THREAD: one thread sends and one thread reads at a time (they may be two different threads:
// the subscriber connection is written by subscribers and read by the bus's reader).
class RedisConnection {
 public:
  using Clock = std::chrono::steady_clock;

  // Connects, authenticates and selects the endpoint's database, each step within `timeout`.
  // Throws (Poco::Exception or std::runtime_error) when any of that fails.
  RedisConnection(const config::RedisEndpoint& endpoint, std::chrono::milliseconds timeout);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  // Throws when the bytes cannot be written within the timeout.
  void send(const Poco::Redis::Array& command);
  // The next reply, or nullopt when none arrived whole before `deadline`. Throws when the
  // server closed the connection or sent something that is not RESP2.
  std::optional<RedisReply> read(Clock::time_point deadline);
  // send, then read within the timeout; throws when no reply came or the reply is an error.
  RedisReply call(const Poco::Redis::Array& command);

 private:
  std::optional<RedisReply> parseBuffered();

  Poco::Net::StreamSocket socket_;
  std::chrono::milliseconds timeout_;
  std::string received_;  // bytes read but not yet parsed into a reply
};

}  // namespace orchestra::bus
