// What validating one instance against a compiled schema produces: every problem found, each
// with the JSON pointer of the value at fault and a message written for the person who typed it.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace orchestra::schema {

struct ValidationIssue {
  // JSON Pointer of the value at fault ("/headers/0/name"; "" is the whole instance). For a
  // missing required property it points at the property that should be there.
  std::string instance_path;
  std::string keyword;  // the schema keyword that failed: "type", "required", "pattern", ...
  std::string message;  // "must be a string"; never quotes the instance's values (secrets)

  bool operator==(const ValidationIssue&) const = default;
};

// Issues a result records at most: a body of a hundred thousand unknown members would otherwise
// cost hundreds of bytes an issue, many times the body, while no answer lists more than a few
// dozen. Past it, issues are only counted.
inline constexpr std::size_t kMaxRecordedIssues = 100;

class ValidationResult {
 public:
  ValidationResult() = default;
  explicit ValidationResult(std::vector<ValidationIssue> issues, std::size_t omitted = 0)
      : issues_(std::move(issues)), omitted_(omitted) {}

  bool valid() const { return issues_.empty(); }
  explicit operator bool() const { return valid(); }
  // At most kMaxRecordedIssues; the rest are only counted.
  const std::vector<ValidationIssue>& issues() const { return issues_; }
  std::size_t omittedIssues() const { return omitted_; }

 private:
  std::vector<ValidationIssue> issues_;
  std::size_t omitted_ = 0;
};

}  // namespace orchestra::schema
