#include "tests/support/CuttingProxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cstdint>

namespace orchestra::testing {

namespace {

constexpr int kPollMs = 100;

bool sendAll(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd, data, size, MSG_NOSIGNAL);
    if (sent <= 0) return false;
    data += sent;
    size -= static_cast<std::size_t>(sent);
  }
  return true;
}

int connectLoopback(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  // NOLINTNEXTLINE(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API takes sockaddr*
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

}  // namespace

CuttingProxy::CuttingProxy(int upstream_port, std::string request_marker, std::string answer_marker)
    : upstream_port_(upstream_port),
      request_marker_(std::move(request_marker)),
      answer_marker_(std::move(answer_marker)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  // NOLINTBEGIN(cppcoreguidelines-pro-type-reinterpret-cast): the sockets API takes sockaddr*
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
      ::listen(listen_fd_, 16) == 0) {
    port_ = ntohs(address.sin_port);
  }
  // NOLINTEND(cppcoreguidelines-pro-type-reinterpret-cast)
  acceptor_ = std::thread([this] { acceptLoop(); });
}

CuttingProxy::~CuttingProxy() {
  stopping_ = true;
  acceptor_.join();
  ::close(listen_fd_);
  std::vector<std::thread> connections;
  {
    const std::lock_guard lock(mutex_);
    connections.swap(connections_);
  }
  for (auto& connection : connections)
    connection.join();
}

std::vector<std::string> CuttingProxy::requests() const {
  const std::lock_guard lock(mutex_);
  return requests_;
}

void CuttingProxy::acceptLoop() {
  while (!stopping_) {
    pollfd waiting{listen_fd_, POLLIN, 0};
    if (::poll(&waiting, 1, kPollMs) <= 0) continue;
    const int client = ::accept(listen_fd_, nullptr, nullptr);
    if (client < 0) continue;
    const std::lock_guard lock(mutex_);
    connections_.emplace_back([this, client] { relay(client); });
  }
}

void CuttingProxy::relay(int client_fd) {
  std::size_t index = 0;
  {
    const std::lock_guard lock(mutex_);
    index = requests_.size();
    requests_.emplace_back();
  }
  const int upstream_fd = connectLoopback(upstream_port_);
  std::string request;
  std::string answer;  // every byte the server sent on this connection
  std::size_t forwarded = 0;
  std::array<char, 16384> buffer{};
  bool open = upstream_fd >= 0;
  while (open && !stopping_) {
    std::array<pollfd, 2> fds{pollfd{client_fd, POLLIN, 0}, pollfd{upstream_fd, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), kPollMs) <= 0) continue;
    if ((fds[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      const ssize_t got = ::recv(client_fd, buffer.data(), buffer.size(), 0);
      if (got <= 0) break;
      request.append(buffer.data(), static_cast<std::size_t>(got));
      {
        const std::lock_guard lock(mutex_);
        requests_[index] = request;
      }
      open = sendAll(upstream_fd, buffer.data(), static_cast<std::size_t>(got));
    }
    if (open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      const ssize_t got = ::recv(upstream_fd, buffer.data(), buffer.size(), 0);
      if (got <= 0) break;
      answer.append(buffer.data(), static_cast<std::size_t>(got));
      std::size_t until = answer.size();
      const bool cutting = !cut_ && request.find(request_marker_) != std::string::npos &&
                           answer.find(answer_marker_, forwarded) != std::string::npos;
      if (cutting) {
        // Up to the end of the last whole event before the one holding the marker.
        const std::size_t marker = answer.find(answer_marker_, forwarded);
        const std::size_t boundary = answer.rfind("\n\n", marker);
        until =
            boundary == std::string::npos || boundary + 2 < forwarded ? forwarded : boundary + 2;
      }
      open = sendAll(client_fd, answer.data() + forwarded, until - forwarded);
      forwarded = until;
      if (cutting) {
        cut_ = true;
        break;
      }
    }
  }
  if (upstream_fd >= 0) ::close(upstream_fd);
  ::close(client_fd);
}

}  // namespace orchestra::testing
