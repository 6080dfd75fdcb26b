#include "host/bus/InProcessEventBus.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "host/bus/SequenceStart.hpp"

namespace orchestra::bus {
namespace {

TEST(InProcessEventBus, NumbersEachChannelsEventsContiguouslyFromTheClock) {
  InProcessEventBus bus;
  const std::uint64_t before = sequenceStart();
  std::vector<std::uint64_t> a_seen;
  std::vector<std::uint64_t> b_seen;
  auto a = bus.subscribe("execution:a", [&](const Event& event) { a_seen.push_back(event.seq); });
  auto b = bus.subscribe("execution:b", [&](const Event& event) { b_seen.push_back(event.seq); });
  bus.publish({"execution:a", "{}"});
  bus.publish({"execution:b", "{}"});
  bus.publish({"execution:a", "{}"});
  ASSERT_EQ(a_seen.size(), 2U);
  ASSERT_EQ(b_seen.size(), 1U);
  EXPECT_GT(a_seen[0], before);
  EXPECT_EQ(a_seen[1], a_seen[0] + 1);
}

TEST(InProcessEventBus, AChannelHeardAgainContinuesAboveItsEarlierNumbers) {
  InProcessEventBus bus;
  std::uint64_t last = 0;
  {
    auto first = bus.subscribe("c", [&](const Event& event) { last = event.seq; });
    for (int i = 0; i < 1000; ++i)
      bus.publish({"c", "{}"});
  }
  const std::uint64_t earlier = last;
  auto second = bus.subscribe("c", [&](const Event& event) { last = event.seq; });
  bus.publish({"c", "{}"});
  EXPECT_GT(last, earlier);
}

TEST(InProcessEventBus, EverythingSubscribersSeeNamedAndUnnamedChannels) {
  InProcessEventBus bus;
  std::vector<Event> seen;
  auto named = bus.subscribe("named", [](const Event&) {});
  auto all = bus.subscribe("*", [&](const Event& event) { seen.push_back(event); });
  bus.publish({"named", "1"});
  bus.publish({"other", "2"});
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].channel, "named");
  EXPECT_NE(seen[0].seq, 0U);
  EXPECT_NE(seen[1].seq, 0U);
  EXPECT_EQ(seen[1].payload_json, "2");
}

TEST(InProcessEventBus, ConcurrentPublishersReachHandlersInSequenceOrder) {
  InProcessEventBus bus;
  std::vector<std::uint64_t> seen;
  auto subscription = bus.subscribe("c", [&](const Event& event) { seen.push_back(event.seq); });
  std::vector<std::thread> publishers;
  publishers.reserve(4);
  for (int t = 0; t < 4; ++t) {
    publishers.emplace_back([&bus] {
      for (int i = 0; i < 2000; ++i)
        bus.publish({"c", "{}"});
    });
  }
  for (auto& publisher : publishers)
    publisher.join();
  ASSERT_EQ(seen.size(), 8000U);
  for (std::size_t i = 1; i < seen.size(); ++i)
    ASSERT_EQ(seen[i], seen[i - 1] + 1) << "at " << i;
}

TEST(InProcessEventBus, NoHandlerRunsAfterItsSubscriptionIsGone) {
  InProcessEventBus bus;
  int calls = 0;
  auto subscription = bus.subscribe("c", [&](const Event&) { ++calls; });
  bus.publish({"c", "{}"});
  subscription.reset();
  bus.publish({"c", "{}"});
  EXPECT_EQ(calls, 1);
}

}  // namespace
}  // namespace orchestra::bus
