// The arguments of mcp.tool nodes checked against their tools' input schemas, as the
// workspace's MCP servers last listed them: a typo in a tool's argument shows when the workflow
// is saved, not when it runs. Unknown servers or tools, and {{ expressions }}, are left to the run.
#pragma once

#include <string>
#include <vector>

#include "host/errors/ApiError.hpp"
#include "host/plugins/McpToolGateway.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::workflows {

inline constexpr const char* kMcpToolNodeType = "mcp.tool";

// Issues located under `loc_prefix` + {"nodes", i, "data", "arguments", ...}.
errors::IssueList checkMcpToolArguments(text::JsonView nodes, const std::string& workspace_id,
                                        plugins::McpToolGateway& tools,
                                        const std::vector<std::string>& loc_prefix);

}  // namespace orchestra::workflows
