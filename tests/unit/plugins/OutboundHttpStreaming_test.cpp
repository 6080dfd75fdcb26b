// A streamed body (server-sent events) that goes silent: its bytes so far were handed on, and
// the request ends within a slice of its caller cancelling, or after its idle time; the server
// never has to say anything more. A silent stream must never hold its owner from stopping.
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "host/plugins/OutboundHttp.hpp"

namespace orchestra::plugins {
namespace {

using namespace std::chrono_literals;

// Answers one request with an event stream: one event, then silence until the test ends.
class SilentStreamServer {
 public:
  SilentStreamServer() : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)) {
    thread_ = std::thread([this] {
      Poco::Net::StreamSocket client = socket_.acceptConnection();
      std::string request(4096, '\0');
      client.receiveBytes(request.data(), static_cast<int>(request.size()));
      const std::string answer =
          "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
          "Transfer-Encoding: chunked\r\n\r\n"
          "d\r\ndata: hello\n\n\r\n";
      client.sendBytes(answer.data(), static_cast<int>(answer.size()));
      while (!done_)
        std::this_thread::sleep_for(10ms);
    });
  }
  ~SilentStreamServer() {
    done_ = true;
    thread_.join();
  }
  SilentStreamServer(const SilentStreamServer&) = delete;
  SilentStreamServer& operator=(const SilentStreamServer&) = delete;

  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/events";
  }

 private:
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

OutboundRequest streamedRequest(const std::string& url, std::string& body) {
  OutboundRequest request;
  request.method = "GET";
  request.url = url;
  request.timeout_ms = 60000;
  request.on_body_chunk = [&body](std::string_view chunk) {
    body.append(chunk);
    return ORC_OK;
  };
  return request;
}

TEST(OutboundHttpStreaming, ASilentStreamEndsSoonAfterItsCallerCancels) {
  const SilentStreamServer server;
  const OutboundHttp http(OutboundHttpSettings{true, 30000, 1 << 20});
  std::string body;
  OutboundRequest request = streamedRequest(server.url(), body);
  const auto started = std::chrono::steady_clock::now();
  request.is_cancelled = [&] { return std::chrono::steady_clock::now() - started > 300ms; };
  const OutboundResponse response = http.perform(request);
  EXPECT_EQ(response.status, ORC_ERR_CANCELLED) << response.error_message;
  EXPECT_EQ(body, "data: hello\n\n");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST(OutboundHttpStreaming, ASilentStreamEndsAfterItsIdleTime) {
  const SilentStreamServer server;
  const OutboundHttp http(OutboundHttpSettings{true, 30000, 1 << 20});
  std::string body;
  OutboundRequest request = streamedRequest(server.url(), body);
  request.timeout_ms = 400;
  const auto started = std::chrono::steady_clock::now();
  const OutboundResponse response = http.perform(request);
  EXPECT_EQ(response.status, ORC_ERR_TIMEOUT) << response.error_message;
  EXPECT_EQ(body, "data: hello\n\n");
  EXPECT_GE(std::chrono::steady_clock::now() - started, 400ms);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
}

}  // namespace
}  // namespace orchestra::plugins
