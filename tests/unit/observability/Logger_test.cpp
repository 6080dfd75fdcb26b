#include "host/observability/Logger.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "host/observability/LogLine.hpp"

namespace orchestra::observability {
namespace {

Poco::JSON::Object::Ptr parseLine(const std::string& line) {
  Poco::JSON::Parser parser;
  return parser.parse(line).extract<Poco::JSON::Object::Ptr>();
}

// Captures lines through the sink and restores stderr and the level afterwards.
class LoggerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setLogLevel(LogLevel::Info);
    setLogSink([this](std::string_view line) { lines_.emplace_back(line); });
  }
  void TearDown() override {
    setLogSink({});
    setLogLevel(LogLevel::Info);
  }

  std::vector<std::string> lines_;
};

TEST_F(LoggerTest, WritesOneJsonObjectPerLineWithTypedFields) {
  const std::string path = "/api/v1/runs/42";
  logInfo("http.access", "request",
          {{"method", "GET"},
           {"path", path},
           {"status", 200},
           {"duration_ms", 0.125},
           {"bytes", std::size_t{5}},
           {"offset", -3},
           {"cached", false},
           {"ratio", std::numeric_limits<double>::quiet_NaN()}});

  ASSERT_EQ(lines_.size(), 1U);
  const std::string& line = lines_.front();
  ASSERT_EQ(line.back(), '\n');
  EXPECT_EQ(line.find('\n'), line.size() - 1);
  EXPECT_TRUE(line.starts_with("{\"timestamp\":\"")) << line;

  const Poco::JSON::Object::Ptr object = parseLine(line);
  EXPECT_EQ(object->getValue<std::string>("level"), "INFO");
  EXPECT_EQ(object->getValue<std::string>("logger"), "http.access");
  EXPECT_EQ(object->getValue<std::string>("message"), "request");
  EXPECT_EQ(object->getValue<std::string>("method"), "GET");
  EXPECT_EQ(object->getValue<std::string>("path"), path);
  EXPECT_EQ(object->getValue<int>("status"), 200);
  EXPECT_DOUBLE_EQ(object->getValue<double>("duration_ms"), 0.125);
  EXPECT_EQ(object->getValue<int>("bytes"), 5);
  EXPECT_EQ(object->getValue<int>("offset"), -3);
  EXPECT_FALSE(object->getValue<bool>("cached"));
  EXPECT_TRUE(object->isNull("ratio"));
  // Fixed fields first, then the caller's in the order given.
  EXPECT_LT(line.find("\"message\""), line.find("\"method\""));
  EXPECT_LT(line.find("\"method\""), line.find("\"path\""));
}

TEST_F(LoggerTest, TimestampIsUtcIsoWithMilliseconds) {
  logWarning("app", "started");
  ASSERT_EQ(lines_.size(), 1U);
  const std::string timestamp = parseLine(lines_.front())->getValue<std::string>("timestamp");
  ASSERT_EQ(timestamp.size(), 24U) << timestamp;  // 2024-05-01T12:34:56.789Z
  EXPECT_EQ(timestamp[4], '-');
  EXPECT_EQ(timestamp[10], 'T');
  EXPECT_EQ(timestamp[19], '.');
  EXPECT_EQ(timestamp[23], 'Z');
}

TEST(LogLineTest, FormatsFixedTimestamps) {
  using namespace std::chrono;
  std::string out;
  appendIsoTimestamp(out, system_clock::time_point{});
  EXPECT_EQ(out, "1970-01-01T00:00:00.000Z");

  out.clear();
  appendIsoTimestamp(out, sys_days{year{2024} / February / 29} + hours{23} + minutes{59} +
                              seconds{59} + microseconds{999999});
  EXPECT_EQ(out, "2024-02-29T23:59:59.999Z");
}

TEST_F(LoggerTest, EscapesNastyStringsIntoValidJson) {
  const std::string nasty =
      "quote\" backslash\\ newline\n tab\t nul" + std::string(1, '\0') +
      " bell\x07 utf8 caf\xc3\xa9 emoji \xf0\x9f\x98\x80 invalid \xff\xc3 end";
  logError("store", nasty, {{"key \"with\" quotes\n", nasty}});

  ASSERT_EQ(lines_.size(), 1U);
  const std::string& line = lines_.front();
  // Raw control characters never reach the output; the only newline ends the line.
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    EXPECT_GE(static_cast<unsigned char>(line[i]), 0x20) << "at " << i << " in " << line;
  }
  const Poco::JSON::Object::Ptr object = parseLine(line);
  const std::string expected =
      "quote\" backslash\\ newline\n tab\t nul" + std::string(1, '\0') +
      " bell\x07 utf8 caf\xc3\xa9 emoji \xf0\x9f\x98\x80 invalid \xef\xbf\xbd\xef\xbf\xbd end";
  EXPECT_EQ(object->getValue<std::string>("message"), expected);
  EXPECT_EQ(object->getValue<std::string>("key \"with\" quotes\n"), expected);
  EXPECT_EQ(object->getValue<std::string>("level"), "ERROR");
}

TEST_F(LoggerTest, DropsLinesBelowTheLevel) {
  setLogLevel(LogLevel::Warning);
  EXPECT_FALSE(logEnabled(LogLevel::Info));
  EXPECT_TRUE(logEnabled(LogLevel::Warning));
  logTrace("app", "trace");
  logDebug("app", "debug");
  logInfo("app", "info");
  logWarning("app", "warning");
  logError("app", "error");
  logCritical("app", "critical");
  ASSERT_EQ(lines_.size(), 3U);
  EXPECT_EQ(parseLine(lines_[0])->getValue<std::string>("level"), "WARNING");
  EXPECT_EQ(parseLine(lines_[1])->getValue<std::string>("level"), "ERROR");
  EXPECT_EQ(parseLine(lines_[2])->getValue<std::string>("level"), "CRITICAL");

  setLogLevel(LogLevel::Trace);
  logTrace("app", "trace");
  ASSERT_EQ(lines_.size(), 4U);
  EXPECT_EQ(parseLine(lines_[3])->getValue<std::string>("level"), "TRACE");
}

TEST_F(LoggerTest, AcceptsAFieldSpanForVariableFieldCounts) {
  std::vector<LogField> fields{{"a", 1}, {"b", "two"}};
  logEvent(LogLevel::Info, "app", "span", std::span<const LogField>(fields));
  ASSERT_EQ(lines_.size(), 1U);
  EXPECT_EQ(parseLine(lines_.front())->getValue<std::string>("b"), "two");
}

TEST(LogLevelTest, ParsesNamesCaseInsensitively) {
  EXPECT_EQ(parseLogLevel("trace"), LogLevel::Trace);
  EXPECT_EQ(parseLogLevel("DEBUG"), LogLevel::Debug);
  EXPECT_EQ(parseLogLevel("Info"), LogLevel::Info);
  EXPECT_EQ(parseLogLevel("warning"), LogLevel::Warning);
  EXPECT_EQ(parseLogLevel("warn"), LogLevel::Warning);
  EXPECT_EQ(parseLogLevel("error"), LogLevel::Error);
  EXPECT_EQ(parseLogLevel("CRITICAL"), LogLevel::Critical);
  EXPECT_EQ(parseLogLevel(""), std::nullopt);
  EXPECT_EQ(parseLogLevel("information"), std::nullopt);
  EXPECT_EQ(parseLogLevel("inf"), std::nullopt);
  EXPECT_EQ(logLevelName(LogLevel::Warning), "WARNING");
}

// The production path: concurrent threads writing to fd 2 produce whole lines only.
TEST(LoggerStderrTest, ConcurrentLinesOnStderrNeverInterleave) {
  char path[] = "/tmp/orchestra-log-test-XXXXXX";
  const int file = mkstemp(path);
  ASSERT_GE(file, 0);
  const int saved_stderr = dup(STDERR_FILENO);
  ASSERT_GE(saved_stderr, 0);
  const int append_file = open(path, O_WRONLY | O_APPEND);
  ASSERT_GE(append_file, 0);
  ASSERT_EQ(dup2(append_file, STDERR_FILENO), STDERR_FILENO);

  constexpr int kThreads = 4;
  constexpr int kLinesPerThread = 500;
  const std::string padding(300, 'x');
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kLinesPerThread; ++i) {
        logInfo("test", "concurrent", {{"thread", t}, {"line", i}, {"padding", padding}});
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();

  dup2(saved_stderr, STDERR_FILENO);
  close(saved_stderr);
  close(append_file);
  close(file);

  std::ifstream input(path);
  std::string line;
  int count = 0;
  while (std::getline(input, line)) {
    ASSERT_NO_THROW(parseLine(line)) << line;
    ++count;
  }
  std::remove(path);
  EXPECT_EQ(count, kThreads * kLinesPerThread);
}

}  // namespace
}  // namespace orchestra::observability
