// Metrics: prometheus-cpp's registry and our collectors rendered as one exposition, with a
// collector never able to repeat a name (which would make the whole scrape invalid).
#include "host/observability/Metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <memory>
#include <string>
#include <vector>

namespace orchestra::observability {
namespace {

// One gauge family per name given, each with the value 7.
class FixedCollector final : public prometheus::Collectable {
 public:
  explicit FixedCollector(std::vector<std::string> names) : names_(std::move(names)) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::vector<prometheus::MetricFamily> families;
    for (const std::string& name : names_) {
      prometheus::ClientMetric metric;
      metric.gauge.value = 7;
      families.push_back({name, "Collected.", prometheus::MetricType::Gauge, {metric}});
    }
    return families;
  }

 private:
  std::vector<std::string> names_;
};

std::size_t occurrences(const std::string& text, const std::string& needle) {
  std::size_t count = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1))
    ++count;
  return count;
}

TEST(MetricsTest, ExposesRegisteredFamiliesWithHelpAndType) {
  Metrics metrics;
  prometheus::BuildCounter()
      .Name("jobs_total")
      .Help("Jobs done.")
      .Register(metrics.registry())
      .Add({{"kind", "import"}})
      .Increment(3);
  const std::string text = metrics.exposition();
  EXPECT_NE(text.find("# HELP jobs_total Jobs done.\n# TYPE jobs_total counter\n"
                      "jobs_total{kind=\"import\"} 3\n"),
            std::string::npos)
      << text;
}

TEST(MetricsTest, CollectedFamiliesFollowTheRegistryAndCannotRepeatAName) {
  Metrics metrics;
  prometheus::BuildGauge()
      .Name("pool_size")
      .Help("Registered.")
      .Register(metrics.registry())
      .Add({})
      .Set(4);
  metrics.addCollector(std::make_shared<FixedCollector>(
      std::vector<std::string>{"pool_size", "queue_depth", "queue_depth"}));
  metrics.addCollector(std::make_shared<FixedCollector>(std::vector<std::string>{"queue_depth"}));
  metrics.addCollector(nullptr);  // ignored

  const std::string text = metrics.exposition();
  EXPECT_EQ(occurrences(text, "# TYPE pool_size gauge\n"), 1U) << text;
  EXPECT_NE(text.find("\npool_size 4\n"), std::string::npos) << text;  // the registry's wins
  EXPECT_EQ(occurrences(text, "# TYPE queue_depth gauge\n"), 1U) << text;
  EXPECT_NE(text.find("\nqueue_depth 7\n"), std::string::npos) << text;
  EXPECT_LT(text.find("pool_size"), text.find("queue_depth")) << text;
}

TEST(MetricsTest, SharedRegistryOutlivesTheMetricsObject) {
  auto metrics = std::make_unique<Metrics>();
  const std::shared_ptr<prometheus::Registry> registry = metrics->sharedRegistry();
  prometheus::Counter& counter =
      prometheus::BuildCounter().Name("kept_total").Help("Kept.").Register(*registry).Add({});
  metrics.reset();
  counter.Increment();
  EXPECT_DOUBLE_EQ(counter.Value(), 1);
  EXPECT_EQ(registry.use_count(), 1);
}

}  // namespace
}  // namespace orchestra::observability
