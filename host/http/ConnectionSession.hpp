// The bytes of one connection after a request head: first what the reactor already buffered,
// then the socket itself, read by a worker with a timeout. BodyReader parses bodies from here.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace orchestra::http {

class ConnectionSession {
 public:
  // `input` holds the connection's buffered bytes, of which those before `position` are
  // consumed; bytes read from the socket are appended to it, so that whatever follows the body
  // (a pipelined request) stays there for the connection.
  ConnectionSession(int fd, std::string& input, std::size_t& position,
                    std::chrono::milliseconds read_timeout)
      : fd_(fd), input_(input), position_(position), read_timeout_(read_timeout) {}

  // Up to `length` bytes (at least one); 0 at end of stream. Throws Poco::TimeoutException when
  // nothing arrives within the read timeout, Poco::Net::NetException when the socket fails.
  int readSome(char* buffer, int length);
  // One byte, or -1 at end of stream; throws as readSome does.
  int readByte();
  // Sends bytes the request must see before its body (100 Continue); throws when it cannot.
  void send(std::string_view bytes);

  int fd() const { return fd_; }
  std::chrono::milliseconds readTimeout() const { return read_timeout_; }

 private:
  // Waits for the socket to be readable within the timeout and appends what arrived to input_;
  // false at end of stream.
  bool fill();

  int fd_;
  std::string& input_;
  std::size_t& position_;
  std::chrono::milliseconds read_timeout_;
};

// Writes all of `bytes` to a non-blocking socket, waiting up to `timeout` whenever the kernel's
// buffer is full. Throws Poco::TimeoutException or Poco::Net::NetException.
void sendAll(int fd, std::string_view bytes, std::chrono::milliseconds timeout);

}  // namespace orchestra::http
