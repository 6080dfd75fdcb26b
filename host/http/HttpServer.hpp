// The HTTP listener: accepted sockets wait on one Reactor (epoll) until a whole request has
// arrived, a bounded WorkerPool runs the dispatcher, and connection caps refuse floods cleanly.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/SocketAddress.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "host/config/Config.hpp"
#include "host/http/Reactor.hpp"
#include "host/http/RequestDispatcher.hpp"
#include "host/http/WorkerPool.hpp"

namespace orchestra::http {

class HttpServer {
 public:
  HttpServer(config::ServerSettings settings, RequestDispatcher& dispatcher);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Raises the open-file limit, binds and starts accepting. Throws (control plane) when the
  // address cannot be bound.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const { return port_; }

  // Stops accepting, closes idle keep-alive connections at once, lets requests in flight
  // (a head partly received counts) finish up to `grace`, then aborts what is still open.
  void stop(std::chrono::milliseconds grace);

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }

  // For the connections.
  RequestDispatcher& dispatcher() { return dispatcher_; }
  const config::ServerSettings& settings() const { return settings_; }
  Poco::Net::HTTPServerParams::Ptr params() const { return params_; }
  const Poco::Net::SocketAddress& serverAddress() const { return server_address_; }
  Reactor& reactor() { return *reactor_; }
  WorkerPool& workers() { return *workers_; }

  // Reactor thread: a socket was accepted; it becomes a connection or is refused (429 past the
  // per-address cap, 503 past the total one) and closed.
  void acceptConnection(int fd, const Poco::Net::SocketAddress& client, std::string address_key);
  // A connection closed (its destructor).
  void connectionClosed(const std::string& address_key);
  // Any thread, while stopping: closes the idle keep-alive connections again on the reactor
  // thread (one a worker re-armed after the first pass would otherwise wait for its timeout).
  void closeIdleConnectionsSoon();

 private:
  void closeIdleConnections();
  void abortConnections();
  bool waitUntilClosed(std::chrono::milliseconds timeout);

  config::ServerSettings settings_;
  RequestDispatcher& dispatcher_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::SocketAddress server_address_;
  std::unique_ptr<WorkerPool> workers_;
  std::unique_ptr<Reactor> reactor_;
  ReactorHandler* listener_ = nullptr;  // owned by the reactor
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};

  std::mutex connections_mutex_;
  std::condition_variable connections_changed_;
  std::size_t open_connections_ = 0;
  std::unordered_map<std::string, int> connections_per_address_;
};

}  // namespace orchestra::http
