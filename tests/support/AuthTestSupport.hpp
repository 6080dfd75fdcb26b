// What the auth integration tests share: a host configured for auth on either database, reading
// OTP codes from the log provider's outbox, crafting tokens with the test secret, the test
// run's Redis, and a real SMTP server (aiosmtpd) of the test's own.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "host/store/Dialect.hpp"
#include "tests/support/HostProcess.hpp"
#include "tests/support/HttpTestClient.hpp"
#include "tests/support/TestDatabase.hpp"

namespace orchestra::testing {

inline constexpr const char* kTestJwtSecret = "integration-test-secret-0123456789abcdef";

// The test Redis server's URL from ${ORCHESTRA_TEST_REDIS_DIR}/url; throws when not started.
std::string redisUrl();

// The last six-digit code in `text` after "code is ", or nullopt.
std::optional<std::string> otpCodeIn(const std::string& text);

// The newest message for `email` in an outbox folder (log provider), waiting up to `timeout`.
std::optional<std::string> newestOutboxCode(
    const std::filesystem::path& outbox, const std::string& email,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(5000));

// A JWT over the given header and payload JSON with an HMAC-SHA256 signature made with `secret`
// (default: the test secret), whatever the header claims.
std::string craftToken(const std::string& header_json, const std::string& payload_json,
                       const std::string& secret = kTestJwtSecret);

// The OTP login against any host whose log provider writes to `outbox`: the code, the
// verify-otp response, or just its access token (throws when a step fails).
std::string requestCodeAt(const HttpTestClient& client, const std::filesystem::path& outbox,
                          const std::string& email);
HttpResult loginAt(const HttpTestClient& client, const std::filesystem::path& outbox,
                   const std::string& email);
std::string accessTokenAt(const HttpTestClient& client, const std::filesystem::path& outbox,
                          const std::string& email);

// A host with its own database (SQLite file or PostgreSQL scratch database) and outbox folder.
class AuthHost {
 public:
  // `extra_yaml` is appended to the config (top-level sections, e.g. "rate_limits:\n ...").
  // `auth_yaml` and `server_yaml` are extra lines inside those sections ("  key: value\n").
  AuthHost(store::DialectKind dialect, const std::string& extra_yaml = "",
           const std::string& auth_yaml = "", const std::string& server_yaml = "");
  ~AuthHost();

  HttpTestClient client() const { return HttpTestClient(process_->port()); }
  HostProcess& process() { return *process_; }
  const std::filesystem::path& outbox() const { return outbox_; }
  // The host's own database, for tests that arrange rows no API writes yet.
  const ScratchDatabase& database() const { return *own_database_; }

  // Kills the process at once (SIGKILL: no shutdown, nothing flushed), as a crash would.
  void crash();
  // Starts the binary again on the same database and configuration (after crash() or alone).
  void restart();
  // Another instance on the same database and configuration (scale-out tests); the caller
  // owns it and its port.
  std::unique_ptr<HostProcess> startSibling() const;

  // POST request-otp then read the code from the outbox.
  std::string requestCode(const std::string& email);
  // The whole login: returns the verify-otp response.
  HttpResult login(const std::string& email);
  // The access token of a fresh login (a new session, so it sees current memberships). Throws
  // when the login fails.
  std::string accessToken(const std::string& email);

 private:
  void start(const std::string& url, const std::string& extra_yaml, const std::string& auth_yaml,
             const std::string& server_yaml);
  HostOptions options() const;

  std::string url_;
  std::string extra_yaml_;
  std::string auth_yaml_;
  std::string server_yaml_;

  std::unique_ptr<ScratchDatabase> own_database_;
  std::filesystem::path outbox_;
  std::unique_ptr<HostProcess> process_;
};

// A free TCP port on 127.0.0.1 (nothing listens on it right now).
std::uint16_t freeLoopbackPort();

// Debian's aiosmtpd on 127.0.0.1 and a free port, storing mail in a Maildir; stopped by PID.
class SmtpTestServer {
 public:
  SmtpTestServer();
  ~SmtpTestServer();
  std::uint16_t port() const { return port_; }
  // The full text of the newest message to `email`, waiting up to `timeout`.
  std::optional<std::string> waitForMessage(const std::string& email,
                                            std::chrono::milliseconds timeout);
  // Every message to `email` received so far, in no particular order.
  std::vector<std::string> messagesTo(const std::string& email) const;

 private:
  std::filesystem::path directory_;
  std::uint16_t port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace orchestra::testing
