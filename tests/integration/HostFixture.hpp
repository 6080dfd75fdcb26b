// A running `orchestra serve` on SQLite in a temp folder, for integration tests that only need
// the HTTP surface.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/HostProcess.hpp"
#include "tests/support/HttpTestClient.hpp"

namespace orchestra::testing {

// A minimal config: loopback, free port, SQLite in the host's temp folder, CORS for one origin,
// OTP mail written to ${ORCHESTRA_TEST_OUTBOX_DIR} (so that tests can sign in).
inline std::string sqliteHostConfig(const std::string& extra_server_yaml = "") {
  return "server:\n"
         "  host: 127.0.0.1\n"
         "  port: 0\n"
         "  shutdown_timeout_ms: 5000\n"
         "  cors:\n"
         "    allowed_origins: [\"https://studio.example.com\"]\n" +
         extra_server_yaml +
         "database:\n"
         "  url: ${ORCHESTRA_TEST_SQLITE_URL}\n"
         "auth:\n"
         "  jwt_secret: ${ORCHESTRA_TEST_JWT_SECRET}\n"
         "email:\n"
         "  outbox_dir: ${ORCHESTRA_TEST_OUTBOX_DIR:-data/outbox}\n";
}

class SqliteHostTest : public ::testing::Test {
 protected:
  void SetUp() override { start(sqliteHostConfig()); }

  void start(const std::string& config_yaml) {
    data_dir_ = makeTempDirectory("orchestra-data");
    HostOptions options;
    options.config_yaml = config_yaml;
    options.environment["ORCHESTRA_TEST_SQLITE_URL"] =
        "sqlite:///" + (data_dir_ / "orchestra.db").string();
    // The host refuses to start without a real token secret (outside development mode).
    options.environment["ORCHESTRA_TEST_JWT_SECRET"] = "integration-test-secret-0123456789abcdef";
    options.environment["ORCHESTRA_TEST_OUTBOX_DIR"] = outbox().string();
    options_ = options;
    host_ = std::make_unique<HostProcess>(options);
  }

  // Stops the host and starts it again on the same database and configuration; tokens signed
  // before stay valid.
  void restart() {
    host_.reset();
    host_ = std::make_unique<HostProcess>(options_);
  }

  std::filesystem::path outbox() const { return data_dir_ / "outbox"; }
  // Signs `email` in through the OTP flow; the access token.
  std::string signIn(const std::string& email = "user@example.com") const {
    return accessTokenAt(client(), outbox(), email);
  }

  void TearDown() override {
    host_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
  }

  HttpTestClient client() const { return HttpTestClient(host_->port()); }

  std::filesystem::path data_dir_;
  HostOptions options_;
  std::unique_ptr<HostProcess> host_;
};

}  // namespace orchestra::testing
