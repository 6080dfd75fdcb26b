// API calls for tests that plant a canary (a secret value that must never leave the host): each
// answer is checked for it, so every call a test makes is also a leak check.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>

#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {

// `method path` with `body` as the holder of `token`; fails the test when the answer holds
// `canary`.
inline HttpResult callWithoutCanary(AuthHost& host, const std::string& canary,
                                    const std::string& token, const std::string& method,
                                    const std::string& path, const std::string& body) {
  const std::map<std::string, std::string> headers{{"Authorization", "Bearer " + token}};
  auto result = host.client().request(method, path, body, headers);
  EXPECT_EQ(result.body.find(canary), std::string::npos) << method << " " << path;
  return result;
}

// A workspace secret of the token holder's personal workspace, through the API.
inline void createSecretWithoutCanary(AuthHost& host, const std::string& canary,
                                      const std::string& token, const std::string& name,
                                      const std::string& value) {
  const auto created =
      callWithoutCanary(host, canary, token, "POST", "/api/v1/secrets",
                        R"({"name":")" + name + R"(","value":")" + value + R"("})");
  ASSERT_EQ(created.status, 201) << created.body;
}

}  // namespace orchestra::testing
