// What saving a workflow pays per node for config validation: one typical node config (ten
// properties, an enum, a pattern, a format, a nested object and an array) against its schema.
#include <Poco/JSON/Parser.h>
#include <benchmark/benchmark.h>

#include <string>

#include "host/schema/Schema.hpp"

namespace {

using orchestra::schema::Schema;

const char* const kNodeSchema = R"({
  "type": "object",
  "required": ["url", "method"],
  "additionalProperties": false,
  "properties": {
    "name": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "maxLength": 64},
    "url": {"type": "string", "format": "uri"},
    "method": {"enum": ["GET", "POST", "PUT", "PATCH", "DELETE"]},
    "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 30000},
    "retries": {"type": "integer", "minimum": 0, "maximum": 10},
    "follow_redirects": {"type": "boolean"},
    "api_key": {"type": "string", "secret": true, "minLength": 8},
    "headers": {"type": "array", "maxItems": 50,
                "items": {"type": "object", "required": ["name", "value"],
                          "properties": {"name": {"type": "string"}, "value": {"type": "string"}}}},
    "body_template": {"type": ["string", "null"]},
    "backoff": {"type": "object", "properties": {
      "initial_ms": {"type": "number", "exclusiveMinimum": 0},
      "multiplier": {"type": "number", "minimum": 1},
      "strategy": {"enum": ["fixed", "exponential"]}}}
  }
})";

const char* const kValidConfig = R"({
  "name": "fetch_orders", "url": "https://api.example.com/v1/orders?limit=50",
  "method": "POST", "timeout_ms": 15000, "retries": 3, "follow_redirects": true,
  "api_key": "sk-0123456789abcdef", "body_template": null,
  "headers": [{"name": "Accept", "value": "application/json"},
              {"name": "X-Tenant", "value": "acme"}],
  "backoff": {"initial_ms": 250, "multiplier": 2, "strategy": "exponential"}
})";

const char* const kInvalidConfig = R"({
  "name": "Fetch Orders", "url": "https://api.example.com/v1/orders", "method": "FETCH",
  "timeout_ms": 0, "retries": 3, "fle": 1,
  "backoff": {"initial_ms": 250, "multiplier": 2, "strategy": "linear"}
})";

Poco::Dynamic::Var parsed(const char* text) {
  return Poco::JSON::Parser().parse(text);
}

void BM_ValidateValidConfig(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Poco::Dynamic::Var config = parsed(kValidConfig);
  for (auto _ : state)
    benchmark::DoNotOptimize(schema.validate(config));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ValidateValidConfig);

void BM_IsValidValidConfig(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Poco::Dynamic::Var config = parsed(kValidConfig);
  for (auto _ : state)
    benchmark::DoNotOptimize(schema.isValid(config));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_IsValidValidConfig);

// Five issues, messages included: the cost of answering a bad save with a 422.
void BM_ValidateInvalidConfig(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Poco::Dynamic::Var config = parsed(kInvalidConfig);
  for (auto _ : state)
    benchmark::DoNotOptimize(schema.validate(config));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ValidateInvalidConfig);

void BM_CompileSchema(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(Schema::compile(kNodeSchema));
}
BENCHMARK(BM_CompileSchema);

void BM_ApplyDefaultsAndRedact(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Poco::Dynamic::Var config = parsed(kValidConfig);
  for (auto _ : state) {
    benchmark::DoNotOptimize(schema.redactSecrets(schema.applyDefaults(config)));
  }
}
BENCHMARK(BM_ApplyDefaultsAndRedact);

}  // namespace

BENCHMARK_MAIN();
