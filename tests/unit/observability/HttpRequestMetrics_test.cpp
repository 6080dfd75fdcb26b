// HttpRequestMetrics over a real prometheus-cpp registry: one counter and one histogram series
// per (route, method, status), found again from the cache on every later request.
#include "host/observability/HttpRequestMetrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "host/observability/Metrics.hpp"

namespace orchestra::observability {
namespace {

// prometheus-cpp writes a series' labels sorted by name, `le` last.
constexpr const char* kHealthOk = R"(route="/health",status="200")";

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

TEST(HttpRequestMetricsTest, RecordsCountAndDurationPerRouteMethodAndStatus) {
  Metrics metrics;
  HttpRequestMetrics requests(metrics);
  requests.record("/health", "GET", 200, 0.0001);
  requests.record("/health", "GET", 200, 0.0002);
  requests.record("/api/v1/runs/{id}", "POST", 404, 0.003);

  const std::string text = metrics.exposition();
  EXPECT_TRUE(contains(text, "# TYPE http_requests_total counter\n")) << text;
  EXPECT_TRUE(contains(text, "# TYPE http_request_duration_seconds histogram\n")) << text;
  EXPECT_TRUE(
      contains(text, std::string("http_requests_total{method=\"GET\",") + kHealthOk + "} 2\n"))
      << text;
  EXPECT_TRUE(contains(text, std::string("http_request_duration_seconds_bucket{method=\"GET\",") +
                                 kHealthOk + ",le=\"0.0005\"} 2\n"))
      << text;
  EXPECT_TRUE(contains(text,
                       "http_requests_total{method=\"POST\",route=\"/api/v1/runs/{id}\","
                       "status=\"404\"} 1\n"))
      << text;
  EXPECT_TRUE(contains(text,
                       "http_request_duration_seconds_bucket{method=\"POST\","
                       "route=\"/api/v1/runs/{id}\",status=\"404\",le=\"0.0025\"} 0\n"))
      << text;
  EXPECT_TRUE(contains(text,
                       "http_request_duration_seconds_bucket{method=\"POST\","
                       "route=\"/api/v1/runs/{id}\",status=\"404\",le=\"0.005\"} 1\n"))
      << text;
}

TEST(HttpRequestMetricsTest, TwoRecordersOnOneRegistryCountIntoOneSeries) {
  Metrics metrics;
  HttpRequestMetrics first(metrics);
  HttpRequestMetrics second(metrics);
  first.record("/health", "GET", 200, 0.001);
  second.record("/health", "GET", 200, 0.001);
  const std::string text = metrics.exposition();
  EXPECT_TRUE(
      contains(text, std::string("http_requests_total{method=\"GET\",") + kHealthOk + "} 2\n"))
      << text;
}

TEST(HttpRequestMetricsTest, NaNDurationCountsTheRequestButLeavesTheHistogramAlone) {
  Metrics metrics;
  HttpRequestMetrics requests(metrics);
  requests.record("/health", "GET", 200, 0.25);
  requests.record("/health", "GET", 200, std::nan(""));
  const std::string text = metrics.exposition();
  EXPECT_TRUE(
      contains(text, std::string("http_requests_total{method=\"GET\",") + kHealthOk + "} 2\n"))
      << text;
  EXPECT_TRUE(contains(text, std::string("http_request_duration_seconds_count{method=\"GET\",") +
                                 kHealthOk + "} 1\n"))
      << text;
  EXPECT_TRUE(contains(text, std::string("http_request_duration_seconds_sum{method=\"GET\",") +
                                 kHealthOk + "} 0.25\n"))
      << text;
}

TEST(HttpRequestMetricsTest, ConcurrentFirstRequestsOfASeriesLoseNoCount) {
  Metrics metrics;
  HttpRequestMetrics requests(metrics);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&requests] {
      // Every thread walks the same ten new series, so they race to create each one.
      for (int i = 0; i < kPerThread; ++i)
        requests.record("/r" + std::to_string(i % 10), "GET", 200, 0.001);
    });
  }
  for (std::thread& thread : threads)
    thread.join();
  const std::string text = metrics.exposition();
  for (int route = 0; route < 10; ++route) {
    const std::string series = "http_requests_total{method=\"GET\",route=\"/r" +
                               std::to_string(route) + "\",status=\"200\"} " +
                               std::to_string(kThreads * kPerThread / 10) + "\n";
    EXPECT_TRUE(contains(text, series)) << series << text;
  }
}

}  // namespace
}  // namespace orchestra::observability
