#include "host/workflows/McpArgumentCheck.hpp"

#include <rapidjson/document.h>

#include "host/schema/DeferredValues.hpp"
#include "host/schema/JsonPointer.hpp"
#include "host/schema/Schema.hpp"

namespace orchestra::workflows {

namespace {

// A member that is a plain string now (not an expression), else empty.
std::string literalString(text::JsonView data, const char* name) {
  const text::JsonView value = data.get(name);
  if (!value.isString()) return "";
  std::string literal = value.as<std::string>();
  return schema::isDeferredText(literal) ? "" : literal;
}

}  // namespace

errors::IssueList checkMcpToolArguments(text::JsonView nodes, const std::string& workspace_id,
                                        plugins::McpToolGateway& tools,
                                        const std::vector<std::string>& loc_prefix) {
  errors::IssueList issues;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const text::JsonView node = nodes.at(i);
    if (node.optValue<std::string>("type", "") != kMcpToolNodeType) continue;
    const text::JsonView data = node.get("data");
    if (!data.isObject()) continue;
    const std::string server = literalString(data, "server");
    const std::string tool = literalString(data, "tool");
    if (server.empty() || tool.empty()) continue;
    const auto schema_json = tools.cachedInputSchema(workspace_id, server, tool);
    if (!schema_json) continue;
    std::optional<schema::Schema> schema;
    try {
      schema = schema::Schema::compile(*schema_json);
    } catch (const schema::SchemaError&) {
      continue;  // a schema we cannot use checks nothing; the server judges at run time
    }
    const text::JsonView arguments =
        data.has("arguments") ? data.get("arguments") : text::emptyJsonObject();
    const schema::ValidationResult result = schema->validate(*arguments.raw());
    for (const auto& issue : result.issues()) {
      if (schema::isIssueAtDeferredValue(arguments, issue)) continue;
      errors::ValidationIssue located;
      located.loc = loc_prefix;
      located.loc.insert(located.loc.end(), {"nodes", std::to_string(i), "data", "arguments"});
      if (auto segments = schema::pointerSegments(issue.instance_path)) {
        located.loc.insert(located.loc.end(), segments->begin(), segments->end());
      }
      located.msg = "MCP tool '" + tool + "': " + issue.message;
      located.type = "mcp_tool_arguments";
      issues.add(std::move(located));
    }
    issues.omitted += result.omittedIssues();
  }
  return issues;
}

}  // namespace orchestra::workflows
