#include "tests/support/WebStubServer.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/URI.h>

#include <mutex>
#include <sstream>

namespace orchestra::testing {

struct WebStubServer::State {
  mutable std::mutex mutex;
  std::vector<WebStubRequest> requests;
};

namespace {

using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerResponse;

constexpr const char* kPage =
    "<!DOCTYPE html><html><head><title>Stub &amp; Page</title>"
    "<style>p { color: red }</style><script>var secret = 'script text';</script></head>"
    "<body><h1>Welcome</h1><p>Fish &amp; chips &#8212; caf&eacute; &lt;3</p>"
    "<p>Second   paragraph</p></body></html>";

void send(HTTPServerResponse& response, int status, const std::string& type,
          const std::string& body) {
  response.setStatus(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentType(type);
  response.sendBuffer(body.data(), body.size());
}

std::string jsonText(const Poco::JSON::Object& object) {
  std::ostringstream out;
  object.stringify(out);
  return out.str();
}

void search(const Poco::URI& uri, const std::string& authorization, HTTPServerResponse& response) {
  std::string query;
  for (const auto& [name, value] : uri.getQueryParameters()) {
    if (name == "q") query = value;
  }
  if (query == "stub-rate-limited") {
    response.set("retry-after", "7");
    return send(response, 429, "application/json",
                R"({"code":429,"name":"RateLimitTriggeredError","status":42903,)"
                R"("message":"Per IP rate limit exceeded"})");
  }
  if (query == "stub-bad-request") {
    Poco::JSON::Object error;
    error.set("code", 400);
    error.set("name", "ParamValidationError");
    error.set("message", "bad query for " + authorization);  // services do echo keys
    return send(response, 400, "application/json", jsonText(error));
  }
  Poco::JSON::Array::Ptr data = new Poco::JSON::Array;
  for (int i = 1; i <= WebStubServer::kResultCount; ++i) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("title", "Result " + std::to_string(i) + " for " + query);
    item->set("url", "https://example.com/" + std::to_string(i));
    item->set("description", "Description " + std::to_string(i));
    item->set("content", "Content " + std::to_string(i));
    item->set("usage", Poco::JSON::Object::Ptr(new Poco::JSON::Object));
    data->add(item);
  }
  Poco::JSON::Object answer;
  answer.set("code", 200);
  answer.set("status", 20000);
  answer.set("data", data);
  send(response, 200, "application/json", jsonText(answer));
}

void read(const std::string& page_url, HTTPServerResponse& response) {
  Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
  data->set("title", "Read: " + page_url);
  data->set("url", page_url);
  data->set("content", WebStubServer::kReaderContent);
  Poco::JSON::Object answer;
  answer.set("code", 200);
  answer.set("status", 20000);
  answer.set("data", data);
  send(response, 200, "application/json", jsonText(answer));
}

class StubHandler final : public Poco::Net::HTTPRequestHandler {
 public:
  explicit StubHandler(std::shared_ptr<WebStubServer::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request, HTTPServerResponse& response) override {
    const std::string& raw_uri = request.getURI();
    const std::string authorization = request.get("Authorization", "");
    {
      std::lock_guard lock(state_->mutex);
      state_->requests.push_back(
          {request.getMethod(), raw_uri, authorization, request.get("Accept", "")});
    }
    const Poco::URI uri(raw_uri);
    if (uri.getPath() == "/search/" || uri.getPath() == "/search") {
      return search(uri, authorization, response);
    }
    if (raw_uri.rfind("/reader/", 0) == 0) return read(raw_uri.substr(8), response);
    if (raw_uri == "/site/page.html") return send(response, 200, "text/html; charset=utf-8", kPage);
    if (raw_uri == "/site/image.png") return send(response, 200, "image/png", "\x89PNG");
    send(response, 404, "text/plain", "not here");
  }

 private:
  std::shared_ptr<WebStubServer::State> state_;
};

class StubFactory final : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit StubFactory(std::shared_ptr<WebStubServer::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new StubHandler(state_);
  }

 private:
  std::shared_ptr<WebStubServer::State> state_;
};

}  // namespace

WebStubServer::WebStubServer() : state_(std::make_shared<State>()) {
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  port_ = socket.address().port();
  server_ = std::make_unique<Poco::Net::HTTPServer>(new StubFactory(state_), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

WebStubServer::~WebStubServer() {
  server_->stopAll(true);
}

std::string WebStubServer::baseUrl() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::vector<WebStubRequest> WebStubServer::requests() const {
  std::lock_guard lock(state_->mutex);
  return state_->requests;
}

}  // namespace orchestra::testing
