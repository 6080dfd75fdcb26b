#include "orchestra/sdk/AiHttpError.hpp"

#include <gtest/gtest.h>

namespace orchestra::sdk {
namespace {

TEST(AiHttpError, OverloadRateLimitsAndServerErrorsAreTransient) {
  for (int status : {408, 409, 429, 500, 502, 503, 529}) {
    EXPECT_EQ(aiHttpError("P", status, "", "", std::nullopt).errorClass(), ErrorClass::Transient)
        << status;
  }
  for (int status : {400, 401, 403, 404, 413, 422}) {
    EXPECT_EQ(aiHttpError("P", status, "", "", std::nullopt).errorClass(), ErrorClass::Permanent)
        << status;
  }
}

TEST(AiHttpError, TheMessageNamesTheProviderTypeAndRetryAfter) {
  Error overloaded = aiHttpError("Anthropic", 529, "overloaded_error", "Overloaded", "3");
  EXPECT_STREQ(overloaded.what(),
               "Anthropic answered HTTP 529 overloaded_error: Overloaded (retry after 3 s)");
  EXPECT_STREQ(aiHttpError("OpenAI", 429, "", "", "Wed, 21 Oct 2026 07:28:00 GMT").what(),
               "OpenAI answered HTTP 429 (retry after Wed, 21 Oct 2026 07:28:00 GMT)");
  // A permanent failure has nothing to wait for; a header with control characters is ignored.
  EXPECT_STREQ(aiHttpError("P", 400, "invalid_request_error", "bad", "5").what(),
               "P answered HTTP 400 invalid_request_error: bad");
  EXPECT_STREQ(aiHttpError("P", 503, "", "", "5\r\nX: y").what(), "P answered HTTP 503");
}

}  // namespace
}  // namespace orchestra::sdk
