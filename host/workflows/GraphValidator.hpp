// The rules a workflow graph must follow before it may run, checked all at once so the studio
// can mark every problem: known node types, configs their schemas accept, unique ids, edges
// between existing nodes and declared ports, no cycle outside a loop, at least one trigger, and
// expressions that parse and read only upstream nodes.
#pragma once

#include <string>
#include <vector>

#include "host/errors/ApiError.hpp"
#include "host/plugins/PluginRegistry.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::workflows {

// Node types whose outgoing edges may lead back to them: the loop constructs of the runtime.
bool isLoopNodeType(const std::string& type_id);

class GraphValidator {
 public:
  explicit GraphValidator(const plugins::PluginRegistry& registry) : registry_(registry) {}

  // Each problem located from `loc_prefix` (e.g. {"body"}): {"body", "nodes", 3, "data", "url"}.
  // The arrays' shape (objects with string ids, positions) is the request schema's to check;
  // entries that are not so shaped are skipped here.
  // Configs are read where they are; only one that fails its schema as sent is copied (one at a
  // time), to be judged again with the schema's defaults. Past IssueList's maximum, problems are
  // only counted.
  errors::IssueList validate(text::JsonView nodes, text::JsonView connections,
                             const std::vector<std::string>& loc_prefix) const;

 private:
  const plugins::PluginRegistry& registry_;
};

}  // namespace orchestra::workflows
