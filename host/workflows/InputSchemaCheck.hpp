// settings.input_schema, the JSON Schema of a workflow's arguments when Orchestra's MCP endpoint
// offers it as a tool: checked at save, so a schema that cannot be used shows then, not as a
// tool that silently never appears.
#pragma once

#include <string>
#include <vector>

#include "host/errors/ApiError.hpp"

namespace orchestra::workflows {

// Issues located under `loc_prefix` + {"settings", "input_schema"}: it must be an object
// schema ({"type": "object", ...}, as MCP requires of a tool's inputSchema) that compiles.
// No input_schema: no issue.
std::vector<errors::ValidationIssue> checkInputSchema(const std::string& settings_json,
                                                      const std::vector<std::string>& loc_prefix);

}  // namespace orchestra::workflows
