// What the request path pays for observability: recording one request into the HTTP metrics
// (counter + histogram, label tuple already seen) and formatting one access-log line.
#include <benchmark/benchmark.h>
#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <string>
#include <string_view>

#include "host/observability/HttpRequestMetrics.hpp"
#include "host/observability/Logger.hpp"
#include "host/observability/Metrics.hpp"

namespace {

using orchestra::observability::HttpRequestMetrics;
using orchestra::observability::Metrics;

// Shared by every benchmark thread, as the server's metrics are.
Metrics& benchMetrics() {
  static Metrics metrics;
  return metrics;
}

void BM_RecordRequest(benchmark::State& state) {
  HttpRequestMetrics metrics(benchMetrics());
  metrics.record("/api/v1/health", "GET", 200, 0.0001);  // the tuple is "seen"
  for (auto _ : state) {
    metrics.record("/api/v1/health", "GET", 200, 0.0001);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordRequest)->Threads(1)->Threads(2)->Threads(4)->UseRealTime();

// Several routes and statuses, as real traffic has: exercises the hash lookup, not one cache line.
void BM_RecordRequestMixedRoutes(benchmark::State& state) {
  HttpRequestMetrics metrics(benchMetrics());
  constexpr std::string_view kRoutes[] = {"/api/v1/health", "/api/v1/workflows",
                                          "/api/v1/workflows/{id}", "/api/v1/runs/{id}"};
  constexpr int kStatuses[] = {200, 201, 404};
  std::size_t i = static_cast<std::size_t>(state.thread_index());
  for (auto _ : state) {
    metrics.record(kRoutes[i % 4], "GET", kStatuses[i % 3], 0.002);
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordRequestMixedRoutes)->Threads(1)->Threads(2)->UseRealTime();

// A cached series: what a caller with fixed labels pays.
void BM_CachedCounterInc(benchmark::State& state) {
  auto& counter = prometheus::BuildCounter()
                      .Name("bench_cached_total")
                      .Help("Bench.")
                      .Register(benchMetrics().registry())
                      .Add({});
  for (auto _ : state)
    counter.Increment();
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CachedCounterInc)->Threads(1)->Threads(2)->UseRealTime();

void BM_AccessLogLineToNullSink(benchmark::State& state) {
  using namespace orchestra::observability;
  setLogSink([](std::string_view line) { benchmark::DoNotOptimize(line.data()); });
  const std::string path = "/api/v1/workflows/3f2a9c1e-7b4d-4e8a-9c1f-2d3e4f5a6b7c";
  for (auto _ : state) {
    logInfo("http.access", "request",
            {{"method", "GET"},
             {"path", path},
             {"status", 200},
             {"duration_ms", 0.112},
             {"request_id", "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d"},
             {"remote_addr", "10.0.0.12:53422"}});
  }
  setLogSink({});
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_AccessLogLineToNullSink);

void BM_ExpositionOfHttpMetrics(benchmark::State& state) {
  Metrics registry;
  HttpRequestMetrics metrics(registry);
  for (int route = 0; route < 20; ++route) {
    for (const int status : {200, 404, 500}) {
      metrics.record("/api/v1/route" + std::to_string(route), "GET", status, 0.01);
    }
  }
  for (auto _ : state)
    benchmark::DoNotOptimize(registry.exposition());
}
BENCHMARK(BM_ExpositionOfHttpMetrics);

}  // namespace

BENCHMARK_MAIN();
