#include "host/schema/HttpValidationIssues.hpp"

#include "host/schema/JsonPointer.hpp"

namespace orchestra::schema {

namespace {

std::string httpIssueType(std::string_view keyword) {
  if (keyword == "required" || keyword == "dependentRequired") return "missing";
  if (keyword == "additionalProperties") return "extra_forbidden";
  return std::string(keyword);
}

}  // namespace

std::vector<std::string> locFromPointer(std::string_view instance_path) {
  if (auto segments = pointerSegments(instance_path)) return std::move(*segments);
  return {std::string(instance_path)};
}

std::vector<http::ValidationIssue> toHttpValidationIssues(
    const ValidationResult& result, const std::vector<std::string>& loc_prefix) {
  std::vector<http::ValidationIssue> http_issues;
  http_issues.reserve(result.issues().size());
  for (const ValidationIssue& issue : result.issues()) {
    std::vector<std::string> loc = loc_prefix;
    for (std::string& segment : locFromPointer(issue.instance_path)) {
      loc.push_back(std::move(segment));
    }
    http_issues.push_back({std::move(loc), issue.message, httpIssueType(issue.keyword)});
  }
  return http_issues;
}

}  // namespace orchestra::schema
