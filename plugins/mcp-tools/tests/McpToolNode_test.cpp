// What mcp.tool decides on its own, without a host: its config on create and the text it takes
// from a tool's result. Calls through the host are tested end to end in
// tests/integration/McpServers_test.cpp.
#include "McpToolNode.hpp"

#include <gtest/gtest.h>

namespace orchestra::plugins::mcp_tools {
namespace {

using sdk::ErrorClass;
using sdk::Json;

TEST(McpToolNode, RefusesConfigWithoutServerOrTool) {
  for (const char* config :
       {R"({})", R"({"server":"s"})", R"({"tool":"t"})", R"({"server":"","tool":"t"})",
        R"({"server":"s","tool":7})", R"({"server":"s","tool":"t","arguments":[1]})"}) {
    try {
      McpToolNode node(Json::parse(config));
      ADD_FAILURE() << "accepted " << config;
    } catch (const sdk::Error& error) {
      EXPECT_EQ(error.errorClass(), ErrorClass::Validation) << config;
    }
  }
  EXPECT_NO_THROW(McpToolNode(Json::parse(R"({"server":"s","tool":"t","arguments":{"a":1}})")));
}

TEST(McpToolNode, TakesTheTextPartsOfTheContent) {
  const Json result =
      Json::parse(R"({"content":[{"type":"text","text":"one"},{"type":"image","data":"AA=="},)"
                  R"({"type":"text","text":"two"}],"isError":false})");
  EXPECT_EQ(McpToolNode::contentText(result), "one\ntwo");
  EXPECT_EQ(McpToolNode::contentText(Json::parse(R"({"content":"odd"})")), "");
}

}  // namespace
}  // namespace orchestra::plugins::mcp_tools
