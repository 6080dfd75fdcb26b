#include "host/observability/PrometheusText.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace orchestra::observability {
namespace {

std::string sampleValue(double value) {
  std::string out;
  appendSampleValue(out, value);
  return out;
}

TEST(PrometheusTextTest, MetricNamesFollowThePrometheusGrammar) {
  EXPECT_TRUE(isValidMetricName("http_requests_total"));
  EXPECT_TRUE(isValidMetricName("_private"));
  EXPECT_TRUE(isValidMetricName("job:rate5m"));
  EXPECT_TRUE(isValidMetricName("a1"));
  EXPECT_FALSE(isValidMetricName(""));
  EXPECT_FALSE(isValidMetricName("1a"));
  EXPECT_FALSE(isValidMetricName("http-requests"));
  EXPECT_FALSE(isValidMetricName("http requests"));
  EXPECT_FALSE(isValidMetricName("caf\xc3\xa9"));
}

TEST(PrometheusTextTest, LabelNamesFollowThePrometheusGrammar) {
  EXPECT_TRUE(isValidLabelName("route"));
  EXPECT_TRUE(isValidLabelName("_route2"));
  EXPECT_FALSE(isValidLabelName(""));
  EXPECT_FALSE(isValidLabelName("__name__"));
  EXPECT_FALSE(isValidLabelName("2xx"));
  EXPECT_FALSE(isValidLabelName("a:b"));
  EXPECT_FALSE(isValidLabelName("a-b"));
}

TEST(PrometheusTextTest, EscapesHelpAndLabelValues) {
  std::string help;
  appendEscapedHelp(help, "a \\ b\nc \"quoted\"");
  EXPECT_EQ(help, R"(a \\ b\nc "quoted")");

  std::string label;
  appendEscapedLabelValue(label, "a \\ b\nc \"quoted\"");
  EXPECT_EQ(label, R"(a \\ b\nc \"quoted\")");
}

TEST(PrometheusTextTest, FormatsNumbersShortestAndReadable) {
  EXPECT_EQ(sampleValue(0), "0");
  EXPECT_EQ(sampleValue(-0.0), "0");
  EXPECT_EQ(sampleValue(10), "10");
  EXPECT_EQ(sampleValue(123456789), "123456789");
  EXPECT_EQ(sampleValue(0.0005), "0.0005");
  EXPECT_EQ(sampleValue(2.5), "2.5");
  EXPECT_EQ(sampleValue(-1.25), "-1.25");
  EXPECT_EQ(sampleValue(0.00001), "1e-05");
  EXPECT_EQ(sampleValue(1e21), "1e+21");
  EXPECT_EQ(sampleValue(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(sampleValue(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(sampleValue(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

}  // namespace
}  // namespace orchestra::observability
