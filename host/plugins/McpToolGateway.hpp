// What host_mcp_call_tool and host_mcp_list_tools reach: the MCP servers of the workspace whose
// execution is calling. The MCP service implements it; plugins never see another workspace's.
#pragma once

#include <orchestra/abi.h>

#include <functional>
#include <optional>
#include <string>

namespace orchestra::plugins {

struct McpGatewayAnswer {
  orc_status status = ORC_OK;
  orc_error_class error_class = ORC_ERROR_CLASS_NONE;
  std::string text;  // ORC_OK: the result's JSON; otherwise why not
};

class McpToolGateway {
 public:
  virtual ~McpToolGateway() = default;
  // THREAD: any (node threads). Never throws.
  virtual McpGatewayAnswer callTool(const std::string& workspace_id, const std::string& server_id,
                                    const std::string& tool_name, const std::string& arguments_json,
                                    const std::function<bool()>& is_cancelled) = 0;
  // {"tools":[...]}.
  virtual McpGatewayAnswer listTools(const std::string& workspace_id,
                                     const std::string& server_id) = 0;
  // The input schema (JSON) of a tool as the workspace's server last listed it; nullopt when
  // the server or tool is unknown. Starts nothing: for checks when a workflow is saved.
  virtual std::optional<std::string> cachedInputSchema(const std::string& workspace_id,
                                                       const std::string& server_id,
                                                       const std::string& tool_name) = 0;
};

}  // namespace orchestra::plugins
