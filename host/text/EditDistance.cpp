#include "host/text/EditDistance.hpp"

#include <algorithm>
#include <utility>

namespace orchestra::text {

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

std::size_t allowedSuggestionEdits(std::string_view typed) {
  return std::clamp<std::size_t>(typed.size() / 3, 1, 3);
}

std::vector<std::string> closestMatches(std::string_view typed,
                                        std::span<const std::string> candidates,
                                        std::size_t limit) {
  // The distance table is quadratic in the lengths: nothing longer than this is a typo.
  constexpr std::size_t kMaxComparedBytes = 256;
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  if (typed.size() > kMaxComparedBytes) return {};
  const std::size_t allowed = allowedSuggestionEdits(typed);
  for (const std::string& candidate : candidates) {
    if (candidate.size() > kMaxComparedBytes) continue;
    const std::size_t edits = editDistance(typed, candidate);
    if (edits <= allowed) scored.emplace_back(edits, &candidate);
  }
  std::stable_sort(scored.begin(), scored.end(),
                   [](const auto& left, const auto& right) { return left.first < right.first; });
  std::vector<std::string> matches;
  for (std::size_t i = 0; i < scored.size() && i < limit; ++i)
    matches.push_back(*scored[i].second);
  return matches;
}

std::optional<std::string> closestMatch(std::string_view typed,
                                        std::span<const std::string> candidates) {
  auto matches = closestMatches(typed, candidates, 1);
  if (matches.empty()) return std::nullopt;
  return std::move(matches.front());
}

}  // namespace orchestra::text
