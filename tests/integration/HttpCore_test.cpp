// The HTTP core of the real binary: health, error shapes, CORS, security headers, request ids,
// request-smuggling defences, keep-alive, OpenAPI, metrics and graceful stop.
#include <Poco/JSON/Parser.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "tests/integration/HostFixture.hpp"

namespace orchestra::testing {
namespace {

using HttpCore = SqliteHostTest;

TEST_F(HttpCore, HealthIsAlive) {
  const auto result = client().get("/health");
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.json()->getValue<std::string>("status"), "ok");
}

TEST_F(HttpCore, ReadyReportsDatabaseAndMigrations) {
  const auto result = client().get("/health/ready");
  ASSERT_EQ(result.status, 200) << result.body;
  const auto body = result.json();
  EXPECT_EQ(body->getValue<std::string>("status"), "ready");
  const auto checks = body->getObject("checks");
  EXPECT_EQ(checks->getObject("database")->getValue<std::string>("status"), "ok");
  EXPECT_EQ(checks->getObject("migrations")->getValue<std::string>("status"), "ok");
}

TEST_F(HttpCore, UnknownPathIs404InDetailShape) {
  const auto result = client().get("/api/v1/no-such-thing");
  EXPECT_EQ(result.status, 404);
  EXPECT_EQ(result.json()->getValue<std::string>("detail"), "Not Found");
}

TEST_F(HttpCore, WrongMethodIs405WithAllow) {
  const auto result = client().request("DELETE", "/health");
  EXPECT_EQ(result.status, 405);
  EXPECT_EQ(result.json()->getValue<std::string>("detail"), "Method Not Allowed");
  EXPECT_EQ(result.header("Allow"), "GET");
}

TEST_F(HttpCore, OversizedBodyIs413) {
  const auto exchange = rawExchange(
      host_->port(), "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n");
  EXPECT_EQ(firstStatus(exchange.response), 413);
  EXPECT_NE(exchange.response.find(R"({"detail":"Request body too large)"), std::string::npos);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, GarbageRequestIs400Json) {
  const auto exchange = rawExchange(host_->port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(firstStatus(exchange.response), 400);
  EXPECT_NE(exchange.response.find(R"({"detail":)"), std::string::npos);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, ContentLengthWithTransferEncodingIs400) {
  const auto exchange = rawExchange(host_->port(),
                                    "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /health "
                                    "HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(firstStatus(exchange.response), 400);
  // The smuggled second request must never be answered.
  EXPECT_EQ(exchange.response.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, NegativeContentLengthIs400) {
  const auto exchange = rawExchange(
      host_->port(), "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello");
  EXPECT_EQ(firstStatus(exchange.response), 400);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, NonNumericContentLengthIs400) {
  const auto exchange = rawExchange(
      host_->port(), "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nhello");
  EXPECT_EQ(firstStatus(exchange.response), 400);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, RepeatedContentLengthIs400) {
  const auto exchange = rawExchange(host_->port(),
                                    "POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                                    "Content-Length: 5\r\n\r\nhello");
  EXPECT_EQ(firstStatus(exchange.response), 400);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, OversizedChunkIsRefusedNotAwaited) {
  const auto exchange = rawExchange(
      host_->port(),
      "POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFF\r\nab");
  const int status = firstStatus(exchange.response);
  EXPECT_TRUE(status == 400 || status == 405 || status == 413) << exchange.response;
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, UnsupportedTransferEncodingIs501) {
  const auto exchange = rawExchange(
      host_->port(), "POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc");
  EXPECT_EQ(firstStatus(exchange.response), 501);
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, KeepAliveServesSeveralRequestsOnOneConnection) {
  const auto exchange = rawExchange(host_->port(),
                                    "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                    "GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
                                    "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  std::size_t answers = 0;
  for (std::size_t at = 0; (at = exchange.response.find("HTTP/1.1 200", at)) != std::string::npos;
       ++at) {
    ++answers;
  }
  EXPECT_EQ(answers, 3U) << exchange.response;
  EXPECT_FALSE(exchange.timed_out);
}

TEST_F(HttpCore, SecurityHeadersOnSuccessAndError) {
  for (const auto& path : {"/health", "/nope"}) {
    const auto result = client().get(path);
    EXPECT_EQ(result.header("X-Content-Type-Options"), "nosniff") << path;
    EXPECT_EQ(result.header("X-Frame-Options"), "DENY") << path;
    EXPECT_EQ(result.header("X-XSS-Protection"), "1; mode=block") << path;
    EXPECT_EQ(result.header("Strict-Transport-Security"), "max-age=31536000; includeSubDomains")
        << path;
    EXPECT_EQ(result.header("Content-Security-Policy"), "default-src 'self'") << path;
  }
}

TEST_F(HttpCore, RequestIdIsEchoedOrGenerated) {
  const auto echoed = client().request("GET", "/health", "", {{"X-Request-ID", "abc-123.x"}});
  EXPECT_EQ(echoed.header("X-Request-ID"), "abc-123.x");
  const auto generated = client().get("/health");
  EXPECT_TRUE(
      std::regex_match(generated.header("X-Request-ID"),
                       std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}")))
      << generated.header("X-Request-ID");
  // A header that could forge log lines is replaced, not echoed.
  const auto forged =
      client().request("GET", "/health", "", {{"X-Request-ID", "bad id\",\"level\":\"x"}});
  EXPECT_NE(forged.header("X-Request-ID"), "bad id\",\"level\":\"x");
  EXPECT_EQ(forged.header("X-Request-ID").size(), 36U);
}

TEST_F(HttpCore, AccessLogLineIsJsonWithRequestIdAndNoBody) {
  client().request("GET", "/health", "",
                   {{"X-Request-ID", "log-me-1"}, {"Authorization", "Bearer top-secret-token"}});
  ASSERT_TRUE(host_->waitForOutput("log-me-1", std::chrono::seconds(5)));
  bool found = false;
  for (const auto& line : host_->outputLines()) {
    if (line.find("log-me-1") == std::string::npos) continue;
    Poco::JSON::Parser parser;
    const auto entry = parser.parse(line).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(entry->getValue<std::string>("logger"), "http.access");
    EXPECT_EQ(entry->getValue<std::string>("method"), "GET");
    EXPECT_EQ(entry->getValue<std::string>("path"), "/health");
    EXPECT_EQ(entry->getValue<int>("status"), 200);
    EXPECT_TRUE(entry->has("duration_ms"));
    found = true;
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(host_->output().find("top-secret-token"), std::string::npos);
}

TEST_F(HttpCore, CorsPreflightForAllowedOrigin) {
  const auto result =
      client().request("OPTIONS", "/health", "",
                       {{"Origin", "https://studio.example.com"},
                        {"Access-Control-Request-Method", "GET"},
                        {"Access-Control-Request-Headers", "authorization, content-type"}});
  EXPECT_EQ(result.status, 204);
  EXPECT_EQ(result.header("Access-Control-Allow-Origin"), "https://studio.example.com");
  EXPECT_NE(result.header("Access-Control-Allow-Methods").find("GET"), std::string::npos);
  EXPECT_NE(result.header("Access-Control-Allow-Headers").find("Authorization"), std::string::npos);
  EXPECT_EQ(result.header("Vary"), "Origin");
}

TEST_F(HttpCore, CorsPreflightForOtherOriginIsRefused) {
  const auto result = client().request(
      "OPTIONS", "/health", "",
      {{"Origin", "https://evil.example.net"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(result.status, 400);
  EXPECT_EQ(result.json()->getValue<std::string>("detail"), "Disallowed CORS origin");
  EXPECT_FALSE(result.hasHeader("Access-Control-Allow-Origin"));
}

TEST_F(HttpCore, CorsPreflightForUnlistedMethodIsRefused) {
  const auto result = client().request(
      "OPTIONS", "/health", "",
      {{"Origin", "https://studio.example.com"}, {"Access-Control-Request-Method", "DELETE"}});
  EXPECT_EQ(result.status, 400);
}

TEST_F(HttpCore, CorsHeadersOnActualRequestOnlyForAllowedOrigin) {
  const auto allowed =
      client().request("GET", "/health", "", {{"Origin", "https://studio.example.com"}});
  EXPECT_EQ(allowed.header("Access-Control-Allow-Origin"), "https://studio.example.com");
  const auto other =
      client().request("GET", "/health", "", {{"Origin", "https://evil.example.net"}});
  EXPECT_FALSE(other.hasHeader("Access-Control-Allow-Origin"));
}

TEST_F(HttpCore, OpenApiDocumentListsEveryRoute) {
  const auto result = client().get("/api/v1/openapi.json");
  ASSERT_EQ(result.status, 200);
  const auto document = result.json();
  EXPECT_EQ(document->getValue<std::string>("openapi"), "3.1.0");
  const auto paths = document->getObject("paths");
  for (const auto& path : {"/health", "/health/ready", "/metrics", "/api/v1/openapi.json"}) {
    ASSERT_TRUE(paths->has(path)) << path;
    EXPECT_TRUE(paths->getObject(path)->has("get")) << path;
    EXPECT_TRUE(paths->getObject(path)->getObject("get")->has("responses")) << path;
  }
}

TEST_F(HttpCore, MetricsCountTheRequestsJustMade) {
  for (int i = 0; i < 3; ++i)
    client().get("/health");
  client().get("/no-such-path");
  const auto result = client().get("/metrics");
  ASSERT_EQ(result.status, 200);
  EXPECT_NE(result.header("Content-Type").find("text/plain"), std::string::npos);
  // prometheus-cpp writes a series' labels sorted by name.
  const std::regex health_count(
      R"re(http_requests_total\{method="GET",route="/health",status="200"\} (\d+))re");
  std::smatch found;
  ASSERT_TRUE(std::regex_search(result.body, found, health_count)) << result.body;
  EXPECT_GE(std::stoi(found[1].str()), 3);
  EXPECT_NE(result.body.find(R"(http_requests_total{method="GET",route="unmatched",status="404"})"),
            std::string::npos);
  EXPECT_NE(result.body.find("http_request_duration_seconds_bucket{"), std::string::npos);
  EXPECT_NE(result.body.find("process_resident_memory_bytes "), std::string::npos);
  // Raw paths never become label values.
  EXPECT_EQ(result.body.find("no-such-path"), std::string::npos);
}

TEST_F(HttpCore, GracefulStopFinishesARequestInFlight) {
  // A request whose headers are half sent is in flight: SIGTERM must wait for it.
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", host_->port()));
  const std::string first_half = "GET /health HTTP/1.1\r\nHost: x\r\n";
  socket.sendBytes(first_half.data(), static_cast<int>(first_half.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  kill(host_->pid(), SIGTERM);
  ASSERT_TRUE(host_->waitForOutput("termination requested", std::chrono::seconds(5)));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string second_half = "X-Request-ID: in-flight-1\r\n\r\n";
  socket.sendBytes(second_half.data(), static_cast<int>(second_half.size()));
  socket.setReceiveTimeout(Poco::Timespan(5, 0));
  std::string response;
  char buffer[4096];
  int got = 0;
  while ((got = socket.receiveBytes(buffer, sizeof buffer)) > 0)
    response.append(buffer, got);
  EXPECT_EQ(firstStatus(response), 200) << response;
  EXPECT_NE(response.find("Connection: close"), std::string::npos);
  const auto status = host_->waitForExit(std::chrono::seconds(10));
  ASSERT_TRUE(status.has_value());
  EXPECT_EQ(*status, 0);
}

}  // namespace
}  // namespace orchestra::testing
