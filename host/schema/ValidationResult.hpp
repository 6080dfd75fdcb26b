// What validating one instance against a compiled schema produces: every problem found, each
// with the JSON pointer of the value at fault and a message written for the person who typed it.
#pragma once

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

class ValidationResult {
 public:
  ValidationResult() = default;
  explicit ValidationResult(std::vector<ValidationIssue> issues) : issues_(std::move(issues)) {}

  bool valid() const { return issues_.empty(); }
  explicit operator bool() const { return valid(); }
  const std::vector<ValidationIssue>& issues() const { return issues_; }

 private:
  std::vector<ValidationIssue> issues_;
};

}  // namespace orchestra::schema
