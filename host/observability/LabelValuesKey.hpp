// Hashing and equality that let a family find the child for a tuple of label values given as
// string_views, without building a std::vector<std::string> key on every lookup.
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace orchestra::observability {

// Stored keys are owned strings; lookups pass views. Both hash the same way, so
// std::unordered_map's heterogeneous find() never allocates.
struct LabelValuesHash {
  using is_transparent = void;

  std::size_t operator()(std::span<const std::string_view> values) const noexcept {
    std::size_t seed = values.size();
    for (const std::string_view value : values)
      combine(seed, value);
    return seed;
  }
  std::size_t operator()(const std::vector<std::string>& values) const noexcept {
    std::size_t seed = values.size();
    for (const std::string& value : values)
      combine(seed, value);
    return seed;
  }

 private:
  static void combine(std::size_t& seed, std::string_view value) noexcept {
    // The boost::hash_combine mix: order matters, so {"a","b"} and {"b","a"} differ.
    seed ^=
        std::hash<std::string_view>{}(value) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  }
};

struct LabelValuesEqual {
  using is_transparent = void;

  bool operator()(const std::vector<std::string>& stored,
                  std::span<const std::string_view> wanted) const noexcept {
    return std::equal(stored.begin(), stored.end(), wanted.begin(), wanted.end());
  }
  bool operator()(std::span<const std::string_view> wanted,
                  const std::vector<std::string>& stored) const noexcept {
    return (*this)(stored, wanted);
  }
  bool operator()(const std::vector<std::string>& left,
                  const std::vector<std::string>& right) const noexcept {
    return left == right;
  }
};

}  // namespace orchestra::observability
