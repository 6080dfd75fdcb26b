#include "host/http/ConnectionSession.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace orchestra::http {

namespace {

// Waits until `fd` is ready for `events`; throws Poco::TimeoutException after `timeout`.
void waitFor(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd poll_fd{fd, events, 0};
  while (true) {
    const int ready = ::poll(&poll_fd, 1, static_cast<int>(timeout.count()));
    if (ready > 0) return;
    if (ready == 0) throw Poco::TimeoutException("socket not ready in time");
    if (errno != EINTR) throw Poco::Net::NetException("poll failed");
  }
}

constexpr std::size_t kReadChunkBytes = std::size_t{16} * 1024;

}  // namespace

bool ConnectionSession::fill() {
  // Consumed bytes are dropped before reading more, so a streamed body never accumulates.
  if (position_ == input_.size()) {
    input_.clear();
    position_ = 0;
  }
  const std::size_t old_size = input_.size();
  input_.resize(old_size + kReadChunkBytes);
  while (true) {
    const ssize_t got = ::recv(fd_, input_.data() + old_size, kReadChunkBytes, 0);
    if (got > 0) {
      input_.resize(old_size + static_cast<std::size_t>(got));
      return true;
    }
    if (got == 0) {
      input_.resize(old_size);
      return false;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      try {
        waitFor(fd_, POLLIN, read_timeout_);
      } catch (...) {
        input_.resize(old_size);
        throw;
      }
      continue;
    }
    input_.resize(old_size);
    throw Poco::Net::NetException("connection failed while reading");
  }
}

int ConnectionSession::readSome(char* buffer, int length) {
  if (position_ == input_.size() && !fill()) return 0;
  const std::size_t count = std::min(static_cast<std::size_t>(length), input_.size() - position_);
  std::memcpy(buffer, input_.data() + position_, count);
  position_ += count;
  return static_cast<int>(count);
}

int ConnectionSession::readByte() {
  if (position_ == input_.size() && !fill()) return -1;
  return static_cast<unsigned char>(input_[position_++]);
}

void ConnectionSession::send(std::string_view bytes) {
  sendAll(fd_, bytes, read_timeout_);
}

void sendAll(int fd, std::string_view bytes, std::chrono::milliseconds timeout) {
  while (!bytes.empty()) {
    const ssize_t sent = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (sent > 0) {
      bytes.remove_prefix(static_cast<std::size_t>(sent));
      continue;
    }
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      waitFor(fd, POLLOUT, timeout);
      continue;
    }
    throw Poco::Net::NetException("connection closed while writing");
  }
}

}  // namespace orchestra::http
