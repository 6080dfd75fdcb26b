// The Redis event bus on real Redis servers: the test run's shared one (suites named *RedisTest
// get it from the redis fixture; each test uses its own key prefix), and a server of a test's own
// where the test kills and restarts it.
#include "host/bus/RedisEventBus.hpp"

#include <Poco/UUIDGenerator.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "host/bus/SequenceStart.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/RedisServer.hpp"

namespace orchestra::bus {
namespace {

using namespace std::chrono_literals;

// Events a handler received, for the test thread to wait on.
class Received {
 public:
  EventHandler handler() {
    return [this](const Event& event) {
      {
        std::lock_guard lock(mutex_);
        events_.push_back(event);
      }
      changed_.notify_all();
    };
  }
  bool waitFor(std::size_t count, std::chrono::milliseconds timeout = 10s) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return events_.size() >= count; });
  }
  std::vector<Event> events() const {
    std::lock_guard lock(mutex_);
    return events_;
  }
  std::vector<std::uint64_t> numbers() const {
    std::vector<std::uint64_t> seqs;
    for (const Event& event : events())
      seqs.push_back(event.seq);
    return seqs;
  }
  std::size_t size() const {
    std::lock_guard lock(mutex_);
    return events_.size();
  }

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Event> events_;
};

std::string uniquePrefix() {
  return "test:" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString() + ":";
}

RedisEventBusSettings settingsFor(const std::string& url, const std::string& prefix) {
  config::RedisSettings redis;
  redis.url = url;
  redis.key_prefix = prefix;
  return redisEventBusSettingsFrom(redis);
}

// A bus with metrics of its own, so each instance's counters can be read apart.
struct Instance {
  Instance(const std::string& url, const std::string& prefix)
      : bus(settingsFor(url, prefix), metrics) {}
  explicit Instance(RedisEventBusSettings settings) : bus(std::move(settings), metrics) {}
  std::string metricsText() const { return metrics.exposition(); }
  observability::Metrics metrics;
  RedisEventBus bus;
};

void expectStrictlyIncreasing(const std::vector<std::uint64_t>& seqs) {
  for (std::size_t i = 1; i < seqs.size(); ++i)
    ASSERT_GT(seqs[i], seqs[i - 1]) << "at " << i;
}

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

TEST(RedisEventBusRedisTest, TwoInstancesSeeOneOrderWithTheSameNumbers) {
  const std::string prefix = uniquePrefix();
  Instance a(testing::redisUrl(), prefix);
  Instance b(testing::redisUrl(), prefix);
  ASSERT_TRUE(a.bus.connected());
  ASSERT_TRUE(b.bus.connected());
  Received on_a;
  Received on_b;
  auto subscription_a = a.bus.subscribe("execution:1", on_a.handler());
  auto subscription_b = b.bus.subscribe("execution:1", on_b.handler());
  const std::uint64_t before = sequenceStart();

  constexpr std::size_t kEach = 200;
  std::thread from_a([&] {
    for (std::size_t i = 0; i < kEach; ++i)
      a.bus.publish({"execution:1", R"({"from":"a","i":)" + std::to_string(i) + "}"});
  });
  std::thread from_b([&] {
    for (std::size_t i = 0; i < kEach; ++i)
      b.bus.publish({"execution:1", R"({"from":"b","i":)" + std::to_string(i) + "}"});
  });
  from_a.join();
  from_b.join();
  ASSERT_TRUE(on_a.waitFor(2 * kEach));
  ASSERT_TRUE(on_b.waitFor(2 * kEach));

  const auto seen_a = on_a.events();
  const auto seen_b = on_b.events();
  ASSERT_EQ(seen_a.size(), 2 * kEach);
  ASSERT_EQ(seen_b.size(), 2 * kEach);
  EXPECT_GT(seen_a.front().seq, before);
  for (std::size_t i = 0; i < seen_a.size(); ++i) {
    ASSERT_EQ(seen_a[i].seq, seen_b[i].seq) << "at " << i;
    ASSERT_EQ(seen_a[i].payload_json, seen_b[i].payload_json) << "at " << i;
    EXPECT_EQ(seen_a[i].channel, "execution:1");
    if (i > 0) {
      ASSERT_EQ(seen_a[i].seq, seen_a[i - 1].seq + 1) << "at " << i;
    }
  }
  EXPECT_NE(a.metricsText().find("orchestra_bus_published_total 200"), std::string::npos)
      << a.metricsText();
  EXPECT_NE(a.metricsText().find("orchestra_bus_redis_connected 1"), std::string::npos);
}

TEST(RedisEventBusRedisTest, EverythingSubscribersHearEveryChannelOfTheirPrefixOnly) {
  const std::string prefix = uniquePrefix();
  Instance a(testing::redisUrl(), prefix);
  Instance b(testing::redisUrl(), prefix);
  Instance elsewhere(testing::redisUrl(), uniquePrefix());
  Received everything;
  Received named;
  auto all = a.bus.subscribe("*", everything.handler());
  auto one = a.bus.subscribe("analytics:u1", named.handler());
  elsewhere.bus.publish({"analytics:u1", "\"not ours\""});
  b.bus.publish({"analytics:u1", "1"});
  b.bus.publish({"collaboration:w1", "2"});
  a.bus.publish({"execution:9", "3"});
  ASSERT_TRUE(everything.waitFor(3));
  ASSERT_TRUE(named.waitFor(1));
  // The last event on a subscribed channel arrives after the others: nothing more is coming.
  b.bus.publish({"analytics:u1", "4"});
  ASSERT_TRUE(named.waitFor(2));
  ASSERT_TRUE(everything.waitFor(4));
  const auto events = everything.events();
  ASSERT_EQ(events.size(), 4U);
  EXPECT_EQ(events[0].channel, "analytics:u1");
  EXPECT_EQ(events[0].payload_json, "1");
  EXPECT_EQ(events[1].channel, "collaboration:w1");
  EXPECT_EQ(events[2].channel, "execution:9");
  EXPECT_EQ(events[2].payload_json, "3");
  for (const Event& event : events)
    EXPECT_NE(event.seq, 0U);
  EXPECT_EQ(named.events()[0].seq, events[0].seq);
  EXPECT_EQ(named.events()[1].seq, events[0].seq + 1);
}

TEST(RedisEventBusRedisTest, UnsubscribingStopsDeliveryAndNoHandlerRunsAfterItsSubscriptionIsGone) {
  const std::string prefix = uniquePrefix();
  Instance a(testing::redisUrl(), prefix);
  Instance b(testing::redisUrl(), prefix);
  std::atomic<bool> stop{false};
  std::thread publisher([&] {
    while (!stop.load())
      b.bus.publish({"busy", "{}"});
  });
  std::atomic<int> late_calls{0};
  std::atomic<int> calls{0};
  for (int round = 0; round < 30; ++round) {
    auto gone = std::make_shared<std::atomic<bool>>(false);
    auto subscription = a.bus.subscribe(round % 2 == 0 ? "busy" : "*", [&, gone](const Event&) {
      if (gone->load()) ++late_calls;
      ++calls;
      std::this_thread::sleep_for(50us);  // widen the window a late call would fall in
    });
    std::this_thread::sleep_for(5ms);
    subscription.reset();
    gone->store(true);
  }
  stop = true;
  publisher.join();
  EXPECT_GT(calls.load(), 0);
  EXPECT_EQ(late_calls.load(), 0);

  // Deterministically: once a later event on another channel has arrived, an event published
  // before it on the unsubscribed channel would have arrived too (one connection, one order).
  Received old_channel;
  Received sentinel;
  auto unsubscribed = a.bus.subscribe("old", old_channel.handler());
  auto marker = a.bus.subscribe("sentinel", sentinel.handler());
  b.bus.publish({"old", "1"});
  ASSERT_TRUE(old_channel.waitFor(1));
  unsubscribed.reset();
  b.bus.publish({"old", "2"});
  b.bus.publish({"sentinel", "x"});
  ASSERT_TRUE(sentinel.waitFor(1));
  EXPECT_EQ(old_channel.size(), 1U);
}

// Reads one metric's value from the exposition text (0 when absent).
double metricValue(const std::string& text, const std::string& name) {
  const std::size_t at = text.find("\n" + name + " ");
  if (at == std::string::npos) return 0;
  return std::stod(text.substr(at + name.size() + 2));
}

TEST(RedisEventBusRedisTest, RedisKilledAndRestartedNumbersNeverGoBack) {
  testing::RedisServer server;
  const std::string prefix = uniquePrefix();
  Instance a(server.url(), prefix);
  Instance b(server.url(), prefix);
  Received on_a;
  Received on_b;
  auto subscription_a = a.bus.subscribe("execution:7", on_a.handler());
  auto subscription_b = b.bus.subscribe("execution:7", on_b.handler());
  for (int i = 0; i < 10; ++i)
    a.bus.publish({"execution:7", "{}"});
  ASSERT_TRUE(on_a.waitFor(10));
  ASSERT_TRUE(on_b.waitFor(10));

  server.kill();
  // Local subscribers keep receiving (on the publishing thread, so at once), and publishing
  // stops trying Redis after the first failure: at most one round trip failed, the rest went
  // straight to this instance's subscribers.
  const auto started = std::chrono::steady_clock::now();
  for (int i = 0; i < 100; ++i)
    a.bus.publish({"execution:7", "{\"during\":true}"});
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_TRUE(on_a.waitFor(110));
  const std::string metrics = a.metricsText();
  EXPECT_EQ(metricValue(metrics, "orchestra_bus_degraded_total"), 100) << metrics;
  EXPECT_LE(metricValue(metrics, "orchestra_bus_publish_failures_total"), 1) << metrics;
  EXPECT_EQ(metricValue(metrics, "orchestra_bus_redis_connected"), 0) << metrics;
  EXPECT_FALSE(a.bus.connected());
  b.bus.publish({"execution:7", "{\"b_during\":true}"});
  ASSERT_TRUE(on_b.waitFor(11));
  EXPECT_EQ(on_b.size(), 11U);  // a's outage events are not replayed to b
  expectStrictlyIncreasing(on_a.numbers());
  expectStrictlyIncreasing(on_b.numbers());

  server.start();
  ASSERT_TRUE(waitUntil([&] { return a.bus.connected() && b.bus.connected(); }, 20s));
  const std::uint64_t highest_a = on_a.numbers().back();
  const std::uint64_t highest_b = on_b.numbers().back();
  b.bus.publish({"execution:7", "{\"after\":1}"});
  a.bus.publish({"execution:7", "{\"after\":2}"});
  ASSERT_TRUE(on_a.waitFor(112));
  ASSERT_TRUE(on_b.waitFor(13));
  const auto after_a = on_a.events();
  const auto after_b = on_b.events();
  EXPECT_EQ(after_a[110].payload_json, "{\"after\":1}");
  EXPECT_EQ(after_a[111].payload_json, "{\"after\":2}");
  EXPECT_EQ(after_a[110].seq, after_b[11].seq);
  EXPECT_EQ(after_a[111].seq, after_b[12].seq);
  EXPECT_GT(after_a[110].seq, std::max(highest_a, highest_b));
  expectStrictlyIncreasing(on_a.numbers());
  expectStrictlyIncreasing(on_b.numbers());
  EXPECT_EQ(metricValue(a.metricsText(), "orchestra_bus_redis_connected"), 1);
}

TEST(RedisEventBusRedisTest, NumbersIssuedDuringAnOutageLiftTheCounterAfterIt) {
  testing::RedisServer server;
  const std::string prefix = uniquePrefix();
  // A counter far ahead of the clock, as one that outran it would be.
  const std::uint64_t ahead = sequenceStart() + 1'000'000'000'000ULL;
  {
    RedisConnection raw(config::parseRedisUrl(server.url()), 1000ms);
    Poco::Redis::Array set;
    set << "SET" << prefix + "seq:c" << std::to_string(ahead);
    raw.call(set);
  }
  Instance a(server.url(), prefix);
  Received on_a;
  auto subscription = a.bus.subscribe("c", on_a.handler());
  a.bus.publish({"c", "{}"});
  ASSERT_TRUE(on_a.waitFor(1));
  EXPECT_EQ(on_a.numbers().back(), ahead + 1);

  server.kill();
  a.bus.publish({"c", "{}"});
  a.bus.publish({"c", "{}"});
  ASSERT_TRUE(on_a.waitFor(3));
  EXPECT_EQ(on_a.numbers().back(), ahead + 3);  // continues above what it saw, not the clock

  server.start();  // empty: the counter is gone, the clock is far behind it
  Instance b(server.url(), prefix);
  ASSERT_TRUE(waitUntil([&] { return a.bus.connected() && b.bus.connected(); }, 20s));
  Received on_b;
  auto subscription_b = b.bus.subscribe("c", on_b.handler());
  // b publishes first: a lifted the counter when it reconnected, not only at its next publish.
  b.bus.publish({"c", "{}"});
  a.bus.publish({"c", "{}"});
  ASSERT_TRUE(on_a.waitFor(5));
  ASSERT_TRUE(on_b.waitFor(2));
  EXPECT_EQ(on_a.numbers()[3], ahead + 4);
  EXPECT_EQ(on_a.numbers()[4], ahead + 5);
  EXPECT_EQ(on_b.numbers(), (std::vector<std::uint64_t>{ahead + 4, ahead + 5}));
}

TEST(RedisEventBus, WithNothingListeningItStartsDegradesAndStopsQuickly) {
  const int port = testing::freeLoopbackPort();  // closed again: nothing listens there
  const auto started = std::chrono::steady_clock::now();
  {
    Instance a("redis://127.0.0.1:" + std::to_string(port) + "/0", uniquePrefix());
    EXPECT_FALSE(a.bus.connected());
    Received everything;
    Received named;
    auto all = a.bus.subscribe("*", everything.handler());
    auto one = a.bus.subscribe("c", named.handler());
    const std::uint64_t before = sequenceStart();
    a.bus.publish({"c", "1"});
    a.bus.publish({"c", "2"});
    a.bus.publish({"other", "3"});
    ASSERT_EQ(named.size(), 2U);  // delivered on the publishing thread
    ASSERT_EQ(everything.size(), 3U);
    EXPECT_GT(named.numbers()[0], before);
    EXPECT_EQ(named.numbers()[1], named.numbers()[0] + 1);
    EXPECT_GT(everything.numbers()[2], before);
    EXPECT_EQ(metricValue(a.metricsText(), "orchestra_bus_degraded_total"), 3);
    EXPECT_EQ(metricValue(a.metricsText(), "orchestra_bus_publish_failures_total"), 0);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
}

}  // namespace
}  // namespace orchestra::bus
