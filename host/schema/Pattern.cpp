#include "host/schema/Pattern.hpp"

#include <utility>

namespace orchestra::schema {

std::optional<Pattern> Pattern::compile(std::string source, std::size_t max_subject_bytes) {
  try {
    std::regex regex(source, std::regex::ECMAScript);
    return Pattern(std::move(source), std::move(regex), max_subject_bytes);
  } catch (const std::regex_error&) {
    return std::nullopt;
  }
}

Pattern::Outcome Pattern::search(std::string_view subject) const {
  if (subject.size() > max_subject_bytes_) return Outcome::TooLong;
  try {
    return std::regex_search(subject.begin(), subject.end(), regex_) ? Outcome::Match
                                                                     : Outcome::NoMatch;
  } catch (const std::regex_error&) {
    // The matcher gives up on pathological complexity; the value could not be shown to match.
    return Outcome::TooLong;
  }
}

}  // namespace orchestra::schema
