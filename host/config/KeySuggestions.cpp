#include "host/config/KeySuggestions.hpp"

#include <algorithm>
#include <limits>
#include <vector>

namespace orchestra::config {

namespace {

std::string joined(std::string_view section, std::string_view name) {
  return section.empty() ? std::string(name) : std::string(section) + "." + std::string(name);
}

// The next path segment below `section`, or empty when `path` does not lie below it.
std::string_view childOf(std::string_view path, std::string_view section) {
  if (!section.empty()) {
    if (path.size() <= section.size() + 1 || !path.starts_with(section) ||
        path[section.size()] != '.') {
      return {};
    }
    path.remove_prefix(section.size() + 1);
  }
  return path.substr(0, path.find('.'));
}

}  // namespace

bool isSection(std::span<const std::string_view> known_paths, std::string_view name) {
  return std::any_of(known_paths.begin(), known_paths.end(), [&](std::string_view path) {
    return path.size() > name.size() && path.starts_with(name) && path[name.size()] == '.';
  });
}

std::string unknownKeyProblem(std::span<const std::string_view> known_paths,
                              std::string_view section, std::string_view name,
                              std::string_view prefix) {
  const std::size_t allowed_edits = std::clamp<std::size_t>(name.size() / 3, 1, 3);
  std::size_t best_edits = std::numeric_limits<std::size_t>::max();
  std::string_view best_sibling;
  for (const std::string_view path : known_paths) {
    const std::string_view sibling = childOf(path, section);
    if (sibling.empty()) continue;
    const std::size_t edits = editDistance(name, sibling);
    if (edits < best_edits) {
      best_edits = edits;
      best_sibling = sibling;
    }
  }
  if (best_edits <= allowed_edits) {
    return "unknown key (did you mean " + std::string(prefix) + joined(section, best_sibling) +
           "?)";
  }
  // A key written in the wrong section: `port` at the top instead of under `server`.
  for (const std::string_view path : known_paths) {
    const auto last_dot = path.rfind('.');
    if (last_dot != std::string_view::npos && path.substr(last_dot + 1) == name) {
      return "unknown key (did you mean " + std::string(prefix) + std::string(path) + "?)";
    }
  }
  return "unknown key";
}

std::size_t editDistance(std::string_view from, std::string_view to) {
  // Optimal string alignment: Levenshtein plus transposition of neighbours ("prot" -> "port").
  const std::size_t columns = to.size() + 1;
  std::vector<std::size_t> distances((from.size() + 1) * columns);
  const auto at = [&](std::size_t row, std::size_t column) -> std::size_t& {
    return distances[row * columns + column];
  };
  for (std::size_t row = 0; row <= from.size(); ++row)
    at(row, 0) = row;
  for (std::size_t column = 0; column <= to.size(); ++column)
    at(0, column) = column;
  for (std::size_t row = 1; row <= from.size(); ++row) {
    for (std::size_t column = 1; column <= to.size(); ++column) {
      const std::size_t substitution = from[row - 1] == to[column - 1] ? 0 : 1;
      std::size_t best = std::min({at(row - 1, column) + 1, at(row, column - 1) + 1,
                                   at(row - 1, column - 1) + substitution});
      if (row > 1 && column > 1 && from[row - 1] == to[column - 2] &&
          from[row - 2] == to[column - 1]) {
        best = std::min(best, at(row - 2, column - 2) + 1);
      }
      at(row, column) = best;
    }
  }
  return at(from.size(), to.size());
}

}  // namespace orchestra::config
