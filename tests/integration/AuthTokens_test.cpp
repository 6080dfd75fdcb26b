// Token misuse on the real binary: every malformed, forged, expired, misdirected or misused
// token is a plain 401 on a route that requires authentication.
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <ctime>

#include "host/auth/Crypto.hpp"
#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {
namespace {

std::string payload(const std::string& sub, const std::string& sid, const std::string& type,
                    std::int64_t iat, std::int64_t exp, const std::string& iss = "orchestra",
                    const std::string& aud = "\"orchestra-api\"", const std::string& extra = "") {
  return R"({"sub":")" + sub + R"(","sid":")" + sid + R"(","type":")" + type +
         R"(","email":"t@example.com","jti":"j1","iat":)" + std::to_string(iat) + R"(,"exp":)" +
         std::to_string(exp) + R"(,"iss":")" + iss + R"(","aud":)" + aud + extra + "}";
}

TEST(AuthTokens, MisusedTokensAreAll401) {
  AuthHost host(store::DialectKind::Sqlite);
  const auto login = host.login("tokens@example.com");
  ASSERT_EQ(login.status, 200) << login.body;
  const auto body = login.json();
  const std::string access = body->getValue<std::string>("access_token");
  const std::string refresh = body->getValue<std::string>("refresh_token");
  const std::string user_id = body->getObject("user")->getValue<std::string>("id");
  // The real session id, from the real token's payload.
  const std::string access_payload = *auth::base64UrlDecode(
      access.substr(access.find('.') + 1, access.rfind('.') - access.find('.') - 1));
  const auto sid_at = access_payload.find("\"sid\":\"") + 7;
  const std::string sid = access_payload.substr(sid_at, 36);

  const std::int64_t now = std::time(nullptr);
  const std::string hs256 = R"({"alg":"HS256","typ":"JWT"})";
  const std::string good_payload = payload(user_id, sid, "access", now, now + 600);
  // Sanity: a token we craft with the right key and claims is accepted, so each refusal below
  // is caused by the one thing it changes.
  ASSERT_EQ(host.client()
                .request("GET", "/api/v1/auth/me", "",
                         {{"Authorization", "Bearer " + craftToken(hs256, good_payload)}})
                .status,
            200);

  std::string tampered = access;
  tampered[tampered.find('.') + 5] = tampered[tampered.find('.') + 5] == 'A' ? 'B' : 'A';
  std::string bad_signature = access;
  bad_signature.back() = bad_signature.back() == 'A' ? 'B' : 'A';
  const std::string unsigned_input = auth::base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                                     auth::base64UrlEncode(good_payload);

  const std::vector<std::pair<std::string, std::string>> cases = {
      {"refresh token used as access", refresh},
      {"alg none, empty signature", unsigned_input + "."},
      {"alg none, no signature part", unsigned_input},
      {"alg None (case)", craftToken(R"({"alg":"None"})", good_payload)},
      {"alg HS512 with our key", craftToken(R"({"alg":"HS512"})", good_payload)},
      {"alg RS256 signed with HMAC", craftToken(R"({"alg":"RS256"})", good_payload)},
      {"no alg", craftToken(R"({"typ":"JWT"})", good_payload)},
      {"crit header", craftToken(R"({"alg":"HS256","crit":["x"]})", good_payload)},
      {"wrong key", craftToken(hs256, good_payload, "another-secret-0123456789abcdef0123")},
      {"tampered payload", tampered},
      {"tampered signature", bad_signature},
      {"expired", craftToken(hs256, payload(user_id, sid, "access", now - 1000, now - 10))},
      {"not yet valid (iat)",
       craftToken(hs256, payload(user_id, sid, "access", now + 3600, now + 7200))},
      {"not yet valid (nbf)",
       craftToken(hs256, payload(user_id, sid, "access", now, now + 600, "orchestra",
                                 "\"orchestra-api\"", ",\"nbf\":" + std::to_string(now + 3600)))},
      {"wrong issuer", craftToken(hs256, payload(user_id, sid, "access", now, now + 600, "evil"))},
      {"wrong audience",
       craftToken(hs256, payload(user_id, sid, "access", now, now + 600, "orchestra", "\"x\""))},
      {"type refresh", craftToken(hs256, payload(user_id, sid, "refresh", now, now + 600))},
      {"type missing",
       craftToken(hs256, R"({"sub":")" + user_id + R"(","sid":")" + sid +
                             R"(","jti":"j","iat":1,"exp":)" + std::to_string(now + 600) +
                             R"(,"iss":"orchestra","aud":"orchestra-api","email":"t@x.io"})")},
      {"exp as string",
       craftToken(hs256, R"({"sub":")" + user_id + R"(","sid":")" + sid +
                             R"(","type":"access","jti":"j","iat":1,"exp":")" +
                             std::to_string(now + 600) +
                             R"(","iss":"orchestra","aud":"orchestra-api","email":"t@x.io"})")},
      {"unknown session", craftToken(hs256, payload(user_id, "00000000-0000-4000-8000-000000000000",
                                                    "access", now, now + 600))},
      {"other user on this session",
       craftToken(hs256,
                  payload("00000000-0000-4000-8000-000000000001", sid, "access", now, now + 600))},
      {"sub not a uuid", craftToken(hs256, payload("admin", sid, "access", now, now + 600))},
      {"payload is an array", craftToken(hs256, "[1,2,3]")},
      {"header not JSON", craftToken("not json", good_payload)},
      {"two segments", access.substr(0, access.rfind('.'))},
      {"four segments", access + ".x"},
      {"empty middle", access.substr(0, access.find('.')) + ".." + "sig"},
      {"not base64url", "e30=.e30=.e30="},
      {"garbage", "garbage"},
      {"oversized", craftToken(hs256, payload(user_id, sid, "access", now, now + 600, "orchestra",
                                              "\"orchestra-api\"",
                                              ",\"pad\":\"" + std::string(3500, 'a') + "\""))},
  };
  ASSERT_GE(cases.size(), 20U);
  for (const auto& [name, token] : cases) {
    const auto result =
        host.client().request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(result.status, 401) << name << ": " << result.body;
    EXPECT_EQ(result.body, R"({"detail":"Not authenticated"})") << name;
  }
  // Wrong schemes and no header at all.
  for (const std::string& header : {"Basic " + access, access, std::string("Bearer ")}) {
    EXPECT_EQ(
        host.client().request("GET", "/api/v1/auth/me", "", {{"Authorization", header}}).status,
        401)
        << header;
  }
  EXPECT_EQ(host.client().request("GET", "/api/v1/auth/me").status, 401);
  EXPECT_EQ(host.client().request("POST", "/api/v1/auth/logout").status, 401);
  // An access token is never a refresh token.
  EXPECT_EQ(host.client()
                .request("POST", "/api/v1/auth/refresh", R"({"refresh_token":")" + access + "\"}")
                .status,
            401);
  // The real token still works after all that.
  EXPECT_EQ(host.client()
                .request("GET", "/api/v1/auth/me", "", {{"Authorization", "Bearer " + access}})
                .status,
            200);
}

}  // namespace
}  // namespace orchestra::testing
