#include "host/observability/ProcessCollector.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <string>

#include "host/observability/Metrics.hpp"

namespace orchestra::observability {
namespace {

std::map<std::string, double> collectValues() {
  std::map<std::string, double> values;
  for (const prometheus::MetricFamily& family : ProcessCollector().Collect()) {
    EXPECT_EQ(family.metric.size(), 1U) << family.name;
    if (family.metric.empty()) continue;
    const prometheus::ClientMetric& metric = family.metric.front();
    values[family.name] =
        family.type == prometheus::MetricType::Counter ? metric.counter.value : metric.gauge.value;
  }
  return values;
}

TEST(ProcessCollectorTest, ReportsPlausibleProcessMetrics) {
  const std::map<std::string, double> values = collectValues();
  ASSERT_TRUE(values.contains("process_resident_memory_bytes"));
  EXPECT_GT(values.at("process_resident_memory_bytes"), 0);
  EXPECT_GE(values.at("process_virtual_memory_bytes"), values.at("process_resident_memory_bytes"));
  EXPECT_GE(values.at("process_cpu_seconds_total"), 0);
  EXPECT_GE(values.at("process_threads"), 1);
  EXPECT_GE(values.at("process_open_fds"), 1);

  const double now_seconds =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_GT(values.at("process_start_time_seconds"), now_seconds - 24 * 3600);
  EXPECT_LE(values.at("process_start_time_seconds"), now_seconds + 1);
}

TEST(ProcessCollectorTest, CpuTimeIsACounterAndMemoryAGauge) {
  std::map<std::string, prometheus::MetricType> types;
  for (const prometheus::MetricFamily& family : ProcessCollector().Collect())
    types[family.name] = family.type;
  EXPECT_EQ(types.at("process_cpu_seconds_total"), prometheus::MetricType::Counter);
  EXPECT_EQ(types.at("process_resident_memory_bytes"), prometheus::MetricType::Gauge);
  EXPECT_EQ(types.at("process_open_fds"), prometheus::MetricType::Gauge);
}

TEST(ProcessCollectorTest, DefaultMetricsExposeProcessMetrics) {
  const std::string text = defaultMetrics().exposition();
  EXPECT_NE(text.find("# TYPE process_cpu_seconds_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\nprocess_resident_memory_bytes "), std::string::npos) << text;
  EXPECT_NE(text.find("\nprocess_open_fds "), std::string::npos) << text;
  EXPECT_NE(text.find("\nprocess_start_time_seconds "), std::string::npos) << text;
}

}  // namespace
}  // namespace orchestra::observability
