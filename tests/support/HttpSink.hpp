// A small HTTP server inside the test process on 127.0.0.1 and a free port: the outside world
// of a workflow's core.http_request nodes. It counts requests per path (side effects that must
// not repeat), remembers idempotency keys, and answers each path with a scripted status list.
#pragma once

#include <Poco/Net/HTTPServer.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace orchestra::testing {

class HttpSink {
 public:
  HttpSink();
  ~HttpSink();
  HttpSink(const HttpSink&) = delete;
  HttpSink& operator=(const HttpSink&) = delete;

  std::uint16_t port() const { return port_; }
  std::string url(const std::string& path) const;

  // Answers to `path`, in order; the last one repeats. Default: 200.
  void script(const std::string& path, std::vector<int> statuses);
  // Each request to `path` waits this long before answering.
  void delay(const std::string& path, std::chrono::milliseconds wait);

  std::size_t count(const std::string& path) const;
  // Every request path received, with the Idempotency-Key header it carried ("" when none).
  std::vector<std::pair<std::string, std::string>> requests() const;

  struct State;

 private:
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
  std::uint16_t port_ = 0;
};

}  // namespace orchestra::testing
