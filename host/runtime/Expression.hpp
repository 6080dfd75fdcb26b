// One parsed `{{ ... }}` reference: a root (trigger, nodes, item, ...) and the path below it.
// The parser builds these once; the evaluator walks them without looking at the text again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace orchestra::runtime {

enum class ExpressionRoot : std::uint8_t {
  Trigger,
  Nodes,
  Item,
  Execution,
  Workflow,
  Env,
  Secrets
};

// The roots as they are written in a template ("trigger", "nodes", ...), in enumerator order.
std::span<const std::string_view> rootNames();
std::string_view rootName(ExpressionRoot root);
std::optional<ExpressionRoot> rootNamed(std::string_view name);

// `.name` and `["name"]` read an object member (Key); `[3]` reads an array item (Index).
struct PathStep {
  enum class Kind : std::uint8_t { Key, Index };
  Kind kind = Kind::Key;
  std::string key;        // Key: the member name, unescaped
  std::size_t index = 0;  // Index: the array position
  bool operator==(const PathStep&) const = default;
};

struct Expression {
  ExpressionRoot root = ExpressionRoot::Trigger;
  // For nodes, env and secrets the first step names the node id / variable (the parser makes
  // sure it is a Key); the value is then read below it.
  std::vector<PathStep> steps;
  std::string source;      // the expression as written, trimmed: error messages quote it
  std::size_t offset = 0;  // of its `{{` in the template text
};

}  // namespace orchestra::runtime
