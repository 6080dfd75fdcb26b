// The one error type of the data plane: an HTTP status plus the plan's `detail` payload. Services
// and handlers throw it; http/ErrorResponses turns it into the plan's error body.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace orchestra::errors {

// One entry of a 422 body: {"loc": [...], "msg": "...", "type": "..."} as FastAPI writes it.
struct ValidationIssue {
  std::vector<std::string> loc;  // e.g. {"body", "email"}; numeric indexes are written as text
  std::string msg;
  std::string type;  // e.g. "missing", "string_type", "value_error"
};

// Issues found in one piece of input, held up to kMaxHeldIssues and only counted past it: each
// costs a few hundred bytes, a body can provoke one for every few bytes it holds, and no answer
// lists more than a few dozen.
struct IssueList {
  static constexpr std::size_t kMaxHeldIssues = 100;

  std::vector<ValidationIssue> held;
  std::size_t omitted = 0;

  void add(ValidationIssue issue) {
    if (held.size() < kMaxHeldIssues) {
      held.push_back(std::move(issue));
    } else {
      ++omitted;
    }
  }
  void append(IssueList more) {
    for (ValidationIssue& issue : more.held)
      add(std::move(issue));
    omitted += more.omitted;
  }
  bool empty() const { return held.empty() && omitted == 0; }
  std::size_t size() const { return held.size() + omitted; }
};

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string detail)
      : std::runtime_error(detail), status_(status), detail_(std::move(detail)) {}
  ApiError(int status, std::vector<ValidationIssue> issues)
      : std::runtime_error("validation failed"), status_(status), issues_(std::move(issues)) {}

  static ApiError badRequest(std::string detail) { return {400, std::move(detail)}; }
  static ApiError notFound(std::string detail = "Not Found") { return {404, std::move(detail)}; }
  static ApiError forbidden(std::string detail) { return {403, std::move(detail)}; }
  static ApiError conflict(std::string detail) { return {409, std::move(detail)}; }
  static ApiError validation(std::vector<ValidationIssue> issues) {
    return {422, std::move(issues)};
  }
  // `omitted` more issues were found than `issues` holds: the answer says how many.
  static ApiError validation(std::vector<ValidationIssue> issues, std::size_t omitted) {
    ApiError error(422, std::move(issues));
    error.omitted_issues_ = omitted;
    return error;
  }
  static ApiError validation(IssueList issues) {
    return validation(std::move(issues.held), issues.omitted);
  }
  static ApiError validation(std::vector<std::string> loc, std::string msg, std::string type) {
    return validation({ValidationIssue{std::move(loc), std::move(msg), std::move(type)}});
  }

  int status() const { return status_; }
  const std::string& detail() const { return detail_; }
  const std::vector<ValidationIssue>& issues() const { return issues_; }
  bool isValidation() const { return !issues_.empty(); }
  std::size_t omittedIssues() const { return omitted_issues_; }

  // Extra response headers (e.g. Retry-After on 429, Allow on 405).
  ApiError& withHeader(std::string name, std::string value) {
    headers_.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

 private:
  int status_;
  std::string detail_;
  std::vector<ValidationIssue> issues_;
  std::size_t omitted_issues_ = 0;
  std::vector<std::pair<std::string, std::string>> headers_;
};

}  // namespace orchestra::errors
