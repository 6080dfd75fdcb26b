#include "host/http/HttpServer.hpp"

#include <Poco/Net/NetException.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include "host/http/HttpConnection.hpp"
#include "host/observability/Logger.hpp"

namespace orchestra::http {

namespace {

class ConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
 public:
  explicit ConnectionFactory(HttpServer& server) : server_(server) {}
  Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
    return new HttpConnection(socket, server_);
  }

 private:
  HttpServer& server_;
};

}  // namespace

HttpServer::HttpServer(const config::ServerSettings& settings, RequestDispatcher& dispatcher)
    : settings_(settings), dispatcher_(dispatcher), params_(new Poco::Net::HTTPServerParams) {
  params_->setKeepAlive(settings_.keep_alive);
  params_->setKeepAliveTimeout(Poco::Timespan(settings_.keep_alive_timeout_ms * 1000LL));
  params_->setMaxKeepAliveRequests(settings_.max_keep_alive_requests);
  params_->setTimeout(Poco::Timespan(settings_.request_timeout_ms * 1000LL));
  params_->setMaxThreads(settings_.threads);
  params_->setMaxQueued(settings_.queue_size);
  params_->setThreadIdleTime(Poco::Timespan(60, 0));
}

HttpServer::~HttpServer() {
  if (tcp_server_ && !stopping()) stop(std::chrono::milliseconds(0));
}

void HttpServer::start() {
  const Poco::Net::SocketAddress address(settings_.host, static_cast<Poco::UInt16>(settings_.port));
  // SO_REUSEADDR lets a restart bind while old connections linger in TIME_WAIT; SO_REUSEPORT
  // stays off, or a second host on the same port would silently share its traffic.
  listen_socket_.bind(address, /*reuseAddress=*/true, /*reusePort=*/false);
  listen_socket_.listen(std::max(64, settings_.queue_size));
  port_ = listen_socket_.address().port();
  // Threads start on demand: an idle host keeps only the pool's minimum.
  thread_pool_ = std::make_unique<Poco::ThreadPool>("http", 2, settings_.threads, 60);
  tcp_server_ = std::make_unique<Poco::Net::TCPServer>(new ConnectionFactory(*this), *thread_pool_,
                                                       listen_socket_, params_);
  tcp_server_->start();
}

void HttpServer::stop(std::chrono::milliseconds grace) {
  if (stopping_.exchange(true)) return;
  if (!tcp_server_) return;
  tcp_server_->stop();  // the acceptor thread ends; queued connections are dropped
  // Poco's stop() leaves the socket open, so the kernel would keep completing handshakes nobody
  // serves: close it so that new clients are refused at once.
  listen_socket_.close();

  std::unique_lock lock(connections_mutex_);
  for (HttpConnection* idle : idle_connections_)
    idle->interrupt();
  const bool drained = connections_changed_.wait_for(
      lock, grace, [this] { return busy_connections_.empty() && idle_connections_.empty(); });
  if (!drained) {
    observability::logWarning("http", "shutdown grace period over; aborting open connections",
                              {{"busy", static_cast<std::int64_t>(busy_connections_.size())}});
    for (HttpConnection* connection : busy_connections_)
      connection->interrupt();
    for (HttpConnection* connection : idle_connections_)
      connection->interrupt();
    connections_changed_.wait_for(lock, std::chrono::seconds(2), [this] {
      return busy_connections_.empty() && idle_connections_.empty();
    });
  }
  const bool all_closed = busy_connections_.empty() && idle_connections_.empty();
  lock.unlock();
  // Joining a pool thread stuck in a handler would hang shutdown; the process exits anyway.
  if (all_closed) thread_pool_->joinAll();
}

void HttpServer::connectionOpened(HttpConnection* connection) {
  std::lock_guard lock(connections_mutex_);
  idle_connections_.insert(connection);
}

void HttpServer::connectionClosed(HttpConnection* connection) {
  {
    std::lock_guard lock(connections_mutex_);
    idle_connections_.erase(connection);
    busy_connections_.erase(connection);
  }
  connections_changed_.notify_all();
}

bool HttpServer::markBusy(HttpConnection* connection) {
  std::lock_guard lock(connections_mutex_);
  if (stopping()) return false;
  idle_connections_.erase(connection);
  busy_connections_.insert(connection);
  return true;
}

void HttpServer::markIdle(HttpConnection* connection) {
  {
    std::lock_guard lock(connections_mutex_);
    busy_connections_.erase(connection);
    idle_connections_.insert(connection);
  }
  if (stopping()) connection->interrupt();
}

}  // namespace orchestra::http
