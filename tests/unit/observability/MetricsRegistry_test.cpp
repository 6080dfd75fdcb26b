#include "host/observability/MetricsRegistry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "host/observability/HttpRequestMetrics.hpp"

namespace orchestra::observability {
namespace {

TEST(MetricsRegistryTest, CounterWithLabelsExposesHelpTypeAndSortedChildren) {
  MetricsRegistry registry;
  CounterFamily& requests =
      registry.counter("http_requests_total", "HTTP requests answered.", {"route", "method"});
  requests.withLabels({"/b", "GET"}).inc();
  requests.withLabels({"/a", "POST"}).inc(2);
  requests.withLabels({"/a", "GET"}).inc(0.5);

  EXPECT_EQ(registry.exposition(),
            "# HELP http_requests_total HTTP requests answered.\n"
            "# TYPE http_requests_total counter\n"
            "http_requests_total{route=\"/a\",method=\"GET\"} 0.5\n"
            "http_requests_total{route=\"/a\",method=\"POST\"} 2\n"
            "http_requests_total{route=\"/b\",method=\"GET\"} 1\n");
}

TEST(MetricsRegistryTest, EscapesLabelValuesAndHelp) {
  MetricsRegistry registry;
  registry.counter("odd_total", "Help with \\ and\nnewline.", {"value"})
      .withLabels({"back\\slash \"quoted\"\nnext line"})
      .inc();

  EXPECT_EQ(registry.exposition(),
            "# HELP odd_total Help with \\\\ and\\nnewline.\n"
            "# TYPE odd_total counter\n"
            "odd_total{value=\"back\\\\slash \\\"quoted\\\"\\nnext line\"} 1\n");
}

TEST(MetricsRegistryTest, UnlabelledFamiliesAreExposedFromRegistration) {
  MetricsRegistry registry;
  registry.counter("jobs_total", "Jobs.");
  EXPECT_EQ(registry.exposition(),
            "# HELP jobs_total Jobs.\n# TYPE jobs_total counter\njobs_total 0\n");
}

TEST(MetricsRegistryTest, GaugeSetsIncrementsAndDecrements) {
  MetricsRegistry registry;
  Gauge& connections = registry.gauge("open_connections", "Open connections.").unlabelled();
  connections.set(5);
  connections.inc();
  connections.inc();
  connections.dec();
  connections.add(-2.5);
  EXPECT_DOUBLE_EQ(connections.value(), 3.5);
  EXPECT_EQ(registry.exposition(),
            "# HELP open_connections Open connections.\n"
            "# TYPE open_connections gauge\n"
            "open_connections 3.5\n");
}

TEST(MetricsRegistryTest, HistogramBucketsAreCumulativeWithSumAndCount) {
  MetricsRegistry registry;
  Histogram& latency =
      registry.histogram("latency_seconds", "Latency.", {"route"}, {0.25, 1}).withLabels({"/x"});
  // 0.25 sits exactly on a bound: buckets are "less than or equal".
  for (const double value : {0.0625, 0.25, 0.5, 1.0, 2.0})
    latency.observe(value);

  EXPECT_EQ(latency.count(), 5U);
  EXPECT_EQ(registry.exposition(),
            "# HELP latency_seconds Latency.\n"
            "# TYPE latency_seconds histogram\n"
            "latency_seconds_bucket{route=\"/x\",le=\"0.25\"} 2\n"
            "latency_seconds_bucket{route=\"/x\",le=\"1\"} 4\n"
            "latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 5\n"
            "latency_seconds_sum{route=\"/x\"} 3.8125\n"
            "latency_seconds_count{route=\"/x\"} 5\n");
}

TEST(MetricsRegistryTest, UnlabelledHistogramUsesDefaultDurationBuckets) {
  MetricsRegistry registry;
  registry.histogram("request_seconds", "Requests.").unlabelled().observe(0.0001);
  const std::string text = registry.exposition();
  EXPECT_NE(text.find("request_seconds_bucket{le=\"0.0005\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("request_seconds_bucket{le=\"10\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("request_seconds_bucket{le=\"+Inf\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("request_seconds_count 1\n"), std::string::npos) << text;
}

TEST(MetricsRegistryTest, FamiliesAreOrderedByName) {
  MetricsRegistry registry;
  registry.gauge("zeta", "Z.");
  registry.counter("alpha_total", "A.");
  registry.histogram("mid_seconds", "M.", {}, {1});
  const std::string text = registry.exposition();
  const auto alpha = text.find("# HELP alpha_total");
  const auto mid = text.find("# HELP mid_seconds");
  const auto zeta = text.find("# HELP zeta");
  ASSERT_NE(zeta, std::string::npos);
  EXPECT_LT(alpha, mid);
  EXPECT_LT(mid, zeta);
}

TEST(MetricsRegistryTest, SameRegistrationTwiceReturnsTheSameFamily) {
  MetricsRegistry registry;
  CounterFamily& first = registry.counter("runs_total", "Runs.", {"status"});
  CounterFamily& second = registry.counter("runs_total", "Other help is ignored.", {"status"});
  EXPECT_EQ(&first, &second);
  EXPECT_EQ(&first.withLabels({"ok"}), &second.withLabels({"ok"}));

  HistogramFamily& histogram = registry.histogram("wait_seconds", "Wait.", {}, {1, 2});
  EXPECT_EQ(&histogram, &registry.histogram("wait_seconds", "Wait.", {}, {1, 2, INFINITY}));
}

TEST(MetricsRegistryTest, ConflictingRegistrationThrows) {
  MetricsRegistry registry;
  registry.counter("runs_total", "Runs.", {"status"});
  EXPECT_THROW(registry.gauge("runs_total", "Runs."), std::invalid_argument);
  EXPECT_THROW(registry.counter("runs_total", "Runs.", {"state"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("runs_total", "Runs."), std::invalid_argument);
  registry.histogram("wait_seconds", "Wait.", {}, {1, 2});
  EXPECT_THROW(registry.histogram("wait_seconds", "Wait.", {}, {1, 3}), std::invalid_argument);
}

TEST(MetricsRegistryTest, ConflictMessageNamesTheMetricAndBothShapes) {
  MetricsRegistry registry;
  registry.counter("runs_total", "Runs.", {"status"});
  try {
    registry.counter("runs_total", "Runs.", {"state"});
    FAIL() << "expected std::invalid_argument";
  } catch (const std::invalid_argument& error) {
    EXPECT_STREQ(error.what(),
                 "metric \"runs_total\" is already registered with labels {status}, not {state}");
  }
}

TEST(MetricsRegistryTest, InvalidNamesAreRejectedAtRegistration) {
  MetricsRegistry registry;
  EXPECT_THROW(registry.counter("http-requests", "Bad."), std::invalid_argument);
  EXPECT_THROW(registry.counter("", "Bad."), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok_total", "Bad label.", {"bad-label"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok_total", "Reserved.", {"__name__"}), std::invalid_argument);
  EXPECT_THROW(registry.counter("ok_total", "Twice.", {"a", "a"}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h_seconds", "le is taken.", {"le"}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h_seconds", "Unsorted.", {}, {2, 1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h_seconds", "Repeated.", {}, {1, 1}), std::invalid_argument);
  EXPECT_THROW(registry.histogram("h_seconds", "NaN.", {}, {NAN}), std::invalid_argument);
  // Nothing half-registered is left behind.
  EXPECT_EQ(registry.exposition(), "");
  try {
    registry.counter("http-requests", "Bad.");
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("\"http-requests\""), std::string::npos);
  }
}

TEST(MetricsRegistryTest, WrongNumberOfLabelValuesThrows) {
  MetricsRegistry registry;
  CounterFamily& family = registry.counter("x_total", "X.", {"a", "b"});
  EXPECT_THROW(family.withLabels({"only one"}), std::invalid_argument);
  EXPECT_THROW(family.unlabelled(), std::invalid_argument);
}

TEST(MetricsRegistryTest, CountersIgnoreNegativeAndNaNIncrements) {
  MetricsRegistry registry;
  Counter& counter = registry.counter("x_total", "X.").unlabelled();
  counter.inc(-1);
  counter.inc(NAN);
  counter.inc(1.5);
  counter.inc(2);
  EXPECT_DOUBLE_EQ(counter.value(), 3.5);
}

TEST(MetricsRegistryTest, ConcurrentIncrementsSumExactly) {
  MetricsRegistry registry;
  CounterFamily& counters = registry.counter("hits_total", "Hits.", {"route"});
  HistogramFamily& histograms = registry.histogram("hit_seconds", "Hit time.", {"route"});
  constexpr int kThreads = 4;
  constexpr int kIterations = 50000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        // A shared tuple for contention, and per-thread tuples created while others record.
        counters.withLabels({"/shared"}).inc();
        histograms.withLabels({"/shared"}).observe(0.001);
        if (i % 1000 == 0)
          counters.withLabels({"/t" + std::to_string(t) + "_" + std::to_string(i)}).inc();
      }
    });
  }
  for (std::thread& thread : threads)
    thread.join();

  EXPECT_DOUBLE_EQ(counters.withLabels({"/shared"}).value(), kThreads * kIterations);
  EXPECT_EQ(histograms.withLabels({"/shared"}).count(),
            static_cast<std::uint64_t>(kThreads) * kIterations);
  const std::string text = registry.exposition();
  EXPECT_NE(text.find("hits_total{route=\"/shared\"} 200000\n"), std::string::npos);
  EXPECT_NE(text.find("hits_total{route=\"/t3_49000\"} 1\n"), std::string::npos);
}

TEST(MetricsRegistryTest, ChildReferencesStayValidAsChildrenAreAdded) {
  MetricsRegistry registry;
  CounterFamily& family = registry.counter("x_total", "X.", {"id"});
  Counter& cached = family.withLabels({"first"});
  for (int i = 0; i < 1000; ++i)
    family.withLabels({std::to_string(i)}).inc();
  cached.inc();
  EXPECT_EQ(&cached, &family.withLabels({"first"}));
  EXPECT_DOUBLE_EQ(family.withLabels({"first"}).value(), 1);
}

class FixedCollector final : public Collector {
 public:
  std::vector<CollectedFamily> collect() const override {
    return {
        CollectedFamily{"b_pool_size",
                        "Pool size.",
                        MetricType::Gauge,
                        {CollectedSample{{{"pool", "main \"db\""}}, 4}}},
        CollectedFamily{"a_registered_total",
                        "Clashes with a registered family.",
                        MetricType::Counter,
                        {CollectedSample{{}, 99}}},
        CollectedFamily{"bad name", "Dropped.", MetricType::Gauge, {CollectedSample{{}, 1}}},
    };
  }
};

TEST(MetricsRegistryTest, CollectorsAreMergedInNameOrderAndCannotShadowFamilies) {
  MetricsRegistry registry;
  registry.counter("a_registered_total", "Registered.").unlabelled().inc();
  registry.gauge("c_last", "Last.");
  registry.addCollector(std::make_shared<FixedCollector>());

  EXPECT_EQ(registry.exposition(),
            "# HELP a_registered_total Registered.\n"
            "# TYPE a_registered_total counter\n"
            "a_registered_total 1\n"
            "# HELP b_pool_size Pool size.\n"
            "# TYPE b_pool_size gauge\n"
            "b_pool_size{pool=\"main \\\"db\\\"\"} 4\n"
            "# HELP c_last Last.\n"
            "# TYPE c_last gauge\n"
            "c_last 0\n");
}

TEST(HttpRequestMetricsTest, RecordsCountAndDurationPerRouteMethodAndStatus) {
  MetricsRegistry registry;
  HttpRequestMetrics metrics(registry);
  metrics.record("/health", "GET", 200, 0.0001);
  metrics.record("/health", "GET", 200, 0.0002);
  metrics.record("/api/v1/runs/{id}", "POST", 404, 0.003);

  EXPECT_DOUBLE_EQ(metrics.requests().withLabels({"/health", "GET", "200"}).value(), 2);
  EXPECT_EQ(metrics.durations().withLabels({"/api/v1/runs/{id}", "POST", "404"}).count(), 1U);
  const std::string text = registry.exposition();
  EXPECT_NE(text.find("http_requests_total{route=\"/health\",method=\"GET\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("http_request_duration_seconds_bucket{route=\"/health\",method=\"GET\","
                      "status=\"200\",le=\"0.0005\"} 2\n"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace orchestra::observability
