// What running a node pays for its templates: evaluating compiled templates against a context
// (typed lookups, rendered text, a whole config), and, for comparison, parsing one at save time.
#include <Poco/JSON/Parser.h>
#include <benchmark/benchmark.h>

#include <string>
#include <unordered_map>

#include "host/runtime/CompiledConfig.hpp"
#include "host/runtime/TemplateParser.hpp"

namespace {

using namespace orchestra::runtime;
using Poco::Dynamic::Var;

const char* const kMixedTemplate =
    "Hello {{ trigger.data.name }}, order {{ nodes.fetch.output.body.id }} has "
    "{{ nodes.fetch.output.body.items[1].quantity }} items for {{ nodes[\"http-1\"].output.total "
    "}}";

const char* const kNodeConfig = R"({
  "url": "https://api.example.com/orders/{{ nodes.fetch.output.body.id }}",
  "method": "POST", "timeout_ms": 15000,
  "headers": [{"name": "Authorization", "value": "Bearer {{ secrets.API_KEY }}"},
              {"name": "Accept", "value": "application/json"}],
  "body": "{{ nodes.fetch.output.body }}",
  "retry": {"codes": [502, 503], "enabled": true}
})";

// A trigger, two node results and a secret, as the runtime would hold them.
class BenchContext {
 public:
  BenchContext() {
    nodes_["fetch"] = Poco::JSON::Parser().parse(R"({"output": {"status": 200, "body": {
        "id": "ord_123", "customer": "c_9", "items": [{"sku": "a", "quantity": 1},
        {"sku": "b", "quantity": 4}], "currency": "EUR", "notes": null}}})");
    nodes_["http-1"] = Poco::JSON::Parser().parse(R"({"output": {"total": 99.5}})");
    context_.trigger = &trigger_;
    context_.node_result = [this](const std::string& id) -> const Var* {
      const auto found = nodes_.find(id);
      return found == nodes_.end() ? nullptr : &found->second;
    };
    context_.resolve_secret = [](const std::string&) -> std::optional<std::string> {
      return "sk-0123456789abcdef";
    };
  }
  BenchContext(const BenchContext&) = delete;
  BenchContext& operator=(const BenchContext&) = delete;
  const EvaluationContext& get() const { return context_; }

 private:
  Var trigger_ = Poco::JSON::Parser().parse(R"({"data": {"name": "Ann", "email": "a@b.c"}})");
  std::unordered_map<std::string, Var> nodes_;
  EvaluationContext context_;
};

CompiledTemplate compiledTemplate(const char* text) {
  return std::move(*parseTemplate(text).compiled);
}

void BM_EvaluateSingleExpression(benchmark::State& state) {
  const BenchContext context;
  const CompiledTemplate compiled =
      compiledTemplate("{{ nodes.fetch.output.body.items[1].quantity }}");
  for (auto _ : state)
    benchmark::DoNotOptimize(compiled.evaluate(context.get()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateSingleExpression);

void BM_RenderMixedTemplate(benchmark::State& state) {
  const BenchContext context;
  const CompiledTemplate compiled = compiledTemplate(kMixedTemplate);
  for (auto _ : state)
    benchmark::DoNotOptimize(compiled.evaluate(context.get()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RenderMixedTemplate);

void BM_EvaluateNodeConfig(benchmark::State& state) {
  const BenchContext context;
  const CompiledConfig compiled =
      *CompiledConfig::compile(Poco::JSON::Parser().parse(kNodeConfig)).compiled;
  for (auto _ : state)
    benchmark::DoNotOptimize(compiled.evaluate(context.get()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluateNodeConfig);

// Paid once per workflow version at save or cache fill, not per run.
void BM_ParseMixedTemplate(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(parseTemplate(kMixedTemplate));
}
BENCHMARK(BM_ParseMixedTemplate);

}  // namespace

BENCHMARK_MAIN();
