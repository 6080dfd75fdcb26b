#include "host/runtime/PathResolver.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "host/schema/JsonValue.hpp"

namespace orchestra::runtime {

namespace {

using Poco::Dynamic::Var;
using schema::JsonKind;

std::string_view kindPhrase(JsonKind kind) {
  switch (kind) {
    case JsonKind::Null:
      return "null";
    case JsonKind::Boolean:
      return "a boolean";
    case JsonKind::Integer:
    case JsonKind::Real:
      return "a number";
    case JsonKind::String:
      return "a string";
    case JsonKind::Object:
      return "an object";
    case JsonKind::Array:
      return "an array";
    case JsonKind::Other:
      break;
  }
  return "not a JSON value";
}

// How a message names the value reached after `step_count` steps: the last key ('body'), an
// item of it ('items[2]'), or the root ('trigger'); for nodes the first key is the node id.
std::string labelOf(const Expression& expression, std::size_t step_count) {
  if (step_count == 0) return std::string(rootName(expression.root));
  const PathStep& step = expression.steps[step_count - 1];
  if (step.kind == PathStep::Kind::Key) return step.key;
  return labelOf(expression, step_count - 1) + "[" + std::to_string(step.index) + "]";
}

// Poco's Object::get returns a copy (a heap-allocated holder); small objects are scanned
// instead. Members sit in a std::map ordered by key, so the scan stops at the first larger key.
const Var* findMember(const Poco::JSON::Object& object, const std::string& key, Var& scratch) {
  constexpr std::size_t kScanLimit = 32;
  if (object.size() <= kScanLimit) {
    for (const auto& [name, value] : object) {
      const int order = name.compare(key);
      if (order == 0) return &value;
      if (order > 0) return nullptr;
    }
    return nullptr;
  }
  if (!object.has(key)) return nullptr;
  Var member = object.get(key);
  scratch.swap(member);  // the old scratch content is a value the context still holds
  return &scratch;
}

const Var* resolveEnvironment(const std::string& name, const EvaluationContext& context,
                              Var& scratch, std::string& problem) {
  const auto& allowed = context.allowed_environment;
  if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
    problem = "'" + name + "' is not an allowed environment variable";
    return nullptr;
  }
  const auto value = context.environment ? context.environment->get(name) : std::nullopt;
  if (!value) {
    problem = "environment variable '" + name + "' is not set";
    return nullptr;
  }
  scratch = *value;
  return &scratch;
}

const Var* resolveSecret(const std::string& name, const EvaluationContext& context, Var& scratch,
                         std::string& problem) {
  if (!context.resolve_secret) {
    problem = "secrets are not available here";
    return nullptr;
  }
  auto value = context.resolve_secret(name);
  if (!value) {
    problem = "no secret named '" + name + "'";
    return nullptr;
  }
  scratch = *value;
  return &scratch;
}

const Var* available(const Var* value, std::string_view root, std::string& problem) {
  if (!value) problem = "'" + std::string(root) + "' is not available here";
  return value;
}

// The value the root names, and how many steps that used (nodes uses its node id).
const Var* resolveRoot(const Expression& expression, const EvaluationContext& context, Var& scratch,
                       std::string& problem, std::size_t& steps_used) {
  steps_used = 0;
  switch (expression.root) {
    case ExpressionRoot::Trigger:
      return available(context.trigger, "trigger", problem);
    case ExpressionRoot::Execution:
      return available(context.execution, "execution", problem);
    case ExpressionRoot::Workflow:
      return available(context.workflow, "workflow", problem);
    case ExpressionRoot::Item:
      if (!context.item) problem = "'item' is only available inside a loop";
      return context.item;
    case ExpressionRoot::Nodes: {
      steps_used = 1;
      const std::string& node_id = expression.steps.front().key;
      const Var* result = context.node_result ? context.node_result(node_id) : nullptr;
      if (!result) {
        problem = "node '" + node_id + "' has no result (it has not run yet or is not upstream)";
      }
      return result;
    }
    case ExpressionRoot::Env:
      steps_used = 1;
      return resolveEnvironment(expression.steps.front().key, context, scratch, problem);
    case ExpressionRoot::Secrets:
      steps_used = 1;
      return resolveSecret(expression.steps.front().key, context, scratch, problem);
  }
  problem = "unknown root";
  return nullptr;
}

}  // namespace

const Var* resolvePath(const Expression& expression, const EvaluationContext& context, Var& scratch,
                       std::string& problem) {
  std::size_t step_number = 0;
  const Var* current = resolveRoot(expression, context, scratch, problem, step_number);
  for (; current && step_number < expression.steps.size(); ++step_number) {
    const PathStep& step = expression.steps[step_number];
    const auto wrongKind = [&](std::string_view wanted) {
      const JsonKind kind = schema::jsonKind(*current);
      problem = "'" + labelOf(expression, step_number) + "' is " + std::string(kindPhrase(kind));
      if (kind != JsonKind::Null) problem += ", not " + std::string(wanted);
      return nullptr;
    };
    if (step.kind == PathStep::Kind::Key) {
      const Poco::JSON::Object* object = schema::jsonObject(*current);
      if (!object) return wrongKind("an object");
      current = findMember(*object, step.key, scratch);
      if (!current) {
        problem = "'" + labelOf(expression, step_number) + "' has no member '" + step.key + "'";
      }
    } else {
      const Poco::JSON::Array* array = schema::jsonArray(*current);
      if (!array) return wrongKind("an array");
      if (step.index >= array->size()) {
        problem = "'" + labelOf(expression, step_number) + "' has " +
                  std::to_string(array->size()) + (array->size() == 1 ? " item" : " items") +
                  "; index " + std::to_string(step.index) + " is out of range";
        return nullptr;
      }
      current = &*(array->begin() + static_cast<std::ptrdiff_t>(step.index));
    }
  }
  return current;
}

}  // namespace orchestra::runtime
