#include "host/app/RunProgress.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace orchestra::app {
namespace {

std::string nodeEvent(const std::string& node_id, const std::string& status,
                      const std::string& scope = "", const std::string& detail = "{}") {
  return R"({"type":"node_status","execution_id":"e","node_id":")" + node_id + R"(","status":")" +
         status + R"(","timestamp":"t","data":{"scope":")" + scope + R"(","detail":)" + detail +
         "}}";
}

TEST(RunProgressTest, OneAlignedLinePerNodeChangeWithDurationOrError) {
  std::ostringstream out;
  RunProgress progress(out, false, 8);
  progress.show(nodeEvent("start", "completed", "", R"({"duration_ms":0})"));
  progress.show(nodeEvent("fetch", "running", "", R"({"attempt":2})"));
  progress.show(nodeEvent("fetch", "retrying", "", R"({"retry_in_ms":1500})"));
  progress.show(nodeEvent("use", "failed", "", R"({"error":"no such field","error_class":"x"})"));
  progress.show(nodeEvent("other", "skipped"));
  EXPECT_EQ(out.str(),
            "  start   completed 0 ms\n"
            "  fetch   running   attempt 2\n"
            "  fetch   retrying  again in 1.50 s\n"
            "  use     failed    no such field\n"
            "  other   skipped\n");
}

TEST(RunProgressTest, NodesInLoopsCarryTheirScopeAndOtherMessagesAreIgnored) {
  std::ostringstream out;
  RunProgress progress(out, false, 4);
  progress.show(R"({"type":"log","node_id":null,"status":"info","data":{"message":"m"}})");
  progress.show(R"({"type":"execution_status","node_id":null,"status":"running","data":{}})");
  progress.show("not json");
  progress.show(nodeEvent("double", "completed", "0/i2", R"({"duration_ms":1234})"));
  EXPECT_EQ(out.str(), "  double[0/i2] completed 1.23 s\n");
  EXPECT_EQ(progress.completedPasses(), 1u);
}

TEST(RunProgressTest, APassCountsOnceAllItsStartedNodesHaveEnded) {
  std::ostringstream out;
  RunProgress progress(out, false, 4);
  progress.show(nodeEvent("call", "running", "0"));
  EXPECT_EQ(progress.completedPasses(), 0u);
  progress.show(nodeEvent("call", "completed", "0"));
  EXPECT_EQ(progress.completedPasses(), 1u);
  progress.show(nodeEvent("next", "running", "0"));  // the pass went on after all
  EXPECT_EQ(progress.completedPasses(), 0u);
  progress.show(nodeEvent("next", "completed", "0"));
  progress.show(nodeEvent("call", "completed", "1"));
  EXPECT_EQ(progress.completedPasses(), 2u);
}

TEST(RunProgressTest, OnATerminalTheProgressLineIsRedrawnInPlaceAndCleared) {
  std::ostringstream out;
  RunProgress progress(out, true, 4);
  progress.show(nodeEvent("a", "completed", "0"));
  progress.show(nodeEvent("a", "completed", "1"));
  progress.show(nodeEvent("loop", "completed"));  // past the loop: no progress line any more
  progress.clear();
  EXPECT_EQ(out.str(),
            "  a[0] completed\n"
            "  loop passes completed: 1"
            "\r\x1b[K"
            "  a[1] completed\n"
            "  loop passes completed: 2"
            "\r\x1b[K"
            "  loop completed\n");
  // Nothing to clear twice, and no progress line when no pass ended.
  std::ostringstream plain;
  RunProgress outside_loops(plain, true, 4);
  outside_loops.show(nodeEvent("a", "completed"));
  outside_loops.clear();
  EXPECT_EQ(plain.str(), "  a   completed\n");
}

}  // namespace
}  // namespace orchestra::app
