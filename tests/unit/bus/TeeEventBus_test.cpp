#include "host/bus/TeeEventBus.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "host/bus/InProcessEventBus.hpp"

namespace orchestra::bus {
namespace {

TEST(TeeEventBus, PublishesOnBothAndSubscribesOnTheShared) {
  InProcessEventBus shared;
  InProcessEventBus local;
  TeeEventBus tee(shared, local);
  std::vector<std::string> heard_shared;
  std::vector<std::string> heard_local;
  std::vector<std::string> heard_tee;
  auto on_shared =
      shared.subscribe("*", [&](const Event& e) { heard_shared.push_back(e.payload_json); });
  auto on_local =
      local.subscribe("*", [&](const Event& e) { heard_local.push_back(e.payload_json); });
  auto on_tee = tee.subscribe("c", [&](const Event& e) { heard_tee.push_back(e.payload_json); });
  tee.publish({"c", "1"});
  // Another instance's event arrives on the shared bus only: the local one never hears it.
  shared.publish({"c", "2"});
  EXPECT_EQ(heard_shared, (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(heard_local, (std::vector<std::string>{"1"}));
  EXPECT_EQ(heard_tee, (std::vector<std::string>{"1", "2"}));
}

}  // namespace
}  // namespace orchestra::bus
