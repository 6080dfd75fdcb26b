// SessionCache: entries live for the ttl, erase removes at once, a ttl of zero disables the
// cache, and a full cache makes room instead of growing.
#include "host/auth/SessionCache.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

namespace orchestra::auth {
namespace {

using std::chrono::milliseconds;

// Short enough to wait out, long enough that a loaded machine still reads a fresh entry in time.
constexpr milliseconds kShortTtl{200};
constexpr milliseconds kPastTtl{250};

std::shared_ptr<const Caller> callerFor(const std::string& user_id) {
  return std::make_shared<const Caller>(user_id, user_id + "@example.com", "session",
                                        std::vector<WorkspaceMembership>{});
}

TEST(SessionCache, FindsWhatWasPutUntilErased) {
  SessionCache cache(milliseconds(60000), 10);
  EXPECT_EQ(cache.find("s1"), nullptr);
  const auto ada = callerFor("ada");
  cache.put("s1", ada);
  EXPECT_EQ(cache.find("s1"), ada);
  EXPECT_EQ(cache.find("s2"), nullptr);
  cache.erase("s1");
  EXPECT_EQ(cache.find("s1"), nullptr);
  cache.erase("never-there");  // harmless
}

TEST(SessionCache, AnEntryExpiresAfterTheTtl) {
  SessionCache cache(kShortTtl, 10);
  cache.put("s1", callerFor("ada"));
  ASSERT_NE(cache.find("s1"), nullptr);
  std::this_thread::sleep_for(kPastTtl);
  EXPECT_EQ(cache.find("s1"), nullptr);
  // Putting again starts a new lifetime.
  cache.put("s1", callerFor("ada"));
  EXPECT_NE(cache.find("s1"), nullptr);
}

TEST(SessionCache, ZeroTtlCachesNothing) {
  SessionCache cache(milliseconds(0), 10);
  cache.put("s1", callerFor("ada"));
  EXPECT_EQ(cache.find("s1"), nullptr);
}

TEST(SessionCache, AFullCacheMakesRoomForANewEntry) {
  SessionCache cache(milliseconds(60000), 2);
  cache.put("s1", callerFor("a"));
  cache.put("s2", callerFor("b"));
  cache.put("s3", callerFor("c"));
  // Every entry was live, so the cache was emptied rather than grown; the newest one stays.
  EXPECT_EQ(cache.find("s1"), nullptr);
  EXPECT_EQ(cache.find("s2"), nullptr);
  ASSERT_NE(cache.find("s3"), nullptr);
  EXPECT_EQ(cache.find("s3")->userId(), "c");
}

TEST(SessionCache, AFullCacheDropsStaleEntriesFirst) {
  SessionCache cache(kShortTtl, 2);
  cache.put("stale", callerFor("a"));
  std::this_thread::sleep_for(kPastTtl);
  cache.put("live", callerFor("b"));  // the stale entry still occupies its slot
  cache.put("newest", callerFor("c"));
  EXPECT_NE(cache.find("live"), nullptr);
  EXPECT_NE(cache.find("newest"), nullptr);
}

}  // namespace
}  // namespace orchestra::auth
