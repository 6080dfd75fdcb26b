// Which JSON library the host's request bodies should go through, decided with numbers (issue 8):
// for each body shape, the time to parse a 1 MiB body and the peak memory that costs, as a
// multiple of the body. The peak is the growth of VmHWM in a forked child that parses once
// (counter `peak_x_body`), so it counts what the allocator really takes, page-granular, as
// the issue's own measure did.
//
// Shapes: a 50-node-per-copy workflow graph as the studio sends it (the realistic case), and the
// issue's hostile shapes: [{},{},...], objects nested 60 deep, one object with many keys,
// [0,0,...], long strings, and decimal numbers.
// Libraries: Poco::JSON (what the API boundary uses), RapidJSON's DOM, RapidJSON's SAX reader
// compacting into text::JsonWriter (text::appendCompactJson: what a passed-on body costs), and,
// when their Debian packages are installed, simdjson's DOM and nlohmann::json.
#include <Poco/JSON/Parser.h>
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <rapidjson/document.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <string>

#include "host/text/JsonCompaction.hpp"

#if __has_include(<simdjson.h>) && defined(ORCHESTRA_BENCH_SIMDJSON)
#include <simdjson.h>
#define ORCHESTRA_HAVE_SIMDJSON 1
#endif
#if __has_include(<nlohmann/json.hpp>)
#include <nlohmann/json.hpp>
#define ORCHESTRA_HAVE_NLOHMANN 1
#endif

namespace {

constexpr std::size_t kBodyBytes = std::size_t{1} << 20;

std::string repeated(const std::string& item, const std::string& opening,
                     const std::string& closing) {
  std::string out = opening;
  while (out.size() + item.size() + closing.size() + 1 < kBodyBytes) {
    if (out.size() > opening.size()) out += ',';
    out += item;
  }
  return out + closing;
}

std::string workflowGraph() {
  std::string nodes;
  std::string connections;
  for (int i = 0; nodes.size() + connections.size() < kBodyBytes - 512; ++i) {
    const std::string id = "n" + std::to_string(i);
    if (i > 0) {
      nodes += ',';
      if (i > 1) connections += ',';
      connections += R"({"id":"e)" + std::to_string(i) + R"(","source":"n)" +
                     std::to_string(i - 1) + R"(","target":")" + id + R"("})";
    }
    nodes += R"({"id":")" + id + R"(","type":"core.delay","position":{"x":)" +
             std::to_string(i * 200) + R"(,"y":)" + std::to_string((i % 5) * 40) +
             R"(},"data":{"duration_ms":)" + std::to_string(i) + R"(},"label":"Wait )" +
             std::to_string(i) + R"(","width":180,"selected":false})";
  }
  return R"({"name":"big","description":"a graph as the studio sends it","tags":["a","b"],)"
         R"("nodes":[)" +
         nodes + R"(],"connections":[)" + connections +
         R"(],"settings":{"viewport":{"x":0,"y":0,"zoom":0.8}}})";
}

std::string keysObject() {
  std::string out = "{";
  for (int i = 0; out.size() < kBodyBytes - 16; ++i) {
    if (i > 0) out += ',';
    out += "\"k" + std::to_string(i) + "\":0";
  }
  return out + "}";
}

std::string nestedObjects() {
  std::string item;
  for (int i = 0; i < 60; ++i)
    item += R"({"":)";
  item += "{}" + std::string(60, '}');
  return repeated(item, "[", "]");
}

const std::string& body(int shape) {
  static const std::string bodies[] = {
      workflowGraph(),
      repeated("{}", "[", "]"),
      nestedObjects(),
      keysObject(),
      repeated("0", "[", "]"),
      repeated('"' + std::string(1000, 'x') + '"', "[", "]"),
      repeated("0.123456789012", "[", "]"),
  };
  return bodies[shape];
}
const char* const kShapeNames[] = {"workflow graph", "[{},...]", "nested {\"\":{}}",
                                   "many keys",      "[0,...]",  "long strings",
                                   "decimals"};
constexpr int kShapes = 7;

std::int64_t statusKib(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  const std::string prefix = std::string(field) + ":";
  while (std::getline(status, line)) {
    if (line.rfind(prefix, 0) == 0) return std::stoll(line.substr(prefix.size()));
  }
  return -1;
}

// Parses once in a child whose peak was reset, so each figure stands alone; the child sends
// its peak growth back through a pipe.
double peakPerBodyByte(const std::string& text,
                       const std::function<void(const std::string&)>& parse) {
  int channel[2];
  if (pipe(channel) != 0) return -1;
  const pid_t child = fork();
  if (child == 0) {
    close(channel[0]);
    // The timing loop left freed memory in the heap; reusing it would not raise the RSS.
    malloc_trim(0);
    std::ofstream("/proc/self/clear_refs") << "5";
    const std::int64_t before = statusKib("VmRSS");
    parse(text);
    const std::int64_t growth_kib = statusKib("VmHWM") - before;
    const bool sent = write(channel[1], &growth_kib, sizeof growth_kib) == sizeof growth_kib;
    _exit(sent ? 0 : 1);
  }
  close(channel[1]);
  std::int64_t growth_kib = -1;
  const bool received = read(channel[0], &growth_kib, sizeof growth_kib) == sizeof growth_kib;
  close(channel[0]);
  int status = 0;
  waitpid(child, &status, 0);
  return received ? static_cast<double>(growth_kib) * 1024.0 / static_cast<double>(text.size())
                  : -1;
}

void run(benchmark::State& state, const std::function<void(const std::string&)>& parse) {
  const int shape = static_cast<int>(state.range(0));
  const std::string& text = body(shape);
  state.SetLabel(kShapeNames[shape]);
  for (auto _ : state)
    parse(text);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
  state.counters["peak_x_body"] = peakPerBodyByte(text, parse);
}

void pocoDom(const std::string& text) {
  Poco::JSON::Parser parser;
  benchmark::DoNotOptimize(parser.parse(text));
}
void rapidjsonDom(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (document.HasParseError()) std::abort();
  benchmark::DoNotOptimize(document);
}
void rapidjsonCompaction(const std::string& text) {
  std::string out;
  if (orchestra::text::appendCompactJson(text, {64, 10'000'000}, out) !=
      orchestra::text::JsonCompaction::kWritten) {
    std::abort();
  }
  benchmark::DoNotOptimize(out);
}
#ifdef ORCHESTRA_HAVE_SIMDJSON
void simdjsonDom(const std::string& text) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(text);
  auto parsed = parser.parse(padded);
  if (parsed.error()) std::abort();
  benchmark::DoNotOptimize(parsed);
}
#endif
#ifdef ORCHESTRA_HAVE_NLOHMANN
void nlohmannDom(const std::string& text) {
  benchmark::DoNotOptimize(nlohmann::json::parse(text));
}
#endif

void BM_PocoDom(benchmark::State& state) {
  run(state, pocoDom);
}
void BM_RapidjsonDom(benchmark::State& state) {
  run(state, rapidjsonDom);
}
void BM_RapidjsonCompaction(benchmark::State& state) {
  run(state, rapidjsonCompaction);
}
BENCHMARK(BM_PocoDom)->DenseRange(0, kShapes - 1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RapidjsonDom)->DenseRange(0, kShapes - 1)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RapidjsonCompaction)->DenseRange(0, kShapes - 1)->Unit(benchmark::kMillisecond);
#ifdef ORCHESTRA_HAVE_SIMDJSON
void BM_SimdjsonDom(benchmark::State& state) {
  run(state, simdjsonDom);
}
BENCHMARK(BM_SimdjsonDom)->DenseRange(0, kShapes - 1)->Unit(benchmark::kMillisecond);
#endif
#ifdef ORCHESTRA_HAVE_NLOHMANN
void BM_NlohmannDom(benchmark::State& state) {
  run(state, nlohmannDom);
}
BENCHMARK(BM_NlohmannDom)->DenseRange(0, kShapes - 1)->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
