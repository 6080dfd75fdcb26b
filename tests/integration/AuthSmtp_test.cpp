// OTP mail through a real SMTP server (Debian's aiosmtpd with a Maildir): the code the host
// sends is the code that logs in; an unreachable server is a 503 that names nothing internal.
#include <gtest/gtest.h>

#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {
namespace {

std::string smtpYaml(std::uint16_t port) {
  return "  provider: smtp\n  from: \"Orchestra <no-reply@orchestra.test>\"\n  smtp:\n"
         "    host: 127.0.0.1\n    port: " +
         std::to_string(port) + "\n    starttls: false\n    timeout_ms: 5000\n";
}

// The host with email.provider smtp on SQLite.
std::unique_ptr<HostProcess> smtpHost(const std::filesystem::path& dir, std::uint16_t smtp_port) {
  HostOptions options;
  options.config_yaml = "server:\n  port: 0\ndatabase:\n  url: sqlite:///" +
                        (dir / "o.db").string() + "\nauth:\n  jwt_secret: " + kTestJwtSecret +
                        "\nemail:\n" + smtpYaml(smtp_port);
  return std::make_unique<HostProcess>(options);
}

TEST(AuthSmtp, OtpMailReachesARealSmtpServerAndItsCodeLogsIn) {
  SmtpTestServer smtp;
  const auto dir = makeTempDirectory("orchestra-smtp-host");
  auto host = smtpHost(dir, smtp.port());
  HttpTestClient client(host->port());
  const auto requested = client.request("POST", "/api/v1/auth/request-otp",
                                        R"({"email":"mail@example.com","purpose":"login"})");
  ASSERT_EQ(requested.status, 200) << requested.body << host->output();
  const auto message = smtp.waitForMessage("mail@example.com", std::chrono::seconds(10));
  ASSERT_TRUE(message.has_value()) << host->output();
  EXPECT_NE(message->find("multipart/alternative"), std::string::npos) << *message;
  EXPECT_NE(message->find("text/html"), std::string::npos);
  EXPECT_NE(message->find("no-reply@orchestra.test"), std::string::npos);
  const auto code = otpCodeIn(*message);
  ASSERT_TRUE(code.has_value()) << *message;
  const auto verified = client.request("POST", "/api/v1/auth/verify-otp",
                                       R"({"email":"mail@example.com","code":")" + *code + "\"}");
  EXPECT_EQ(verified.status, 200) << verified.body;
  host.reset();
  std::filesystem::remove_all(dir);
}

TEST(AuthSmtp, UnreachableServerIs503WithoutInternals) {
  const auto dir = makeTempDirectory("orchestra-smtp-down");
  auto host = smtpHost(dir, freeLoopbackPort());
  const auto result = HttpTestClient(host->port())
                          .request("POST", "/api/v1/auth/request-otp",
                                   R"({"email":"down@example.com","purpose":"login"})");
  EXPECT_EQ(result.status, 503);
  EXPECT_EQ(result.json()->getValue<std::string>("detail"),
            "The code could not be sent; try again later");
  EXPECT_EQ(result.body.find("127.0.0.1"), std::string::npos);
  host.reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace orchestra::testing
