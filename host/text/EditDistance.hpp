// How far apart two names are, and which known name someone probably meant: the "did you mean"
// of config keys, schema properties and node types all come from here.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace orchestra::text {

// Edits (insert, delete, substitute, swap two neighbours) turning one string into the other.
std::size_t editDistance(std::string_view from, std::string_view to);

// The edits a suggestion may be away from what was typed: a third of its length, 1 to 3, so
// that short names do not suggest unrelated ones.
std::size_t allowedSuggestionEdits(std::string_view typed);

// The candidate closest to `typed` within allowedSuggestionEdits, or nullopt (first wins ties).
std::optional<std::string> closestMatch(std::string_view typed,
                                        std::span<const std::string> candidates);

// Up to `limit` candidates within allowedSuggestionEdits, closest first (ties keep their order).
std::vector<std::string> closestMatches(std::string_view typed,
                                        std::span<const std::string> candidates, std::size_t limit);

}  // namespace orchestra::text
