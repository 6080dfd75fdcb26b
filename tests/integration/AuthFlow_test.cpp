// The Authentication API on the real binary and both databases: the whole OTP login flow, token
// refresh with rotation and reuse detection, logout, the OTP rules, profile updates, and the
// start-up refusal without a real secret.
#include <gtest/gtest.h>

#include <fstream>
#include <thread>

#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {
namespace {

using store::DialectKind;

std::map<std::string, std::string> bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

std::string field(const HttpResult& result, const std::string& name) {
  return result.json()->getValue<std::string>(name);
}

class AuthFlow : public ::testing::TestWithParam<DialectKind> {};

TEST_P(AuthFlow, RequestVerifyMeRefreshLogoutThenOldTokensAreRefused) {
  AuthHost host(GetParam());
  const auto requested = host.client().request("POST", "/api/v1/auth/request-otp",
                                               R"({"email":"Ada@Example.com","purpose":"login"})");
  ASSERT_EQ(requested.status, 200) << requested.body;
  EXPECT_TRUE(requested.json()->getValue<bool>("success"));
  EXPECT_EQ(field(requested, "message"), "OTP sent to email");
  EXPECT_EQ(requested.json()->getValue<int>("expires_in"), 300);
  const auto code = newestOutboxCode(host.outbox(), "ada@example.com");
  ASSERT_TRUE(code.has_value());

  const auto verified = host.client().request(
      "POST", "/api/v1/auth/verify-otp", R"({"email":"ada@example.com","code":")" + *code + "\"}");
  ASSERT_EQ(verified.status, 200) << verified.body;
  const auto tokens = verified.json();
  EXPECT_EQ(tokens->getValue<std::string>("token_type"), "bearer");
  EXPECT_EQ(tokens->getValue<int>("expires_in"), 900);
  const std::string access = tokens->getValue<std::string>("access_token");
  const std::string refresh = tokens->getValue<std::string>("refresh_token");
  const auto user = tokens->getObject("user");
  EXPECT_EQ(user->getValue<std::string>("email"), "ada@example.com");
  EXPECT_TRUE(user->isNull("full_name"));
  const std::string user_id = user->getValue<std::string>("id");

  const auto me = host.client().request("GET", "/api/v1/auth/me", "", bearer(access));
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(field(me, "id"), user_id);
  const auto workspaces = me.json()->getArray("workspaces");
  ASSERT_EQ(workspaces->size(), 1U);
  EXPECT_EQ(workspaces->getObject(0)->getValue<std::string>("role"), "owner");

  const auto patched = host.client().request(
      "PATCH", "/api/v1/auth/me",
      R"({"full_name":"Ada Lovelace","avatar_url":"https://x.io/a.png"})", bearer(access));
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(field(patched, "full_name"), "Ada Lovelace");
  EXPECT_EQ(field(patched, "avatar_url"), "https://x.io/a.png");

  const auto refreshed = host.client().request("POST", "/api/v1/auth/refresh",
                                               R"({"refresh_token":")" + refresh + "\"}");
  ASSERT_EQ(refreshed.status, 200) << refreshed.body;
  const std::string access2 = field(refreshed, "access_token");
  const std::string refresh2 = field(refreshed, "refresh_token");
  EXPECT_NE(refresh2, refresh);
  EXPECT_EQ(refreshed.json()->getObject("user")->getValue<std::string>("full_name"),
            "Ada Lovelace");
  EXPECT_EQ(host.client().request("GET", "/api/v1/auth/me", "", bearer(access2)).status, 200);

  const auto logout = host.client().request("POST", "/api/v1/auth/logout", "", bearer(access2));
  ASSERT_EQ(logout.status, 200) << logout.body;
  for (const auto& token : {access, access2}) {
    const auto refused = host.client().request("GET", "/api/v1/auth/me", "", bearer(token));
    EXPECT_EQ(refused.status, 401) << refused.body;
    EXPECT_EQ(field(refused, "detail"), "Not authenticated");
    EXPECT_EQ(refused.header("WWW-Authenticate"), "Bearer");
  }
  EXPECT_EQ(host.client()
                .request("POST", "/api/v1/auth/refresh", R"({"refresh_token":")" + refresh2 + "\"}")
                .status,
            401);
  // A second login of the same address is the same account, not a new one.
  const auto again = host.login("ada@example.com");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.json()->getObject("user")->getValue<std::string>("id"), user_id);
}

TEST_P(AuthFlow, ReusingARotatedRefreshTokenRevokesTheSession) {
  AuthHost host(GetParam());
  const auto login = host.login("reuse@example.com");
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string first_refresh = field(login, "refresh_token");
  const auto rotated =
      host.client().request("POST", "/api/v1/auth/refresh", "", bearer(first_refresh));
  ASSERT_EQ(rotated.status, 200) << rotated.body;
  const std::string access = field(rotated, "access_token");
  const std::string second_refresh = field(rotated, "refresh_token");

  // The thief (or the victim) presents the old token: the whole session dies.
  EXPECT_EQ(
      host.client()
          .request("POST", "/api/v1/auth/refresh", R"({"refresh_token":")" + first_refresh + "\"}")
          .status,
      401);
  EXPECT_EQ(
      host.client()
          .request("POST", "/api/v1/auth/refresh", R"({"refresh_token":")" + second_refresh + "\"}")
          .status,
      401);
  EXPECT_EQ(host.client().request("GET", "/api/v1/auth/me", "", bearer(access)).status, 401);
  EXPECT_EQ(host.client()
                .request("GET", "/api/v1/auth/me", "", bearer(field(login, "access_token")))
                .status,
            401);
}

TEST_P(AuthFlow, SixthGuessIsRefusedEvenWithTheRightCodeAndCodesWorkOnce) {
  AuthHost host(GetParam());
  const std::string code = host.requestCode("guess@example.com");
  const std::string wrong = code == "000000" ? "111111" : "000000";
  for (int guess = 0; guess < 5; ++guess) {
    const auto result =
        host.client().request("POST", "/api/v1/auth/verify-otp",
                              R"({"email":"guess@example.com","code":")" + wrong + "\"}");
    ASSERT_EQ(result.status, 400) << result.body;
    EXPECT_EQ(field(result, "detail"), "Invalid or expired code");
  }
  const auto sixth = host.client().request(
      "POST", "/api/v1/auth/verify-otp", R"({"email":"guess@example.com","code":")" + code + "\"}");
  EXPECT_EQ(sixth.status, 400) << sixth.body;

  // A fresh code works once.
  const std::string fresh = host.requestCode("guess@example.com");
  const std::string body = R"({"email":"guess@example.com","code":")" + fresh + "\"}";
  EXPECT_EQ(host.client().request("POST", "/api/v1/auth/verify-otp", body).status, 200);
  EXPECT_EQ(host.client().request("POST", "/api/v1/auth/verify-otp", body).status, 400);
}

TEST_P(AuthFlow, ANewRequestRetiresThePreviousCode) {
  AuthHost host(GetParam());
  const std::string first = host.requestCode("twice@example.com");
  std::string second = first;
  // Six random digits may repeat; ask until they differ (almost always once).
  for (int attempt = 0; attempt < 3 && second == first; ++attempt)
    second = host.requestCode("twice@example.com");
  ASSERT_NE(first, second);
  EXPECT_EQ(host.client()
                .request("POST", "/api/v1/auth/verify-otp",
                         R"({"email":"twice@example.com","code":")" + first + "\"}")
                .status,
            400);
  EXPECT_EQ(host.client()
                .request("POST", "/api/v1/auth/verify-otp",
                         R"({"email":"twice@example.com","code":")" + second + "\"}")
                .status,
            200);
}

TEST_P(AuthFlow, ExpiredCodeIsRefused) {
  AuthHost host(GetParam(), "", "  otp_ttl_seconds: 1\n");
  const std::string code = host.requestCode("late@example.com");
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  EXPECT_EQ(host.client()
                .request("POST", "/api/v1/auth/verify-otp",
                         R"({"email":"late@example.com","code":")" + code + "\"}")
                .status,
            400);
}

TEST_P(AuthFlow, KnownAndUnknownEmailsGetTheSameAnswer) {
  AuthHost host(GetParam());
  ASSERT_EQ(host.login("known@example.com").status, 200);
  const auto known = host.client().request("POST", "/api/v1/auth/request-otp",
                                           R"({"email":"known@example.com","purpose":"login"})");
  const auto unknown = host.client().request("POST", "/api/v1/auth/request-otp",
                                             R"({"email":"nobody@example.com","purpose":"login"})");
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.body, unknown.body);
}

TEST_P(AuthFlow, BadInputIsA4xxNeverA500) {
  // More calls than the per-IP OTP budgets allow: this test is about validation, not limits.
  AuthHost host(GetParam(), "rate_limits:\n  otp_request_limit: 100\n  otp_verify_limit: 100\n");
  auto post = [&](const std::string& path, const std::string& body) {
    return host.client().request("POST", path, body).status;
  };
  EXPECT_EQ(post("/api/v1/auth/request-otp", "{not json"), 400);
  EXPECT_EQ(post("/api/v1/auth/request-otp", R"({"purpose":"login"})"), 422);
  EXPECT_EQ(post("/api/v1/auth/request-otp", R"({"email":"not-an-email"})"), 422);
  EXPECT_EQ(post("/api/v1/auth/request-otp", R"({"email":"a@b.io","purpose":"hack"})"), 422);
  EXPECT_EQ(post("/api/v1/auth/request-otp", R"({"email":42})"), 422);
  EXPECT_EQ(post("/api/v1/auth/verify-otp", R"({"email":"a@b.io","code":"12345"})"), 422);
  EXPECT_EQ(post("/api/v1/auth/verify-otp", R"({"email":"a@b.io","code":"abcdef"})"), 422);
  EXPECT_EQ(post("/api/v1/auth/verify-otp", R"({"email":"a@b.io","code":"123456"})"), 400);
  EXPECT_EQ(post("/api/v1/auth/refresh", R"({})"), 422);
  EXPECT_EQ(post("/api/v1/auth/refresh", R"({"refresh_token":"x.y.z"})"), 401);

  const auto validation = host.client().request("POST", "/api/v1/auth/request-otp", "{}");
  const auto detail = validation.json()->getArray("detail");
  ASSERT_EQ(detail->size(), 1U);
  EXPECT_EQ(detail->getObject(0)->getArray("loc")->getElement<std::string>(1), "email");

  const auto login = host.login("patch@example.com");
  ASSERT_EQ(login.status, 200);
  const auto extra =
      host.client().request("PATCH", "/api/v1/auth/me", R"({"email":"evil@example.com"})",
                            bearer(field(login, "access_token")));
  EXPECT_EQ(extra.status, 422) << extra.body;
  const auto script = host.client().request("PATCH", "/api/v1/auth/me",
                                            R"json({"avatar_url":"javascript:alert(1)"})json",
                                            bearer(field(login, "access_token")));
  EXPECT_EQ(script.status, 422) << script.body;
}

INSTANTIATE_TEST_SUITE_P(Dialects, AuthFlow,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

// Start-up refusal: the built-in default (development_mode false) needs a real secret.
class AuthSecret : public ::testing::Test {
 protected:
  HostProcess::Completed serve(const std::string& auth_yaml,
                               const std::map<std::string, std::string>& env = {}) {
    const auto dir = makeTempDirectory("orchestra-secret");
    const auto config = dir / "orchestra.yaml";
    std::ofstream(config) << "server:\n  port: 0\ndatabase:\n  url: sqlite:///" +
                                 (dir / "o.db").string() + "\n" + auth_yaml;
    auto result = HostProcess::runToCompletion({"serve", "--config", config.string()}, env,
                                               std::chrono::seconds(20));
    std::filesystem::remove_all(dir);
    return result;
  }
};

TEST_F(AuthSecret, MissingShortOrExampleSecretStopsStartUp) {
  for (const std::string& yaml :
       {std::string(""), std::string("auth:\n  jwt_secret: short\n"),
        std::string("auth:\n  jwt_secret: change-me-change-me-change-me-change-me\n")}) {
    const auto result = serve(yaml);
    EXPECT_NE(result.exit_code, 0) << yaml;
    EXPECT_NE(result.output.find("auth.jwt_secret"), std::string::npos) << result.output;
    EXPECT_EQ(result.output.find("\"listening\""), std::string::npos) << result.output;
  }
}

TEST_F(AuthSecret, DevelopmentModeStartsWithARandomSecretAndSaysSoLoudly) {
  const auto dir = makeTempDirectory("orchestra-devmode");
  HostOptions options;
  options.config_yaml =
      "server:\n  port: 0\ndatabase:\n  url: sqlite:///" + (dir / "o.db").string() +
      "\nauth:\n  development_mode: true\nemail:\n  outbox_dir: " + (dir / "outbox").string() +
      "\n";
  HostProcess host(options);
  EXPECT_NE(host.output().find("DEVELOPMENT MODE"), std::string::npos);
  host.stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace orchestra::testing
