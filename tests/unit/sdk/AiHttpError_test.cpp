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

TEST(RetryAfter, ReadsDelaySecondsAndHttpDates) {
  // Wed, 21 Oct 2026 07:28:00 GMT is 1792567680 s after the epoch.
  const int64_t now_ms = int64_t{1'792'567'680} * 1000 - 5000;
  EXPECT_EQ(retryAfterMs("2", now_ms), 2000);
  EXPECT_EQ(retryAfterMs("0", now_ms), 0);
  EXPECT_EQ(retryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT", now_ms), 5000);
  EXPECT_EQ(retryAfterMs("Thu, 01 Jan 1970 00:00:10 GMT", 0), 10'000);
  // A date already past asks for no wait; a huge delay is held to a day.
  EXPECT_EQ(retryAfterMs("Wed, 21 Oct 2026 07:28:00 GMT", now_ms + 60'000), 0);
  EXPECT_EQ(retryAfterMs("99999999999", now_ms), int64_t{24} * 3600 * 1000);
}

TEST(RetryAfter, IgnoresWhatItCannotRead) {
  for (const char* garbage : {"", "soon", "-1", "2.5", "1e3", " 2", "Wed, 21 Oct 2026 07:28:00",
                              "Wed, 32 Oct 2026 07:28:00 GMT", "Wed, 21 Foo 2026 07:28:00 GMT",
                              "Wed, 21 Oct 2026 25:28:00 GMT", "Wed, 21 Oct 2026 07:28:00 UTC"}) {
    EXPECT_EQ(retryAfterMs(std::string(garbage), 0), 0) << garbage;
  }
  EXPECT_EQ(retryAfterMs(std::nullopt, 0), 0);
}

TEST(RetryAfter, RidesOnTheTransientErrorOnly) {
  EXPECT_EQ(aiHttpError("P", 429, "", "", "3").retryAfterMs(), 3000);
  EXPECT_EQ(aiHttpError("P", 503, "", "", std::nullopt).retryAfterMs(), 0);
  EXPECT_EQ(aiHttpError("P", 400, "", "", "3").retryAfterMs(), 0);
  EXPECT_EQ(Error::transient("x").retryAfter(-5).retryAfterMs(), 0);
}

}  // namespace
}  // namespace orchestra::sdk
