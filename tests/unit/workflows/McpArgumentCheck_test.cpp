// mcp.tool arguments checked at save against a tool's cached input schema: issues located in
// the body, expressions and unknown tools left to the run.
#include "host/workflows/McpArgumentCheck.hpp"

#include <gtest/gtest.h>

#include <map>

namespace orchestra::workflows {
namespace {

// The tools one workspace's server "s1" listed.
class ListedTools final : public plugins::McpToolGateway {
 public:
  plugins::McpGatewayAnswer callTool(const std::string&, const std::string&, const std::string&,
                                     const std::string&, const std::function<bool()>&) override {
    return {ORC_ERR_UNSUPPORTED, ORC_ERROR_CLASS_PERMANENT, "not here"};
  }
  plugins::McpGatewayAnswer listTools(const std::string&, const std::string&) override {
    return {ORC_ERR_UNSUPPORTED, ORC_ERROR_CLASS_PERMANENT, "not here"};
  }
  std::optional<std::string> cachedInputSchema(const std::string& workspace_id,
                                               const std::string& server_id,
                                               const std::string& tool_name) override {
    if (workspace_id != "w1" || server_id != "s1") return std::nullopt;
    const auto found = schemas.find(tool_name);
    if (found == schemas.end()) return std::nullopt;
    return found->second;
  }

  std::map<std::string, std::string> schemas{
      {"echo", R"({"$schema":"http://json-schema.org/draft-07/schema#","type":"object",)"
               R"("properties":{"message":{"type":"string","description":"Message to echo"}},)"
               R"("required":["message"],"additionalProperties":false})"},
      {"broken", R"({"type":"object","properties":{"a":{"type":"strange"}}})"}};
};

std::vector<errors::ValidationIssue> check(const std::string& nodes_json,
                                           const std::string& workspace = "w1") {
  const auto nodes = text::JsonDocument::parse(nodes_json);
  ListedTools tools;
  return checkMcpToolArguments(nodes->root(), workspace, tools, {"body"}).held;
}

std::string toolNode(const std::string& tool, const std::string& arguments,
                     const std::string& server = "s1") {
  return R"({"id":"n","type":"mcp.tool","data":{"server":")" + server + R"(","tool":")" + tool +
         R"(","arguments":)" + arguments + "}}";
}

TEST(McpArgumentCheck, LocatesWhatTheToolsSchemaRefuses) {
  const auto issues = check("[" + toolNode("echo", R"({"message":5,"extra":1})") + "]");
  ASSERT_EQ(issues.size(), 2U);
  std::vector<std::string> locs;
  for (const auto& issue : issues) {
    EXPECT_EQ(issue.type, "mcp_tool_arguments");
    EXPECT_NE(issue.msg.find("MCP tool 'echo'"), std::string::npos) << issue.msg;
    std::string loc;
    for (const auto& part : issue.loc)
      loc += "/" + part;
    locs.push_back(loc);
  }
  EXPECT_NE(std::find(locs.begin(), locs.end(), "/body/nodes/0/data/arguments/message"),
            locs.end());
  const auto missing =
      check(R"([{"id":"t","type":"core.trigger.manual"},)" + toolNode("echo", "{}") + "]");
  ASSERT_EQ(missing.size(), 1U);
  EXPECT_EQ(missing[0].loc[2], "1");
  EXPECT_EQ(missing[0].loc.back(), "message");
}

TEST(McpArgumentCheck, LeavesExpressionsAndUnknownsToTheRun) {
  EXPECT_TRUE(check("[" + toolNode("echo", R"({"message":"{{ trigger.data.m }}"})") + "]").empty());
  EXPECT_TRUE(check("[" + toolNode("echo", R"({"message":"hi"})") + "]").empty());
  EXPECT_TRUE(check("[" + toolNode("unlisted", R"({"x":1})") + "]").empty());
  EXPECT_TRUE(check("[" + toolNode("echo", R"({"message":5})", "s2") + "]").empty());
  EXPECT_TRUE(check("[" + toolNode("echo", R"({"message":5})") + "]", "w2").empty())
      << "another workspace's server is not this one's";
  EXPECT_TRUE(check("[" + toolNode("{{ trigger.data.tool }}", R"({"message":5})") + "]").empty());
  EXPECT_TRUE(check("[" + toolNode("broken", R"({"a":1})") + "]").empty());
}

}  // namespace
}  // namespace orchestra::workflows
