// A "pattern" / "patternProperties" regular expression, compiled once with the ECMAScript grammar
// and searched unanchored, as JSON Schema specifies, with a guard on how long a subject may be.
#pragma once

#include <cstddef>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <utility>

namespace orchestra::schema {

class Pattern {
 public:
  // libstdc++'s std::regex matches recursively, using about 700 bytes of stack per subject
  // character: a 2,000-character string crashes a thread with a 1 MiB stack. Subjects longer than
  // this are refused instead of searched, so untrusted input cannot take the host down.
  static constexpr std::size_t kDefaultMaxSubjectBytes = 1024;

  enum class Outcome { Match, NoMatch, TooLong };

  // Nullopt when `source` is not a regular expression std::regex accepts.
  static std::optional<Pattern> compile(std::string source, std::size_t max_subject_bytes);

  Outcome search(std::string_view subject) const;
  const std::string& source() const { return source_; }
  std::size_t maxSubjectBytes() const { return max_subject_bytes_; }

 private:
  Pattern(std::string source, std::regex regex, std::size_t max_subject_bytes)
      : source_(std::move(source)),
        regex_(std::move(regex)),
        max_subject_bytes_(max_subject_bytes) {}

  std::string source_;
  std::regex regex_;
  std::size_t max_subject_bytes_;
};

}  // namespace orchestra::schema
