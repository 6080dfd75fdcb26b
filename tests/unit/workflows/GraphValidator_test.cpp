// The graph rules on the real core node types, without a server: loops through core.foreach are
// allowed and other cycles are not, ports are checked against what each type declares, configs
// against its schema (templated values excepted), and expressions may only read upstream nodes.
#include "host/workflows/GraphValidator.hpp"

#include <gtest/gtest.h>

#include <set>

#include "host/plugins/PluginLoader.hpp"

namespace orchestra::workflows {
namespace {

class GraphValidatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    config::PluginLoadSpec spec;
    spec.file = std::string(ORCHESTRA_PLUGIN_BUILD_DIR) + "/libcore_nodes.so";
    spec.required = true;
    const auto& record = loader_.load(spec, {});
    ASSERT_EQ(record.state, plugins::PluginState::Loaded) << record.failure;
  }
  void TearDown() override { loader_.shutdownAll(); }

  // "loc -> type" of every problem of the graph.
  std::set<std::string> problems(const std::string& nodes, const std::string& connections) {
    const auto node_array = text::JsonDocument::parse(nodes);
    const auto connection_array = text::JsonDocument::parse(connections);
    EXPECT_TRUE(node_array && connection_array) << nodes << connections;
    if (!node_array || !connection_array) return {};
    std::set<std::string> found;
    for (const auto& issue : GraphValidator(registry_)
                                 .validate(node_array->root(), connection_array->root(), {"body"})
                                 .held) {
      std::string loc;
      for (const auto& part : issue.loc)
        loc += (loc.empty() ? "" : ".") + part;
      found.insert(loc + " -> " + issue.type);
    }
    return found;
  }

  plugins::PluginRegistry registry_;
  plugins::HostServices services_;
  plugins::PluginLoader loader_{registry_, services_};
};

constexpr const char* kTrigger = R"({"id":"t","type":"core.trigger.manual","data":{}})";

TEST_F(GraphValidatorTest, AValidGraphHasNoProblems) {
  EXPECT_TRUE(problems(std::string("[") + kTrigger +
                           R"(,{"id":"w","type":"core.delay","data":{"duration_ms":1}}])",
                       R"([{"id":"c","source":"t","target":"w","sourceHandle":"main"}])")
                  .empty());
}

TEST_F(GraphValidatorTest, LoopsMayOnlyRepeatThroughForEach) {
  const std::string loop = std::string("[") + kTrigger +
                           R"(,{"id":"each","type":"core.foreach","data":{"items_path":"list"}},)"
                           R"({"id":"body","type":"core.delay","data":{"duration_ms":1}}])";
  EXPECT_TRUE(problems(loop, R"([{"id":"a","source":"t","target":"each"},)"
                             R"({"id":"b","source":"each","target":"body","sourceHandle":"items"},)"
                             R"({"id":"c","source":"body","target":"each"}])")
                  .empty());
  const std::string plain = std::string("[") + kTrigger +
                            R"(,{"id":"x","type":"core.delay","data":{"duration_ms":1}},)"
                            R"({"id":"y","type":"core.delay","data":{"duration_ms":1}}])";
  EXPECT_EQ(problems(plain, R"([{"id":"a","source":"x","target":"y"},)"
                            R"({"id":"b","source":"y","target":"x"}])"),
            (std::set<std::string>{"body.nodes.1 -> cycle"}));
  EXPECT_EQ(problems(plain, R"([{"id":"a","source":"x","target":"x"}])"),
            (std::set<std::string>{"body.nodes.1 -> cycle"}));
}

TEST_F(GraphValidatorTest, PortsAreCheckedOnBothEnds) {
  const std::string nodes = std::string("[") + kTrigger +
                            R"(,{"id":"if","type":"core.if","data":{"condition":)"
                            R"({"left":"{{ trigger.data.x }}","operator":"eq","right":1}}}])";
  EXPECT_TRUE(
      problems(nodes, R"([{"id":"a","source":"t","target":"if","targetHandle":"main"}])").empty());
  EXPECT_EQ(problems(nodes, R"([{"id":"a","source":"t","target":"if","sourceHandle":"true",)"
                            R"("targetHandle":"side"}])"),
            (std::set<std::string>{"body.connections.0.sourceHandle -> unknown_port",
                                   "body.connections.0.targetHandle -> unknown_port"}));
}

TEST_F(GraphValidatorTest, TemplatedValuesAreLeftToRunTimeButMustReadUpstream) {
  // "{{ ... }}" is not an integer, but its value is only known when the node runs.
  const std::string nodes =
      std::string("[") + kTrigger +
      R"(,{"id":"a","type":"core.delay","data":{"duration_ms":"{{ trigger.data.ms }}"}},)"
      R"({"id":"b","type":"core.delay","data":{"duration_ms":"{{ nodes.c.output }}"}},)"
      R"({"id":"c","type":"core.delay","data":{"duration_ms":"{{ nodes.a.output }}"}}])";
  EXPECT_EQ(problems(nodes, R"([{"id":"1","source":"t","target":"a"},)"
                            R"({"id":"2","source":"a","target":"b"},)"
                            R"({"id":"3","source":"a","target":"c"}])"),
            (std::set<std::string>{"body.nodes.2.data.duration_ms -> expression_reference"}));
}

// The largest graph the route schema admits: a chain of 5,000 nodes, each reading the node
// before it, is walked without recursion (no stack overflow) and found valid.
TEST_F(GraphValidatorTest, AFiveThousandNodeChainIsChecked) {
  std::string nodes = std::string("[") + kTrigger;
  std::string connections = "[";
  std::string previous = "t";
  for (int i = 0; i < 4999; ++i) {
    const std::string id = "n" + std::to_string(i);
    nodes.append(R"(,{"id":")")
        .append(id)
        .append(R"(","type":"core.set","data":{"values":[{"path":"x","value":"{{ nodes.)")
        .append(previous)
        .append(R"(.output }}"}]}})");
    connections.append(i == 0 ? "" : ",")
        .append(R"({"id":"c)")
        .append(std::to_string(i))
        .append(R"(","source":")")
        .append(previous)
        .append(R"(","target":")")
        .append(id)
        .append(R"("})");
    previous = id;
  }
  EXPECT_TRUE(problems(nodes + "]", connections + "]").empty());
}

TEST_F(GraphValidatorTest, ItemIsOnlyDefinedInsideALoop) {
  const std::string nodes =
      std::string("[") + kTrigger +
      R"(,{"id":"each","type":"core.foreach","data":{"items_path":"list"}},)"
      R"({"id":"body","type":"core.set","data":{"values":[{"path":"x","value":"{{ item.name }}"}]}},)"
      R"({"id":"outside","type":"core.set","data":{"values":[{"path":"x","value":"{{ item }}"}]}}])";
  EXPECT_EQ(problems(nodes, R"([{"id":"a","source":"t","target":"each"},)"
                            R"({"id":"b","source":"each","target":"body","sourceHandle":"items"},)"
                            R"({"id":"c","source":"t","target":"outside"}])"),
            (std::set<std::string>{"body.nodes.3.data.values.0.value -> expression_reference"}));
}

TEST_F(GraphValidatorTest, AnEmptyGraphNeedsATrigger) {
  EXPECT_EQ(problems("[]", "[]"), (std::set<std::string>{"body.nodes -> no_trigger"}));
}

// A graph can hold a problem for every few bytes of it; past IssueList's maximum they are only
// counted, so the list costs a bounded amount whatever the graph.
TEST_F(GraphValidatorTest, ProblemsPastTheMaximumAreOnlyCounted) {
  std::string nodes = std::string("[") + kTrigger;
  for (int i = 0; i < 300; ++i) {
    nodes += R"(,{"id":"n)" + std::to_string(i) + R"(","type":"core.delay","data":{)" +
             R"("duration_ms":"{{ nodes.missing_)" + std::to_string(i) + R"(.output }}"}})";
  }
  nodes += "]";
  const auto node_array = text::JsonDocument::parse(nodes);
  const auto connection_array = text::JsonDocument::parse("[]");
  ASSERT_TRUE(node_array && connection_array);
  const errors::IssueList found =
      GraphValidator(registry_).validate(node_array->root(), connection_array->root(), {"body"});
  EXPECT_EQ(found.held.size(), errors::IssueList::kMaxHeldIssues);
  EXPECT_GE(found.size(), 300U);
  EXPECT_EQ(found.held.front().type, "expression_reference");
}

}  // namespace
}  // namespace orchestra::workflows
