// Shared by the tests of the auth services that keep their state in the database: a migrated
// SQLite scratch database (PostgreSQL is covered by tests/integration/Auth*), a TokenService
// with a test key, and a mail sender that records instead of sending.
#pragma once

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "host/auth/TokenService.hpp"
#include "host/store/Database.hpp"
#include "host/store/MigrationRunner.hpp"
#include "host/store/UserRepository.hpp"
#include "host/store/WorkspaceRepository.hpp"
#include "tests/mocks/RecordingEmailSender.hpp"
#include "tests/support/TestDatabase.hpp"

namespace orchestra::auth {

inline TokenSettings unitTestTokenSettings() {
  return TokenSettings{"auth-unit-test-secret-0123456789abcdef", "orchestra", "orchestra-api",
                       std::chrono::seconds(900), std::chrono::seconds(604800)};
}

class AuthServiceTest : public ::testing::Test {
 protected:
  AuthServiceTest() : scratch_(store::DialectKind::Sqlite), database_(scratch_.settings()) {
    store::MigrationRunner(database_, testing::migrationsRoot()).apply();
  }

  // A user with a personal workspace, as a first login leaves them.
  store::UserRow createUser(const std::string& email) {
    store::NewUser fresh;
    fresh.email = email;
    fresh.is_verified = true;
    store::UserRow user = store::UserRepository(database_).create(fresh);
    store::WorkspaceRepository(database_).createPersonalWorkspace(user);
    return user;
  }

  // What an administrator does to an account; no service offers it yet.
  void disableUser(const std::string& user_id) {
    using namespace Poco::Data::Keywords;
    Poco::Data::Session session = database_.session();
    std::string id = user_id;
    session << "UPDATE users SET is_active = 0 WHERE id = ?", use(id), now;
  }

  testing::ScratchDatabase scratch_;
  store::Database database_;
  TokenService tokens_{unitTestTokenSettings()};
  testing::RecordingEmailSender mail_;
};

}  // namespace orchestra::auth
