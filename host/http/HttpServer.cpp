#include "host/http/HttpServer.hpp"

#include <Poco/Net/ServerSocket.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "host/http/HttpConnection.hpp"
#include "host/http/ResponseWriter.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::http {

namespace {

// Each connection is a descriptor: the soft limit (often 1024) would cap the host far below
// server.max_connections, and the hard limit is what the operator granted.
void raiseOpenFileLimit(std::int64_t wanted_connections) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  if (limit.rlim_cur < limit.rlim_max) {
    const rlim_t before = limit.rlim_cur;
    limit.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
      observability::logInfo("http", "raised the open-file limit",
                             {{"from", static_cast<std::int64_t>(before)},
                              {"to", static_cast<std::int64_t>(limit.rlim_cur)}});
    }
  }
  // Descriptors beyond connections: database, plugins, logs, the reactor itself.
  constexpr std::int64_t kReserve = 128;
  if (static_cast<std::int64_t>(limit.rlim_cur) < wanted_connections + kReserve) {
    observability::logWarning(
        "http", "open-file limit below server.max_connections; accepts will fail past it",
        {{"limit", static_cast<std::int64_t>(limit.rlim_cur)},
         {"max_connections", wanted_connections}});
  }
}

// The client address as bytes: the key of the per-address connection count.
std::string addressKey(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
    return {reinterpret_cast<const char*>(&v4.sin_addr), sizeof v4.sin_addr};
  }
  if (address.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
    return {reinterpret_cast<const char*>(&v6.sin6_addr), sizeof v6.sin6_addr};
  }
  return {};
}

// Accepts on the reactor thread. Keeps one spare descriptor: when the process runs out, it is
// given up to accept and close the waiting connection, which otherwise would keep the listening
// socket readable and the loop spinning.
class Listener final : public ReactorHandler {
 public:
  Listener(const Poco::Net::ServerSocket& socket, HttpServer& server)
      : socket_(socket), server_(server), spare_fd_(::open("/dev/null", O_RDONLY)) {}
  ~Listener() override {
    if (spare_fd_ >= 0) ::close(spare_fd_);
    socket_.close();
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  int fd() const override { return socket_.impl()->sockfd(); }

  void onReadable() override {
    // Bounded per wake-up, so that a flood of connects cannot starve waiting connections.
    for (int accepted = 0; accepted < 256; ++accepted) {
      sockaddr_storage address{};
      socklen_t length = sizeof address;
      const int fd = ::accept4(this->fd(), reinterpret_cast<sockaddr*>(&address), &length,
                               SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EINTR || errno == ECONNABORTED) continue;
        if ((errno == EMFILE || errno == ENFILE) && spare_fd_ >= 0) shedOneConnection();
        break;
      }
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);  // one write per answer
      server_.acceptConnection(
          fd, Poco::Net::SocketAddress(reinterpret_cast<const sockaddr*>(&address), length),
          addressKey(address));
    }
    server_.reactor().rearm(this);
  }

  void onSweep(std::chrono::steady_clock::time_point) override {}

 private:
  void shedOneConnection() {
    ::close(spare_fd_);
    const int fd = ::accept4(this->fd(), nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) ::close(fd);
    spare_fd_ = ::open("/dev/null", O_RDONLY);
    observability::logWarning("http", "out of file descriptors; refused a connection", {});
  }

  Poco::Net::ServerSocket socket_;
  HttpServer& server_;
  int spare_fd_;
};

}  // namespace

HttpServer::HttpServer(config::ServerSettings settings, RequestDispatcher& dispatcher)
    : settings_(std::move(settings)),
      dispatcher_(dispatcher),
      params_(new Poco::Net::HTTPServerParams) {
  params_->setKeepAlive(settings_.keep_alive);
  params_->setKeepAliveTimeout(Poco::Timespan(settings_.keep_alive_timeout_ms * 1000LL));
  params_->setMaxKeepAliveRequests(settings_.max_keep_alive_requests);
  params_->setTimeout(Poco::Timespan(settings_.request_timeout_ms * 1000LL));
  params_->setMaxThreads(settings_.threads);
  params_->setMaxQueued(settings_.queue_size);
}

HttpServer::~HttpServer() {
  if (reactor_ && !stopping()) stop(std::chrono::milliseconds(0));
}

void HttpServer::start() {
  raiseOpenFileLimit(settings_.max_connections);
  const Poco::Net::SocketAddress address(settings_.host, static_cast<Poco::UInt16>(settings_.port));
  Poco::Net::ServerSocket socket;
  // SO_REUSEADDR lets a restart bind while old connections linger in TIME_WAIT; SO_REUSEPORT
  // stays off, or a second host on the same port would silently share its traffic.
  socket.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
  socket.listen(std::max(1024, settings_.queue_size));
  socket.setBlocking(false);
  server_address_ = socket.address();
  port_ = server_address_.port();

  workers_ = std::make_unique<WorkerPool>(settings_.threads,
                                          static_cast<std::size_t>(settings_.queue_size));
  reactor_ = std::make_unique<Reactor>();
  auto listener = std::make_unique<Listener>(std::move(socket), *this);
  listener_ = listener.get();
  reactor_->start();
  reactor_->post([this, owned = listener.release()] {
    reactor_->add(std::unique_ptr<ReactorHandler>(owned));
  });
}

void HttpServer::acceptConnection(int fd, const Poco::Net::SocketAddress& client,
                                  std::string address_key) {
  int status = 0;
  {
    std::lock_guard lock(connections_mutex_);
    int& from_address = connections_per_address_[address_key];
    if (open_connections_ >= static_cast<std::size_t>(settings_.max_connections)) {
      status = 503;
    } else if (settings_.max_connections_per_ip > 0 &&
               from_address >= settings_.max_connections_per_ip) {
      status = 429;
    } else {
      ++open_connections_;
      ++from_address;
    }
    if (status != 0 && from_address == 0) connections_per_address_.erase(address_key);
  }
  if (status != 0) {
    // Refused at once with an answer, instead of left waiting in the accept queue.
    const std::string& answer = serializeConnectionError(
        status, status == 503 ? "Too many open connections; try again later"
                              : "Too many open connections from this address");
    [[maybe_unused]] const auto sent =
        ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    ::close(fd);
    return;
  }
  reactor_->add(std::make_unique<HttpConnection>(fd, client, std::move(address_key), *this));
}

void HttpServer::connectionClosed(const std::string& address_key) {
  {
    std::lock_guard lock(connections_mutex_);
    --open_connections_;
    const auto it = connections_per_address_.find(address_key);
    if (it != connections_per_address_.end() && --it->second <= 0) {
      connections_per_address_.erase(it);
    }
  }
  connections_changed_.notify_all();
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (stopping_.exchange(true)) return;
  if (!reactor_) return;
  // Closing the listening socket refuses new clients at once instead of queueing them.
  reactor_->post([this] {
    reactor_->release(listener_);
    closeIdleConnections();
  });
  bool all_closed = waitUntilClosed(grace);
  if (!all_closed) {
    {
      std::lock_guard lock(connections_mutex_);
      observability::logWarning("http", "shutdown grace period over; aborting open connections",
                                {{"open", static_cast<std::int64_t>(open_connections_)}});
    }
    reactor_->post([this] { abortConnections(); });
    all_closed = waitUntilClosed(std::chrono::seconds(2));
  }
  // A worker stuck in a handler still uses its connection: then nothing is destroyed or
  // joined (the process exits anyway).
  reactor_->stop(all_closed);
  workers_->stop(all_closed);
}

bool HttpServer::waitUntilClosed(std::chrono::milliseconds timeout) {
  std::unique_lock lock(connections_mutex_);
  return connections_changed_.wait_for(lock, timeout, [this] { return open_connections_ == 0; });
}

void HttpServer::closeIdleConnectionsSoon() {
  reactor_->post([this] { closeIdleConnections(); });
}

void HttpServer::closeIdleConnections() {
  reactor_->forEachHandler([this](ReactorHandler& handler, bool armed) {
    auto* connection = dynamic_cast<HttpConnection*>(&handler);
    if (connection != nullptr && armed && connection->idle()) reactor_->release(connection);
  });
}

void HttpServer::abortConnections() {
  reactor_->forEachHandler([this](ReactorHandler& handler, bool armed) {
    if (armed) {
      reactor_->release(&handler);
    } else {
      // A worker holds it: failing its socket ends the handler's reads and writes.
      ::shutdown(handler.fd(), SHUT_RDWR);
    }
  });
}

}  // namespace orchestra::http
