// A node's whole config (its `data` object) with every string containing "{{" compiled once, so
// each run only evaluates; strings without "{{" and subtrees without templates are reused as is.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "host/runtime/CompiledTemplate.hpp"
#include "host/runtime/EvaluationContext.hpp"
#include "host/runtime/ExpressionErrors.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::runtime {

// Objects and arrays nested deeper than this are refused, so a hostile config cannot exhaust
// the stack of the recursive walk.
inline constexpr std::size_t kMaxConfigDepth = 64;

// Every problem carries the JSON pointer of the string at fault ("/headers/0/value"), which is
// what a 422's `loc` and the studio's field highlighting need.
struct ConfigParseError {
  std::string pointer;
  TemplateParseError error;
  std::string describe() const { return pointer + ": " + error.describe(); }
  bool operator==(const ConfigParseError&) const = default;
};

struct ConfigEvaluationError {
  std::string pointer;
  TemplateEvaluationError error;
  std::string describe() const { return pointer + ": " + error.describe(); }
  bool operator==(const ConfigEvaluationError&) const = default;
};

struct ConfigReference {
  std::string pointer;
  TemplateReference reference;
  bool operator==(const ConfigReference&) const = default;
};

struct ConfigValue {
  // The config with every template replaced by its value; untouched parts share containers
  // with the compiled original, so treat the result as read-only.
  Poco::Dynamic::Var value;
  std::optional<ConfigEvaluationError> error;  // the first template that failed
  bool ok() const { return !error.has_value(); }
};

struct CompiledConfigResult;

// Immutable once built and cheap to copy: evaluate is const and safe on many threads at once.
class CompiledConfig {
 public:
  // Parses every templated string; all parse errors are reported, not just the first.
  static CompiledConfigResult compile(const Poco::Dynamic::Var& config);
  // What saving a graph checks, read from a compact document (a request body's config) without
  // building the config for runs: the errors compile() reports, returned, and each reference
  // references() would hold, given to `on_reference` as its template is parsed (a config of many
  // templates never holds them all at once).
  static std::vector<ConfigParseError> inspect(
      text::JsonView config, const std::function<void(const ConfigReference&)>& on_reference);

  ConfigValue evaluate(const EvaluationContext& context) const;
  // The same evaluation appended to `out` as compact JSON text (text::toJson of evaluate()'s
  // value), without building the objects in between: what a run sends when it has nothing
  // else to do with the value (CompiledNode::config_checked_once). On an error `out` holds a
  // partial text.
  std::optional<ConfigEvaluationError> evaluateJson(const EvaluationContext& context,
                                                    std::string& out) const;
  std::vector<ConfigReference> references() const;
  bool hasTemplates() const;

  struct Node;  // defined in the source file

 private:
  explicit CompiledConfig(std::shared_ptr<const Node> root) : root_(std::move(root)) {}
  std::shared_ptr<const Node> root_;  // shared: copies of a cached graph cost a reference count
};

struct CompiledConfigResult {
  std::optional<CompiledConfig> compiled;  // set when there are no errors
  std::vector<ConfigParseError> errors;
  bool ok() const { return compiled.has_value(); }
};

}  // namespace orchestra::runtime
