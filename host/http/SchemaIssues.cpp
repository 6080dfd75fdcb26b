#include "host/http/SchemaIssues.hpp"

#include <array>
#include <utility>

#include "host/schema/JsonPointer.hpp"

namespace orchestra::http {

namespace {

// FastAPI's (pydantic's) error type for a type mismatch, from our message "must be a string".
std::string typeIssueType(std::string_view message) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kTypes = {{
      {"must be a string", "string_type"},
      {"must be an integer", "int_type"},
      {"must be a number", "float_type"},
      {"must be a boolean", "bool_type"},
      {"must be an object", "dict_type"},
      {"must be an array", "list_type"},
  }};
  for (const auto& [prefix, type] : kTypes) {
    if (message == prefix) return std::string(type);
  }
  return "type_error";
}

// The names clients of the plan's FastAPI original already handle; our keyword otherwise.
std::string httpIssueType(std::string_view keyword, std::string_view message) {
  if (keyword == "required" || keyword == "dependentRequired") return "missing";
  if (keyword == "additionalProperties") return "extra_forbidden";
  if (keyword == "type") return typeIssueType(message);
  if (keyword == "pattern") return "string_pattern_mismatch";
  if (keyword == "maxLength") return "string_too_long";
  if (keyword == "minLength") return "string_too_short";
  if (keyword == "maxItems") return "too_long";
  if (keyword == "minItems") return "too_short";
  if (keyword == "minimum") return "greater_than_equal";
  if (keyword == "maximum") return "less_than_equal";
  if (keyword == "format") return "value_error";
  return std::string(keyword);
}

}  // namespace

std::vector<std::string> locFromPointer(std::string_view instance_path) {
  if (auto segments = schema::pointerSegments(instance_path)) return std::move(*segments);
  return {std::string(instance_path)};
}

std::vector<errors::ValidationIssue> toValidationIssues(
    const schema::ValidationResult& result, const std::vector<std::string>& loc_prefix) {
  std::vector<errors::ValidationIssue> http_issues;
  http_issues.reserve(result.issues().size());
  for (const schema::ValidationIssue& issue : result.issues()) {
    std::vector<std::string> loc = loc_prefix;
    for (std::string& segment : locFromPointer(issue.instance_path)) {
      loc.push_back(std::move(segment));
    }
    http_issues.push_back(
        {std::move(loc), issue.message, httpIssueType(issue.keyword, issue.message)});
  }
  return http_issues;
}

}  // namespace orchestra::http
