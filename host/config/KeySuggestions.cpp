#include "host/config/KeySuggestions.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "host/text/EditDistance.hpp"

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
  const std::size_t allowed_edits = text::allowedSuggestionEdits(name);
  std::size_t best_edits = std::numeric_limits<std::size_t>::max();
  std::string_view best_sibling;
  for (const std::string_view path : known_paths) {
    const std::string_view sibling = childOf(path, section);
    if (sibling.empty()) continue;
    const std::size_t edits = text::editDistance(name, sibling);
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

}  // namespace orchestra::config
