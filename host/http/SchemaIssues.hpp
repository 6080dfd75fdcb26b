// From schema issues to the entries of our HTTP 422 body ({"loc": [...], "msg", "type"}), so a
// handler rejecting a node config answers in the same shape as every other validation error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "host/errors/ApiError.hpp"
#include "host/schema/ValidationResult.hpp"

namespace orchestra::http {

// "/a/0/b~1c" -> {"a", "0", "b/c"}; "" -> {}. Not a pointer (no leading '/') -> {text}.
std::vector<std::string> locFromPointer(std::string_view instance_path);

// Each issue as {loc_prefix..., path segments...}, its message, and a type: "missing" for a
// required property, "extra_forbidden" for an unknown one (FastAPI's names), else the keyword.
// E.g. loc_prefix {"body", "config"} for a node config inside a request body.
std::vector<errors::ValidationIssue> toValidationIssues(
    const schema::ValidationResult& result, const std::vector<std::string>& loc_prefix = {});

}  // namespace orchestra::http
