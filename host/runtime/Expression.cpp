#include "host/runtime/Expression.hpp"

#include <array>

namespace orchestra::runtime {

namespace {

// In the order of ExpressionRoot's enumerators.
constexpr std::array<std::string_view, 7> kRootNames = {"trigger",  "nodes", "item",   "execution",
                                                        "workflow", "env",   "secrets"};

}  // namespace

std::span<const std::string_view> rootNames() {
  return kRootNames;
}

std::string_view rootName(ExpressionRoot root) {
  return kRootNames.at(static_cast<std::size_t>(root));
}

std::optional<ExpressionRoot> rootNamed(std::string_view name) {
  for (std::size_t root = 0; root < kRootNames.size(); ++root) {
    if (kRootNames[root] == name) return static_cast<ExpressionRoot>(root);
  }
  return std::nullopt;
}

}  // namespace orchestra::runtime
