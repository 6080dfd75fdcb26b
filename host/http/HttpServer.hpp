// The HTTP listener: Poco's TCPServer with a bounded thread pool and our own connection loop
// (HttpConnection), so that malformed requests get JSON errors and shutdown drains in-flight work.
#pragma once

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_set>

#include "host/config/Config.hpp"
#include "host/http/RequestDispatcher.hpp"

namespace orchestra::http {

class HttpConnection;

class HttpServer {
 public:
  HttpServer(const config::ServerSettings& settings, RequestDispatcher& dispatcher);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts accepting. Throws (control plane) when the address cannot be bound.
  void start();
  // The bound port (useful with port 0).
  std::uint16_t port() const { return port_; }

  // Stops accepting, lets in-flight requests finish (up to `grace`), closes idle keep-alive
  // connections at once and aborts what is still running after the grace period.
  void stop(std::chrono::milliseconds grace);

  bool stopping() const { return stopping_.load(std::memory_order_acquire); }
  RequestDispatcher& dispatcher() { return dispatcher_; }
  Poco::Net::HTTPServerParams::Ptr params() const { return params_; }

  // Connection bookkeeping, called by HttpConnection. A connection is idle while it waits for
  // the next keep-alive request; stop() wakes idle ones and waits for busy ones.
  void connectionOpened(HttpConnection* connection);
  void connectionClosed(HttpConnection* connection);
  // Returns false when the server is stopping: the connection must not start another request.
  bool markBusy(HttpConnection* connection);
  void markIdle(HttpConnection* connection);

 private:
  config::ServerSettings settings_;
  RequestDispatcher& dispatcher_;
  Poco::Net::HTTPServerParams::Ptr params_;
  Poco::Net::ServerSocket listen_socket_;
  std::unique_ptr<Poco::ThreadPool> thread_pool_;
  std::unique_ptr<Poco::Net::TCPServer> tcp_server_;
  std::uint16_t port_ = 0;
  std::atomic<bool> stopping_{false};

  std::mutex connections_mutex_;
  std::condition_variable connections_changed_;
  std::unordered_set<HttpConnection*> idle_connections_;
  std::unordered_set<HttpConnection*> busy_connections_;
};

}  // namespace orchestra::http
