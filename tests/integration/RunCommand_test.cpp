// `orchestra run` as a plugin author uses it, on the real binary from the repository root with
// the shipped configuration: the examples under config/examples/ run (a line per node, the
// output as JSON on stdout), a failing one names node and error, bad files and input are refused.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "tests/support/HostProcess.hpp"

namespace orchestra::testing {
namespace {

using Poco::JSON::Object;

class RunCommandTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = makeTempDirectory("orchestra-run-test"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // The run's scratch database goes under our own TMPDIR, so we can see it is removed.
  HostProcess::Completed run(std::vector<std::string> args) {
    args.insert(args.begin(), "run");
    const auto scratch = dir_ / "tmp";
    std::filesystem::create_directories(scratch);
    return HostProcess::runWithSeparateStderr(args, {{"TMPDIR", scratch.string()}});
  }

  std::string writeFile(const std::string& name, const std::string& text) {
    const auto path = dir_ / name;
    std::ofstream(path) << text;
    return path.string();
  }

  bool scratchIsEmpty() const { return std::filesystem::is_empty(dir_ / "tmp"); }

  std::filesystem::path dir_;
};

// The JSON document that ends stdout, after the node lines.
Object::Ptr finalOutput(const std::string& stdout_text) {
  const auto start = stdout_text.find("\n{");
  if (start == std::string::npos) return nullptr;
  Poco::JSON::Parser parser;
  return parser.parse(stdout_text.substr(start + 1)).extract<Object::Ptr>();
}

bool hasNodeLine(const std::string& text, const std::string& label, const std::string& status) {
  const std::regex line("(^|\n)  " + std::regex_replace(label, std::regex(R"([\[\]])"), R"(\$&)") +
                        " +" + status + "( |\n)");
  return std::regex_search(text, line);
}

TEST_F(RunCommandTest, HelloPrintsEachNodeThenTheOutputAndExitsZero) {
  const auto result = run({"config/examples/hello.json", "--input", R"({"name":"Ada"})"});
  ASSERT_EQ(result.exit_code, 0) << result.output << result.error_output;
  for (const char* node : {"start", "greet", "reply"})
    EXPECT_TRUE(hasNodeLine(result.output, node, "completed")) << node << "\n" << result.output;
  EXPECT_NE(result.output.find(" ms\n"), std::string::npos) << result.output;  // durations
  const auto output = finalOutput(result.output);
  ASSERT_TRUE(output) << result.output;
  EXPECT_EQ(output->getValue<std::string>("message"), "Hello, Ada!");
  EXPECT_EQ(output->getValue<std::string>("name"), "Ada");
  // The host's own JSON log stays off stdout, and at info level off the terminal altogether.
  EXPECT_EQ(result.output.find("\"level\""), std::string::npos) << result.output;
  EXPECT_EQ(result.error_output.find("\"INFO\""), std::string::npos) << result.error_output;
  EXPECT_TRUE(scratchIsEmpty()) << "the temporary database was left behind";
}

TEST_F(RunCommandTest, BranchesTakeOneSideAndRunTheLoopBodyPerItem) {
  const auto result = run({"config/examples/branches.json"});
  ASSERT_EQ(result.exit_code, 0) << result.output << result.error_output;
  for (const char* pass : {"label[0]", "label[1]", "label[2]", "label[3]"})
    EXPECT_TRUE(hasNodeLine(result.output, pass, "completed")) << pass << "\n" << result.output;
  EXPECT_TRUE(hasNodeLine(result.output, "big_basket", "completed")) << result.output;
  EXPECT_TRUE(hasNodeLine(result.output, "small_basket", "skipped")) << result.output;
  // Not a terminal: no progress line redrawn with carriage returns.
  EXPECT_EQ(result.output.find('\r'), std::string::npos);
  const auto output = finalOutput(result.output);
  ASSERT_TRUE(output) << result.output;
  EXPECT_EQ(output->getValue<std::string>("verdict"), "a big basket");
  EXPECT_EQ(output->getArray("labels")->size(), 4u);
}

TEST_F(RunCommandTest, AFailingWorkflowExitsOneNamingTheNodeAndTheError) {
  const auto result = run({"config/examples/failing.json"});
  EXPECT_EQ(result.exit_code, 1) << result.output << result.error_output;
  EXPECT_TRUE(hasNodeLine(result.output, "pick", "failed")) << result.output;
  EXPECT_NE(result.error_output.find("execution failed: node 'pick'"), std::string::npos)
      << result.error_output;
  EXPECT_NE(result.error_output.find("trigger.data.user.email"), std::string::npos)
      << result.error_output;
  EXPECT_EQ(finalOutput(result.output), nullptr) << result.output;
  EXPECT_TRUE(scratchIsEmpty());
}

TEST_F(RunCommandTest, FilesThatAreNotRunnableWorkflowsExitTwoSayingWhy) {
  const auto missing = run({(dir_ / "absent.json").string()});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.error_output.find("absent.json: cannot read"), std::string::npos)
      << missing.error_output;

  const auto malformed = run({writeFile("malformed.json", R"({"format":"orchestra.workflow",)")});
  EXPECT_EQ(malformed.exit_code, 2);
  EXPECT_NE(malformed.error_output.find("malformed.json: not valid JSON"), std::string::npos)
      << malformed.error_output;

  const auto not_a_document = run({writeFile("other.json", R"({"format":"other"})")});
  EXPECT_EQ(not_a_document.exit_code, 2);
  EXPECT_NE(not_a_document.error_output.find("workflow: "), std::string::npos)
      << not_a_document.error_output;
  EXPECT_NE(not_a_document.error_output.find("format: "), std::string::npos)
      << not_a_document.error_output;

  // A graph the API would only keep as a draft with warnings: each problem with its location.
  std::ifstream hello(std::string(ORCHESTRA_SOURCE_DIR) + "/config/examples/hello.json");
  std::string text((std::istreambuf_iterator<char>(hello)), std::istreambuf_iterator<char>());
  text.replace(text.find("\"core.set\""), 10, "\"acme.crm/lookup\"");
  const auto invalid = run({writeFile("unknown-type.json", text)});
  EXPECT_EQ(invalid.exit_code, 2);
  EXPECT_NE(invalid.error_output.find("workflow.nodes.1.type: "), std::string::npos)
      << invalid.error_output;
  EXPECT_NE(invalid.error_output.find("unknown_node_type"), std::string::npos)
      << invalid.error_output;
  EXPECT_EQ(invalid.output, "");
}

TEST_F(RunCommandTest, BadInputExitsTwo) {
  const auto broken = run({"config/examples/hello.json", "--input", R"({"name":)"});
  EXPECT_EQ(broken.exit_code, 2);
  EXPECT_NE(broken.error_output.find("--input: not valid JSON"), std::string::npos)
      << broken.error_output;
  const auto array = run({"config/examples/hello.json", "--input", "[1]"});
  EXPECT_EQ(array.exit_code, 2);
  EXPECT_NE(array.error_output.find("--input: a JSON object is expected"), std::string::npos)
      << array.error_output;
  const auto no_file = run({});
  EXPECT_EQ(no_file.exit_code, 2);
  EXPECT_NE(no_file.error_output.find("usage: orchestra run"), std::string::npos);
}

TEST_F(RunCommandTest, AConfiguredDatabaseIsUsedAndKept) {
  const auto database = dir_ / "kept.db";
  const std::string config =
      writeFile("orchestra.yaml", "database:\n  url: \"sqlite:///" + database.string() +
                                      "\"\nplugins:\n  load:\n    - file: \"" +
                                      ORCHESTRA_PLUGIN_BUILD_DIR + "/libcore_nodes.so\"\n");
  for (int round = 0; round < 2; ++round) {  // the second finds the local account again
    const auto result =
        run({"config/examples/hello.json", "--input", R"({"name":"Grace"})", "--config", config});
    ASSERT_EQ(result.exit_code, 0) << result.output << result.error_output;
    EXPECT_EQ(finalOutput(result.output)->getValue<std::string>("message"), "Hello, Grace!");
  }
  EXPECT_TRUE(std::filesystem::exists(database));
}

}  // namespace
}  // namespace orchestra::testing
