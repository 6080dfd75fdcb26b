// SessionService against a real (SQLite) database: sessions opened with a token pair, the
// caller behind an access token, refresh rotation, theft detection by reuse, revocation, and
// what the per-process cache does and does not see.
#include "host/auth/SessionService.hpp"

#include <Poco/Data/Session.h>
#include <gtest/gtest.h>

#include <string>

#include "host/store/SessionRepository.hpp"
#include "tests/unit/auth/AuthServiceTestSupport.hpp"

namespace orchestra::auth {
namespace {

using std::chrono::milliseconds;

class SessionServiceTest : public AuthServiceTest {
 protected:
  SessionTokens openFor(SessionService& sessions, const store::UserRow& user,
                        const ClientInfo& client = {}) {
    return database_.withTransaction(
        [&](Poco::Data::Session& session) { return sessions.open(session, user, client); });
  }

  std::optional<store::SessionRow> sessionRow(const SessionTokens& tokens) {
    return store::SessionRepository(database_).findById(tokens.access.claims.session_id);
  }

  SessionService sessions_{database_, tokens_, milliseconds(60000)};
};

TEST(SessionServiceTokenHash, IsSha256Hex) {
  EXPECT_EQ(tokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(SessionServiceTest, OpenStoresHashesAndTheClientAndAuthenticatesTheCaller) {
  const store::UserRow ada = createUser("ada@example.com");
  const SessionTokens tokens = openFor(sessions_, ada, {"203.0.113.7", "curl/8.0"});
  EXPECT_EQ(tokens.access.claims.type, TokenType::Access);
  EXPECT_EQ(tokens.refresh.claims.type, TokenType::Refresh);
  EXPECT_EQ(tokens.access.claims.session_id, tokens.refresh.claims.session_id);

  const auto row = sessionRow(tokens);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->user_id, ada.id);
  EXPECT_EQ(row->token_hash, tokenHash(tokens.access.token));
  EXPECT_EQ(row->refresh_token_hash, tokenHash(tokens.refresh.token));
  EXPECT_FALSE(row->revoked_at.has_value());
  {
    using namespace Poco::Data::Keywords;
    Poco::Data::Session session = database_.session();
    std::string id = row->id;
    std::string ip_address;
    std::string user_agent;
    session << "SELECT ip_address, user_agent FROM sessions WHERE id = ?", into(ip_address),
        into(user_agent), use(id), now;
    EXPECT_EQ(ip_address, "203.0.113.7");
    EXPECT_EQ(user_agent, "curl/8.0");
  }

  const auto caller = sessions_.authenticate(tokens.access.token);
  ASSERT_NE(caller, nullptr);
  EXPECT_EQ(caller->userId(), ada.id);
  EXPECT_EQ(caller->email(), "ada@example.com");
  EXPECT_EQ(caller->sessionId(), row->id);
  ASSERT_EQ(caller->memberships().size(), 1U);
  EXPECT_EQ(caller->memberships()[0].role, "owner");
}

TEST_F(SessionServiceTest, OnlyAValidAccessTokenAuthenticates) {
  const SessionTokens tokens = openFor(sessions_, createUser("ada@example.com"));
  EXPECT_EQ(sessions_.authenticate(tokens.refresh.token), nullptr);
  EXPECT_EQ(sessions_.authenticate(""), nullptr);
  EXPECT_EQ(sessions_.authenticate("not.a.token"), nullptr);
  EXPECT_EQ(sessions_.authenticate(tokens.access.token + "x"), nullptr);
}

TEST_F(SessionServiceTest, ATokenForAnUnknownSessionOrAnotherUserAuthenticatesNobody) {
  const store::UserRow ada = createUser("ada@example.com");
  const store::UserRow bob = createUser("bob@example.com");
  const SessionTokens tokens = openFor(sessions_, ada);
  const std::string& sid = tokens.access.claims.session_id;
  const auto unknown =
      tokens_.issue(TokenType::Access, ada.id, ada.email, "00000000-0000-4000-8000-000000000000");
  EXPECT_EQ(sessions_.authenticate(unknown.token), nullptr);
  // Bob's id on Ada's session, before and after Ada's session is cached.
  const auto forged = tokens_.issue(TokenType::Access, bob.id, bob.email, sid);
  EXPECT_EQ(sessions_.authenticate(forged.token), nullptr);
  ASSERT_NE(sessions_.authenticate(tokens.access.token), nullptr);
  EXPECT_EQ(sessions_.authenticate(forged.token), nullptr);
}

TEST_F(SessionServiceTest, RevokeEndsTheSessionAtOnceInThisProcess) {
  const SessionTokens tokens = openFor(sessions_, createUser("ada@example.com"));
  ASSERT_NE(sessions_.authenticate(tokens.access.token), nullptr);  // now cached
  sessions_.revoke(tokens.access.claims.session_id, "logout");
  EXPECT_EQ(sessions_.authenticate(tokens.access.token), nullptr);
  EXPECT_EQ(sessionRow(tokens)->revoked_reason, "logout");
  RefreshRefusal why = RefreshRefusal::None;
  EXPECT_FALSE(sessions_.refresh(tokens.refresh.token, &why).has_value());
  EXPECT_EQ(why, RefreshRefusal::SessionGone);
}

TEST_F(SessionServiceTest, AnotherInstanceSeesARevocationOnlyAfterItsCacheTtl) {
  const SessionTokens tokens = openFor(sessions_, createUser("ada@example.com"));
  SessionService uncached(database_, tokens_, milliseconds(0));
  ASSERT_NE(sessions_.authenticate(tokens.access.token), nullptr);
  ASSERT_NE(uncached.authenticate(tokens.access.token), nullptr);
  uncached.revoke(tokens.access.claims.session_id, "logout");
  EXPECT_EQ(uncached.authenticate(tokens.access.token), nullptr);
  // The documented trade: the other instance's cache still holds the session until its ttl.
  EXPECT_NE(sessions_.authenticate(tokens.access.token), nullptr);
}

TEST_F(SessionServiceTest, RefreshRotatesThePairOfTheSameSession) {
  const SessionTokens tokens = openFor(sessions_, createUser("ada@example.com"));
  RefreshRefusal why = RefreshRefusal::InvalidToken;
  const auto fresh = sessions_.refresh(tokens.refresh.token, &why);
  ASSERT_TRUE(fresh.has_value());
  EXPECT_EQ(why, RefreshRefusal::None);
  EXPECT_EQ(fresh->access.claims.session_id, tokens.access.claims.session_id);
  EXPECT_NE(fresh->refresh.token, tokens.refresh.token);
  const auto row = sessionRow(tokens);
  EXPECT_EQ(row->token_hash, tokenHash(fresh->access.token));
  EXPECT_EQ(row->refresh_token_hash, tokenHash(fresh->refresh.token));
  EXPECT_NE(sessions_.authenticate(fresh->access.token), nullptr);
  EXPECT_TRUE(sessions_.refresh(fresh->refresh.token, nullptr).has_value());
}

TEST_F(SessionServiceTest, ARotatedRefreshTokenPresentedAgainRevokesTheSession) {
  const SessionTokens tokens = openFor(sessions_, createUser("ada@example.com"));
  const auto fresh = sessions_.refresh(tokens.refresh.token, nullptr);
  ASSERT_TRUE(fresh.has_value());
  ASSERT_NE(sessions_.authenticate(fresh->access.token), nullptr);  // cached
  RefreshRefusal why = RefreshRefusal::None;
  EXPECT_FALSE(sessions_.refresh(tokens.refresh.token, &why).has_value());
  EXPECT_EQ(why, RefreshRefusal::ReuseDetected);
  EXPECT_EQ(sessionRow(tokens)->revoked_reason, "refresh_token_reuse");
  // Both holders are out: the thief's and the owner's tokens die together.
  EXPECT_EQ(sessions_.authenticate(fresh->access.token), nullptr);
  EXPECT_FALSE(sessions_.refresh(fresh->refresh.token, &why).has_value());
  EXPECT_EQ(why, RefreshRefusal::SessionGone);
}

TEST_F(SessionServiceTest, RefreshRefusesAccessTokensAndDisabledUsers) {
  const store::UserRow ada = createUser("ada@example.com");
  const SessionTokens tokens = openFor(sessions_, ada);
  RefreshRefusal why = RefreshRefusal::None;
  EXPECT_FALSE(sessions_.refresh(tokens.access.token, &why).has_value());
  EXPECT_EQ(why, RefreshRefusal::InvalidToken);
  EXPECT_FALSE(sessions_.refresh("garbage", &why).has_value());
  EXPECT_EQ(why, RefreshRefusal::InvalidToken);
  disableUser(ada.id);
  EXPECT_FALSE(sessions_.refresh(tokens.refresh.token, &why).has_value());
  EXPECT_EQ(why, RefreshRefusal::SessionGone);
  SessionService uncached(database_, tokens_, milliseconds(0));
  EXPECT_EQ(uncached.authenticate(tokens.access.token), nullptr);
}

TEST_F(SessionServiceTest, AnExpiredSessionAuthenticatesNobody) {
  // Sessions last as long as their refresh token; this one ended before it began.
  TokenSettings settings = unitTestTokenSettings();
  settings.refresh_ttl = std::chrono::seconds(-10);
  const TokenService short_lived(settings);
  SessionService sessions(database_, short_lived, milliseconds(0));
  const SessionTokens tokens = openFor(sessions, createUser("ada@example.com"));
  ASSERT_TRUE(short_lived.verify(tokens.access.token, TokenType::Access).has_value());
  EXPECT_EQ(sessions.authenticate(tokens.access.token), nullptr);
}

}  // namespace
}  // namespace orchestra::auth
