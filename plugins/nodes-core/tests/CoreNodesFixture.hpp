// Shared set-up of the core node tests: a fake host with the "core" plugin loaded through its
// descriptor, and one-line helpers to create a node and run it.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "CorePlugin.hpp"
#include "orchestra/sdk/testing/FakeHost.hpp"

namespace orchestra::plugins::core {

class CoreNodesTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(host_.load(sdk::pluginDescriptor<CorePlugin>()), ""); }

  // Runs a fresh instance of `type` with `config` on {"main": input}.
  sdk::testing::ExecuteOutcome run(const std::string& type, std::string_view config,
                                   std::string_view main_input = "{}") {
    auto& node = host_.createNode(type, config);
    return host_.execute(node, "{\"main\":" + std::string(main_input) + "}");
  }

  // The error on_create reported; fails the test when creation succeeded.
  sdk::Error createError(const std::string& type, std::string_view config) {
    try {
      host_.createNode(type, config);
    } catch (const sdk::Error& error) {
      return error;
    }
    ADD_FAILURE() << type << " accepted config " << config;
    return sdk::Error(ORC_OK, sdk::ErrorClass::None, "");
  }

  static sdk::Json json(std::string_view text) { return sdk::Json::parse(text); }

  // The member at `path` inside `value`; fails the test (and returns null) when absent.
  static const sdk::Json& at(const sdk::Json& value, std::initializer_list<std::string_view> path) {
    static const sdk::Json kMissing;
    const sdk::Json* current = &value;
    for (std::string_view key : path) {
      current = current->find(key);
      if (current == nullptr) {
        ADD_FAILURE() << "no member " << key;
        return kMissing;
      }
    }
    return *current;
  }

  sdk::testing::FakeHost host_;
};

}  // namespace orchestra::plugins::core
