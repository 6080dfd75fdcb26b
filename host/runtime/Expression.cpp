#include "host/runtime/Expression.hpp"

#include <array>
#include <utility>

namespace orchestra::runtime {

namespace {

constexpr std::array<std::pair<std::string_view, ExpressionRoot>, 7> kRoots = {{
    {"trigger", ExpressionRoot::Trigger},
    {"nodes", ExpressionRoot::Nodes},
    {"item", ExpressionRoot::Item},
    {"execution", ExpressionRoot::Execution},
    {"workflow", ExpressionRoot::Workflow},
    {"env", ExpressionRoot::Env},
    {"secrets", ExpressionRoot::Secrets},
}};

}  // namespace

std::string_view rootName(ExpressionRoot root) {
  for (const auto& [name, value] : kRoots) {
    if (value == root) return name;
  }
  return "?";
}

std::optional<ExpressionRoot> rootNamed(std::string_view name) {
  for (const auto& [known, value] : kRoots) {
    if (known == name) return value;
  }
  return std::nullopt;
}

}  // namespace orchestra::runtime
