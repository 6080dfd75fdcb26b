// LoginService against a real (SQLite) database: a right code logs in once, creates the user and
// their personal workspace on first login only, and never logs in with a reset code or into a
// disabled account.
#include "host/auth/LoginService.hpp"

#include <gtest/gtest.h>

#include <string>

#include "host/store/WorkspaceRepository.hpp"
#include "tests/unit/auth/AuthServiceTestSupport.hpp"

namespace orchestra::auth {
namespace {

class LoginServiceTest : public AuthServiceTest {
 protected:
  // Requests a code for `email` and returns what was mailed.
  std::string codeFor(const std::string& email, const std::string& purpose = "login") {
    otp_.request(email, purpose, {});
    const std::string subject = mail_.last()->subject;
    return subject.substr(subject.rfind(' ') + 1);
  }

  OtpService otp_{database_, mail_, OtpSettings{"login-unit-test-hash-key", 300, 5}};
  SessionService sessions_{database_, tokens_, std::chrono::milliseconds(0)};
  LoginService login_{database_, otp_, sessions_};
};

TEST_F(LoginServiceTest, FirstLoginCreatesTheUserAndTheirPersonalWorkspace) {
  const std::string code = codeFor("Ada@Example.com");
  const auto result = login_.loginWithCode(" ada@example.COM", code, "", {"203.0.113.7", "ua"});
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->user.email, "ada@example.com");
  EXPECT_TRUE(result->user.is_verified);
  EXPECT_TRUE(result->user.is_active);
  EXPECT_TRUE(result->user.last_login_at.has_value());
  const auto memberships = store::WorkspaceRepository(database_).membershipsOf(result->user.id);
  ASSERT_EQ(memberships.size(), 1U);
  EXPECT_EQ(memberships[0].role, "owner");
  // The tokens belong to a live session of this user.
  EXPECT_EQ(result->tokens.access.claims.user_id, result->user.id);
  const auto caller = sessions_.authenticate(result->tokens.access.token);
  ASSERT_NE(caller, nullptr);
  EXPECT_EQ(caller->userId(), result->user.id);
  EXPECT_EQ(caller->sessionId(), result->tokens.access.claims.session_id);
}

TEST_F(LoginServiceTest, ALaterLoginFindsTheSameUserAndAddsNoWorkspace) {
  const auto first = login_.loginWithCode("ada@example.com", codeFor("ada@example.com"), "", {});
  ASSERT_TRUE(first.has_value());
  const auto second =
      login_.loginWithCode("ada@example.com", codeFor("ada@example.com"), "login", {});
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->user.id, first->user.id);
  EXPECT_NE(second->tokens.access.claims.session_id, first->tokens.access.claims.session_id);
  EXPECT_EQ(store::WorkspaceRepository(database_).membershipsOf(first->user.id).size(), 1U);
}

TEST_F(LoginServiceTest, ACodeLogsInOnce) {
  const std::string code = codeFor("ada@example.com");
  ASSERT_TRUE(login_.loginWithCode("ada@example.com", code, "", {}).has_value());
  EXPECT_FALSE(login_.loginWithCode("ada@example.com", code, "", {}).has_value());
}

TEST_F(LoginServiceTest, AWrongCodeCreatesNobody) {
  const std::string code = codeFor("ada@example.com");
  const std::string wrong = code == "000000" ? "000001" : "000000";
  EXPECT_FALSE(login_.loginWithCode("ada@example.com", wrong, "", {}).has_value());
  EXPECT_FALSE(store::UserRepository(database_).findByEmail("ada@example.com").has_value());
}

TEST_F(LoginServiceTest, OnlyLoginAndSignupCodesLogIn) {
  const std::string reset = codeFor("ada@example.com", "reset");
  EXPECT_FALSE(login_.loginWithCode("ada@example.com", reset, "", {}).has_value());
  EXPECT_FALSE(login_.loginWithCode("ada@example.com", reset, "reset", {}).has_value());
  const std::string signup = codeFor("ada@example.com", "signup");
  EXPECT_FALSE(login_.loginWithCode("ada@example.com", signup, "login", {}).has_value());
  EXPECT_TRUE(login_.loginWithCode("ada@example.com", signup, "signup", {}).has_value());
}

TEST_F(LoginServiceTest, ADisabledAccountCannotLogIn) {
  const store::UserRow ada = createUser("ada@example.com");
  disableUser(ada.id);
  EXPECT_FALSE(login_.loginWithCode("ada@example.com", codeFor("ada@example.com"), "", {}));
}

}  // namespace
}  // namespace orchestra::auth
