// Checks one instance against a compiled schema, either collecting every issue (with its path and
// a message for the UI) or, with no issue list, stopping at the first failure.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <rapidjson/fwd.h>

#include <vector>

#include "host/schema/SchemaNode.hpp"
#include "host/schema/ValidationResult.hpp"

namespace orchestra::schema {

// Whether `instance` is valid against `node`. With `issues` null only the verdict is computed
// (stopping at the first failure), which is what Schema::isValid offers callers; otherwise every
// issue is appended to `issues`, up to kMaxRecordedIssues when `omitted` is given (which then
// counts the issues past it; their messages are never built). One implementation over JsonTraits
// (JsonTraits.hpp), compiled for the two representations below (explicitly instantiated in
// Validator.cpp).
template <typename Value>
bool validateInstance(const SchemaNode& node, const Value& instance,
                      std::vector<ValidationIssue>* issues, std::size_t* omitted = nullptr);

extern template bool validateInstance(const SchemaNode&, const Poco::Dynamic::Var&,
                                      std::vector<ValidationIssue>*, std::size_t*);
extern template bool validateInstance(const SchemaNode&, const rapidjson::Value&,
                                      std::vector<ValidationIssue>*, std::size_t*);

}  // namespace orchestra::schema
