// The HTTP core in-process over real loopback sockets, with routes of the test's own: the error
// shapes of handlers (400/422/500), body limits with chunked bodies, and graceful stop.
#include "host/http/HttpServer.hpp"

#include <gtest/gtest.h>

#include <future>
#include <thread>

#include "host/api/StoreFailureResponses.hpp"
#include "host/http/CorsMiddleware.hpp"
#include "host/http/RequestIdMiddleware.hpp"
#include "host/http/SecurityHeadersMiddleware.hpp"
#include "host/store/StoreError.hpp"
#include "host/text/JsonWriter.hpp"
#include "tests/support/HttpTestClient.hpp"

namespace orchestra::http {
namespace {

using testing::firstStatus;
using testing::HttpTestClient;
using testing::rawExchange;

class HttpServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    RouteDoc echo;
    echo.request_schema_json =
        R"({"type":"object","required":["name"],"properties":{"name":{"type":"string"}}})";
    // The handler trusts the router's check: it reads the checked body and nothing else.
    router_.add(
        "POST", "/echo",
        [](Request& request) {
          return Response::json(200, text::toJson(request.jsonBody().get("name")));
        },
        std::move(echo));
    router_.add("GET", "/boom", [](Request&) -> Response {
      throw std::runtime_error("database password is hunter2");
    });
    router_.add("GET", "/database-down", [](Request&) -> Response {
      throw store::StoreError("connection refused by 10.0.0.5", store::StoreErrorKind::Unavailable);
    });
    router_.add("GET", "/duplicate", [](Request&) -> Response {
      throw store::StoreError("duplicate key", store::StoreErrorKind::UniqueViolation);
    });
    router_.add("GET", "/slow", [this](Request&) {
      slow_started_.set_value();
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      return Response::json(200, R"({"slow":true})");
    });
    settings_.host = "127.0.0.1";
    settings_.port = 0;
    settings_.threads = 8;
    settings_.body_limit_bytes = 1024;
    settings_.request_timeout_ms = 2000;
    settings_.cors.allowed_origins = {"https://studio.example.com"};
    std::vector<std::unique_ptr<Middleware>> middlewares;
    middlewares.push_back(std::make_unique<RequestIdMiddleware>());
    middlewares.push_back(std::make_unique<CorsMiddleware>(settings_.cors));
    middlewares.push_back(std::make_unique<SecurityHeadersMiddleware>());
    DispatcherOptions options;
    options.body_limits.max_bytes = settings_.body_limit_bytes;
    options.body_limits.max_duration = std::chrono::milliseconds(2000);
    options.access_log = false;
    options.translate_exception = api::apiErrorForStoreFailure;
    dispatcher_ =
        std::make_unique<RequestDispatcher>(router_, std::move(middlewares), metrics_, options);
    server_ = std::make_unique<HttpServer>(settings_, *dispatcher_);
    server_->start();
  }
  void TearDown() override { server_->stop(std::chrono::milliseconds(2000)); }

  HttpTestClient client() const { return HttpTestClient(server_->port()); }

  config::ServerSettings settings_;
  Router router_;
  observability::Metrics metrics_registry_;
  observability::HttpRequestMetrics metrics_{metrics_registry_};
  std::unique_ptr<RequestDispatcher> dispatcher_;
  std::unique_ptr<HttpServer> server_;
  std::promise<void> slow_started_;
};

TEST_F(HttpServerTest, ValidJsonIsHandled) {
  const auto result = client().request("POST", "/echo", R"({"name":"x"})");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"("x")");
}

TEST_F(HttpServerTest, MalformedJsonIs400WithDetail) {
  const auto result = client().request("POST", "/echo", R"({"name":)");
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.json()->getValue<std::string>("detail"), "Malformed JSON body");
}

TEST_F(HttpServerTest, WrongJsonTypeIs422WithLocMsgType) {
  const auto array_body = client().request("POST", "/echo", "[1,2]");
  EXPECT_EQ(array_body.status, 422);
  const auto wrong_type = client().request("POST", "/echo", R"({"name":5})");
  ASSERT_EQ(wrong_type.status, 422);
  const auto issue = wrong_type.json()->getArray("detail")->getObject(0);
  EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(1), "name");
  EXPECT_EQ(issue->getValue<std::string>("type"), "string_type");
  EXPECT_FALSE(issue->getValue<std::string>("msg").empty());
}

TEST_F(HttpServerTest, TheRouteSchemaReportsEveryProblemBeforeTheHandlerRuns) {
  const auto missing = client().request("POST", "/echo", R"({"other":1})");
  ASSERT_EQ(missing.status, 422);
  const auto issue = missing.json()->getArray("detail")->getObject(0);
  EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(0), "body");
  EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(1), "name");
  EXPECT_EQ(issue->getValue<std::string>("type"), "missing");

  std::string deep(70, '[');
  deep += std::string(70, ']');
  const auto too_deep = client().request("POST", "/echo", R"({"name":"x","n":)" + deep + "}");
  ASSERT_EQ(too_deep.status, 422) << too_deep.body;
  EXPECT_EQ(too_deep.json()->getArray("detail")->getObject(0)->getValue<std::string>("type"),
            "json_too_deep");
}

TEST_F(HttpServerTest, HandlerExceptionIs500WithRequestIdAndNoInternals) {
  const auto result = client().request("GET", "/boom", "", {{"X-Request-ID", "trace-me-1"}});
  EXPECT_EQ(result.status, 500);
  EXPECT_EQ(result.header("X-Request-ID"), "trace-me-1");
  EXPECT_NE(result.json()->getValue<std::string>("detail").find("trace-me-1"), std::string::npos);
  EXPECT_EQ(result.body.find("hunter2"), std::string::npos);
  EXPECT_EQ(result.header("X-Content-Type-Options"), "nosniff");
}

TEST_F(HttpServerTest, ADatabaseThatIsDownIs503WithRetryAfterAndNoInternals) {
  const auto down = client().request("GET", "/database-down", "", {});
  EXPECT_EQ(down.status, 503);
  EXPECT_EQ(down.header("Retry-After"), "1");
  EXPECT_EQ(down.json()->getValue<std::string>("detail"),
            "The database is unavailable; retry shortly");
  EXPECT_EQ(down.body.find("10.0.0.5"), std::string::npos);
  // Other store failures are not the client's to retry: still the 500 naming the request.
  EXPECT_EQ(client().request("GET", "/duplicate", "", {}).status, 500);
  EXPECT_EQ(client().request("GET", "/boom", "", {}).status, 500);
}

TEST_F(HttpServerTest, OversizedContentLengthIs413WithoutReadingTheBody) {
  const auto exchange = rawExchange(
      server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  EXPECT_EQ(firstStatus(exchange.response), 413);
  EXPECT_FALSE(exchange.timed_out);  // answered and closed, not waiting for 5000 bytes
}

TEST_F(HttpServerTest, OversizedChunkedBodyIs413) {
  std::string request = "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i)
    request += "200\r\n" + std::string(0x200, 'a') + "\r\n";
  request += "0\r\n\r\n";
  const auto exchange = rawExchange(server_->port(), request);
  EXPECT_EQ(firstStatus(exchange.response), 413);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpServerTest, HugeChunkSizeIsRefusedNotAwaited) {
  const auto exchange = rawExchange(server_->port(),
                                    "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                    "chunked\r\n\r\nFFFFFFFF\r\nabc");
  EXPECT_EQ(firstStatus(exchange.response), 413);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpServerTest, ChunkedBodyWithinLimitIsAccepted) {
  const auto exchange = rawExchange(server_->port(),
                                    "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: "
                                    "chunked\r\n\r\n5\r\n{\"nam\r\n7\r\ne\":\"x\"}\r\n0\r\n\r\n");
  EXPECT_EQ(firstStatus(exchange.response), 200);
  EXPECT_NE(exchange.response.find("\r\n\r\n\"x\""), std::string::npos);
  EXPECT_NE(exchange.response.find("Connection: close"), std::string::npos);
}

TEST_F(HttpServerTest, SlowBodyTimesOut) {
  const auto exchange = rawExchange(
      server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"a\"",
      std::chrono::milliseconds(8000));
  EXPECT_EQ(firstStatus(exchange.response), 408);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpServerTest, PostWithoutLengthIs411) {
  const auto exchange = rawExchange(server_->port(), "POST /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(firstStatus(exchange.response), 411);
}

TEST_F(HttpServerTest, GracefulStopFinishesInFlightRequest) {
  auto in_flight = std::async(std::launch::async, [this] { return client().get("/slow"); });
  slow_started_.get_future().wait();
  const auto stop_started = std::chrono::steady_clock::now();
  server_->stop(std::chrono::milliseconds(5000));
  const auto result = in_flight.get();
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.body, R"({"slow":true})");
  EXPECT_LT(std::chrono::steady_clock::now() - stop_started, std::chrono::seconds(5));
  EXPECT_THROW(client().get("/slow"), Poco::Exception);  // no longer accepting
}

TEST_F(HttpServerTest, MetricsCountRequestsByRouteTemplate) {
  client().request("POST", "/echo", R"({"name":"x"})");
  client().get("/nothing-here");
  const std::string exposition = metrics_registry_.exposition();
  // prometheus-cpp writes a series' labels sorted by name.
  EXPECT_NE(exposition.find(R"(http_requests_total{method="POST",route="/echo",status="200"} 1)"),
            std::string::npos)
      << exposition;
  EXPECT_NE(
      exposition.find(R"(http_requests_total{method="GET",route="unmatched",status="404"} 1)"),
      std::string::npos)
      << exposition;
}

}  // namespace
}  // namespace orchestra::http
