// What saving a workflow pays per node for config validation: one typical node config (ten
// properties, an enum, a pattern, a format, a nested object and an array) against its schema.
// Validation runs on the config as Poco::JSON holds it (configs, workflows) and, under names
// ending in /RapidJson, as RapidJSON holds it (request bodies).
#include <Poco/JSON/Parser.h>
#include <benchmark/benchmark.h>
#include <rapidjson/document.h>

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

// A config as each representation holds it; get() is what Schema takes.
class PocoConfig {
 public:
  explicit PocoConfig(const char* text) : value_(parsed(text)) {}
  const Poco::Dynamic::Var& get() const { return value_; }

 private:
  Poco::Dynamic::Var value_;
};

class RapidJsonConfig {
 public:
  explicit RapidJsonConfig(const char* text) {
    document_.Parse<rapidjson::kParseFullPrecisionFlag>(text);
  }
  const rapidjson::Value& get() const { return document_; }

 private:
  rapidjson::Document document_;
};

template <typename Config>
void validateValidConfig(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Config config(kValidConfig);
  for (auto _ : state)
    benchmark::DoNotOptimize(schema.validate(config.get()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(validateValidConfig<PocoConfig>)->Name("BM_ValidateValidConfig");
BENCHMARK(validateValidConfig<RapidJsonConfig>)->Name("BM_ValidateValidConfig/RapidJson");

template <typename Config>
void isValidValidConfig(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Config config(kValidConfig);
  for (auto _ : state)
    benchmark::DoNotOptimize(schema.isValid(config.get()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(isValidValidConfig<PocoConfig>)->Name("BM_IsValidValidConfig");
BENCHMARK(isValidValidConfig<RapidJsonConfig>)->Name("BM_IsValidValidConfig/RapidJson");

// Five issues, messages included: the cost of answering a bad save with a 422.
template <typename Config>
void validateInvalidConfig(benchmark::State& state) {
  const Schema schema = Schema::compile(kNodeSchema);
  const Config config(kInvalidConfig);
  for (auto _ : state)
    benchmark::DoNotOptimize(schema.validate(config.get()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(validateInvalidConfig<PocoConfig>)->Name("BM_ValidateInvalidConfig");
BENCHMARK(validateInvalidConfig<RapidJsonConfig>)->Name("BM_ValidateInvalidConfig/RapidJson");

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
