#include <gtest/gtest.h>

#include "host/app/BusSubsystem.hpp"
#include "host/bus/InProcessEventBus.hpp"
#include "host/bus/RedisEventBus.hpp"
#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::app {
namespace {

// A Redis URL nothing answers on: the Redis bus starts degraded, so no server is needed.
std::string unreachableRedisUrl() {
  return "redis://127.0.0.1:" + std::to_string(testing::freeLoopbackPort()) + "/0";
}

TEST(MakeEventBus, AutoFollowsRedisUrl) {
  observability::Metrics metrics;
  config::Config config;
  EXPECT_FALSE(eventBusIsShared(config));
  EXPECT_NE(dynamic_cast<bus::InProcessEventBus*>(makeEventBus(config, metrics).get()), nullptr);
  config.redis.url = unreachableRedisUrl();
  EXPECT_TRUE(eventBusIsShared(config));
  EXPECT_NE(dynamic_cast<bus::RedisEventBus*>(makeEventBus(config, metrics).get()), nullptr);
}

TEST(MakeEventBus, InProcessEvenWithRedisUrl) {
  observability::Metrics metrics;
  config::Config config;
  config.redis.url = unreachableRedisUrl();
  config.bus.backend = "in_process";
  EXPECT_FALSE(eventBusIsShared(config));
  EXPECT_NE(dynamic_cast<bus::InProcessEventBus*>(makeEventBus(config, metrics).get()), nullptr);
  config.bus.backend = "redis";
  EXPECT_NE(dynamic_cast<bus::RedisEventBus*>(makeEventBus(config, metrics).get()), nullptr);
}

TEST(MakeEventBus, AMalformedRedisUrlIsNamed) {
  observability::Metrics metrics;
  config::Config config;
  config.redis.url = "http://localhost:6379";
  try {
    makeEventBus(config, metrics);
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(), "redis.url: must start with redis://");
  }
}

}  // namespace
}  // namespace orchestra::app
