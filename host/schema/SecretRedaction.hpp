// Hiding the values a schema marks `"secret": true` (API keys, passwords) before an instance is
// logged, returned by the API or shown in the studio.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <string_view>

#include "host/schema/SchemaNode.hpp"

namespace orchestra::schema {

inline constexpr std::string_view kRedactedValue = "***";

// Replaces every value whose schema is secret with "***", wherever the schema can place it:
// properties, patternProperties, additionalProperties, items, and every branch of allOf, anyOf,
// oneOf, if/then/else and "$ref". Branches that do not match still redact: showing a secret is
// worse than hiding a value that was not one. `instance` is edited in place (see deepCopy).
void redactSecretsInPlace(const SchemaNode& node, Poco::Dynamic::Var& instance);

}  // namespace orchestra::schema
