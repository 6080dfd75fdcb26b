#include "tests/support/HttpSink.hpp"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <sstream>
#include <thread>

namespace orchestra::testing {

struct HttpSink::State {
  mutable std::mutex mutex;
  std::map<std::string, std::vector<int>> scripts;
  std::map<std::string, std::chrono::milliseconds> delays;
  std::map<std::string, std::size_t> counts;
  std::vector<std::pair<std::string, std::string>> requests;
  std::atomic<bool> stopping{false};
};

namespace {

class SinkHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit SinkHandler(std::shared_ptr<HttpSink::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::ostringstream ignored;
    Poco::StreamCopier::copyStream(request.stream(), ignored);
    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    int status = 200;
    std::chrono::milliseconds wait{0};
    std::size_t number = 0;
    {
      std::lock_guard lock(state_->mutex);
      number = state_->counts[path]++;
      state_->requests.emplace_back(path, request.get("Idempotency-Key", ""));
      if (const auto script = state_->scripts.find(path); script != state_->scripts.end()) {
        const auto& statuses = script->second;
        status = statuses[std::min(number, statuses.size() - 1)];
      }
      if (const auto found = state_->delays.find(path); found != state_->delays.end()) {
        wait = found->second;
      }
    }
    // Delays end early when the sink stops, so no handler outlives it.
    const auto until = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < until && !state_->stopping.load())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType("application/json");
    const std::string body =
        R"({"path":")" + path + R"(","request":)" + std::to_string(number + 1) + "}";
    response.sendBuffer(body.data(), body.size());
  }

 private:
  std::shared_ptr<HttpSink::State> state_;
};

class SinkFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit SinkFactory(std::shared_ptr<HttpSink::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new SinkHandler(state_);
  }

 private:
  std::shared_ptr<HttpSink::State> state_;
};

}  // namespace

HttpSink::HttpSink() : state_(std::make_shared<State>()) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  auto* params = new Poco::Net::HTTPServerParams;
  params->setMaxThreads(64);
  params->setMaxQueued(512);
  server_ = std::make_unique<Poco::Net::HTTPServer>(new SinkFactory(state_), socket, params);
  server_->start();
}

HttpSink::~HttpSink() {
  state_->stopping.store(true);
  server_->stopAll(true);
  // stopAll does not wait for handlers still running: wait (bounded) until none is.
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (server_->currentThreads() > 0 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

std::string HttpSink::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void HttpSink::script(const std::string& path, std::vector<int> statuses) {
  std::lock_guard lock(state_->mutex);
  state_->scripts[path] = std::move(statuses);
}

void HttpSink::delay(const std::string& path, std::chrono::milliseconds wait) {
  std::lock_guard lock(state_->mutex);
  state_->delays[path] = wait;
}

std::size_t HttpSink::count(const std::string& path) const {
  std::lock_guard lock(state_->mutex);
  const auto found = state_->counts.find(path);
  return found == state_->counts.end() ? 0 : found->second;
}

std::vector<std::pair<std::string, std::string>> HttpSink::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

}  // namespace orchestra::testing
