#include "host/bus/RedisConnection.hpp"

#include <Poco/Net/SocketAddress.h>
#include <Poco/Timespan.h>
#include <sys/socket.h>

#include <array>
#include <stdexcept>

namespace orchestra::bus {

namespace {

constexpr std::size_t kReadChunkBytes = 16384;

Poco::Timespan timespanOf(std::chrono::microseconds duration) {
  return {static_cast<Poco::Timespan::TimeDiff>(duration.count())};
}

}  // namespace

RedisConnection::RedisConnection(const config::RedisEndpoint& endpoint,
                                 std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  socket_.connect(Poco::Net::SocketAddress(endpoint.host, static_cast<Poco::UInt16>(endpoint.port)),
                  timespanOf(timeout));
  socket_.setNoDelay(true);
  socket_.setSendTimeout(timespanOf(timeout));
  if (!endpoint.password.empty()) {
    Poco::Redis::Array auth;
    auth << "AUTH" << endpoint.password;
    call(auth);
  }
  if (endpoint.database_index != 0) {
    Poco::Redis::Array select;
    select << "SELECT" << std::to_string(endpoint.database_index);
    call(select);
  }
}

RedisConnection::~RedisConnection() {
  try {
    socket_.close();
  } catch (...) {  // NOLINT(bugprone-empty-catch): closing a broken socket has nothing to report
  }
}

void RedisConnection::send(const Poco::Redis::Array& command) {
  const std::string bytes = command.toString();
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    // MSG_NOSIGNAL: a server gone away is an exception here, not a SIGPIPE for the process.
    const int written =
        socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent), MSG_NOSIGNAL);
    if (written <= 0) throw std::runtime_error("Redis connection closed while sending");
    sent += static_cast<std::size_t>(written);
  }
}

std::optional<RedisReply> RedisConnection::parseBuffered() {
  std::size_t consumed = 0;
  std::optional<RedisReply> reply = parseRedisReply(received_, consumed);
  if (reply) received_.erase(0, consumed);
  return reply;
}

std::optional<RedisReply> RedisConnection::read(Clock::time_point deadline) {
  std::array<char, kReadChunkBytes> chunk{};
  for (;;) {
    if (std::optional<RedisReply> reply = parseBuffered()) return reply;
    const auto remaining =
        std::chrono::duration_cast<std::chrono::microseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) return std::nullopt;
    if (!socket_.poll(timespanOf(remaining), Poco::Net::Socket::SELECT_READ)) return std::nullopt;
    const int received = socket_.receiveBytes(chunk.data(), static_cast<int>(chunk.size()));
    if (received <= 0) throw std::runtime_error("Redis closed the connection");
    received_.append(chunk.data(), static_cast<std::size_t>(received));
  }
}

RedisReply RedisConnection::call(const Poco::Redis::Array& command) {
  send(command);
  std::optional<RedisReply> reply = read(Clock::now() + timeout_);
  if (!reply) throw std::runtime_error("Redis did not answer in time");
  if (reply->kind == RedisReply::Kind::Error) throw std::runtime_error("Redis: " + reply->text);
  return std::move(*reply);
}

}  // namespace orchestra::bus
