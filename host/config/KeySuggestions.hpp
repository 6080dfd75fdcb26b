// Questions about the set of known key paths that the YAML walker asks while reading a map:
// is this name a section, and which known key did the operator probably mean?
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace orchestra::config {

// True when some known path lies below `name` ("server" for "server.port").
bool isSection(std::span<const std::string_view> known_paths, std::string_view name);

// "unknown key", followed by " (did you mean <prefix><path>?)" when a sibling in `section` is
// within a few edits of `name`, or when `name` exists in another section.
std::string unknownKeyProblem(std::span<const std::string_view> known_paths,
                              std::string_view section, std::string_view name,
                              std::string_view prefix);

}  // namespace orchestra::config
