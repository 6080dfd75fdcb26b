#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;
using sdk::testing::FakeHttpCall;
using sdk::testing::FakeHttpResponse;

class HttpRequestNodeTest : public CoreNodesTest {
 protected:
  void answer(FakeHttpResponse response) {
    host_.http_handler = [response](const FakeHttpCall&) { return response; };
  }
  sdk::testing::ExecuteOutcome request(std::string_view config) {
    return run("core.http_request", config);
  }
};

TEST_F(HttpRequestNodeTest, SendsTheRequestThroughTheHostAndReturnsTheAnswer) {
  answer({ORC_OK,
          201,
          {{"content-type", "application/json"}, {"x-seen", "1"}, {"x-seen", "2"}},
          R"({"id":"r-1"})"});
  auto outcome = request(
      R"({"method":"POST","url":"https://api.example.com/v1/items?fixed=1",)"
      R"("headers":{"Authorization":"Bearer t0ken"},"query":{"q":"a b&c","tag":["x","y"]},)"
      R"("body":{"name":"n"},"timeout_ms":5000,"idempotency_key_header":"Idempotency-Key"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"),
            json(R"({"status":201,"headers":{"content-type":"application/json",)"
                 R"("x-seen":"1, 2"},"body":{"id":"r-1"}})"));

  std::vector<FakeHttpCall> calls = host_.httpCalls();
  ASSERT_EQ(calls.size(), 1u);
  const FakeHttpCall& call = calls[0];
  EXPECT_EQ(call.method, "POST");
  EXPECT_EQ(call.url, "https://api.example.com/v1/items?fixed=1&q=a%20b%26c&tag=x&tag=y");
  EXPECT_EQ(call.body, R"({"name":"n"})");
  EXPECT_EQ(json(call.headers_json),
            json(R"([["Authorization","Bearer t0ken"],["Content-Type","application/json"],)"
                 R"(["Idempotency-Key","fake-idempotency-key"]])"));
}

TEST_F(HttpRequestNodeTest, TextBodiesAndTextResponses) {
  answer({ORC_OK, 200, {}, "plain words"});
  auto outcome = request(R"({"method":"PUT","url":"http://example.com/x","body":"raw",)"
                         R"("body_type":"text","response_format":"text"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(at(outcome.output("main"), {"body"}), sdk::Json("plain words"));
  EXPECT_EQ(host_.httpCalls()[0].body, "raw");
  EXPECT_NE(host_.httpCalls()[0].headers_json.find("text/plain"), std::string::npos);
}

TEST_F(HttpRequestNodeTest, RetryableStatusesAreTransient) {
  for (int status_code : {408, 429, 500, 502, 503}) {
    answer({ORC_OK, status_code, {}, "busy"});
    auto outcome = request(R"({"url":"https://example.com/?api_key=SECRET"})");
    EXPECT_EQ(outcome.error_class, ErrorClass::Transient) << status_code;
    EXPECT_EQ(outcome.status, ORC_ERR_UNAVAILABLE);
    EXPECT_NE(outcome.error_message.find(std::to_string(status_code)), std::string::npos);
    EXPECT_EQ(outcome.error_message.find("SECRET"), std::string::npos) << outcome.error_message;
  }
}

TEST_F(HttpRequestNodeTest, OtherClientErrorsArePermanent) {
  for (int status_code : {400, 401, 403, 404, 422}) {
    answer({ORC_OK, status_code, {}, R"({"error":"nope"})"});
    auto outcome = request(R"({"url":"https://example.com/"})");
    EXPECT_EQ(outcome.error_class, ErrorClass::Permanent) << status_code;
    EXPECT_NE(outcome.error_message.find("nope"), std::string::npos);
  }
}

TEST_F(HttpRequestNodeTest, FailOnStatusOffReturnsErrorAnswers) {
  answer({ORC_OK, 503, {}, "<html>down</html>"});
  auto outcome = request(R"({"url":"https://example.com/","fail_on_status":false})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(at(outcome.output("main"), {"status"}), sdk::Json(503));
  EXPECT_EQ(at(outcome.output("main"), {"body"}), sdk::Json("<html>down</html>"));
}

TEST_F(HttpRequestNodeTest, NetworkFailuresFollowTheHostsStatus) {
  answer({ORC_ERR_TIMEOUT, 0, {}, ""});
  auto timeout = request(R"({"url":"https://example.com/"})");
  EXPECT_EQ(timeout.status, ORC_ERR_TIMEOUT);
  EXPECT_EQ(timeout.error_class, ErrorClass::Transient);

  answer({ORC_ERR_UNAVAILABLE, 0, {}, ""});
  EXPECT_EQ(request(R"({"url":"https://example.com/"})").error_class, ErrorClass::Transient);

  answer({ORC_ERR_PERMISSION_DENIED, 0, {}, ""});
  auto refused = request(R"({"url":"http://169.254.169.254/latest"})");
  EXPECT_EQ(refused.status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_EQ(refused.error_class, ErrorClass::Permanent);
}

TEST_F(HttpRequestNodeTest, NonJsonSuccessIsAPermanentFailure) {
  answer({ORC_OK, 200, {}, "<html>"});
  auto outcome = request(R"({"url":"https://example.com/"})");
  EXPECT_EQ(outcome.error_class, ErrorClass::Permanent);
  EXPECT_NE(outcome.error_message.find("response_format"), std::string::npos);
}

TEST_F(HttpRequestNodeTest, BadConfigIsRefusedOnCreate) {
  for (const char* config : {
           R"({})",
           R"({"url":"ftp://example.com/"})",
           R"({"url":"https://exa mple.com/"})",
           R"({"url":"https://example.com/","method":"FETCH"})",
           R"({"url":"https://example.com/","headers":{"X-A":"a\r\nX-B: b"}})",
           R"({"url":"https://example.com/","headers":{"Bad Name":"v"}})",
           R"({"url":"https://example.com/","timeout_ms":0})",
           R"({"url":"https://example.com/","body":{"a":1},"body_type":"text"})",
           R"({"url":"https://example.com/","query":{"a":{"nested":1}}})",
           R"({"url":"https://example.com/","response_format":"xml"})",
       }) {
    EXPECT_EQ(createError("core.http_request", config).errorClass(), ErrorClass::Validation)
        << config;
  }
  EXPECT_TRUE(host_.httpCalls().empty());
}

TEST_F(HttpRequestNodeTest, HeaderValuesNeverAppearInErrors) {
  sdk::Error error =
      createError("core.http_request", R"({"url":"https://e.com/","headers":{"Authorization":7}})");
  EXPECT_EQ(std::string(error.what()).find('7'), std::string::npos);
}

}  // namespace
}  // namespace orchestra::plugins::core
