// Workflow graphs for integration tests, in the studio's format: nodes, connections and the
// "nodes":[...],"connections":[...] members of a workflow body.
#pragma once

#include <string>
#include <vector>

namespace orchestra::testing {

// Nodes always at the same place in the studio; the runtime ignores positions.
inline std::string node(const std::string& id, const std::string& type, const std::string& data,
                        const std::string& extra = "") {
  return R"({"id":")" + id + R"(","type":")" + type + R"(","position":{"x":0,"y":0},"data":)" +
         data + (extra.empty() ? "" : "," + extra) + "}";
}

inline std::string edge(const std::string& source, const std::string& target,
                        const std::string& source_handle = "",
                        const std::string& target_handle = "") {
  std::string json = R"({"id":")" + source + "-" + target + source_handle + R"(","source":")" +
                     source + R"(","target":")" + target + "\"";
  if (!source_handle.empty()) json += R"(,"sourceHandle":")" + source_handle + "\"";
  if (!target_handle.empty()) json += R"(,"targetHandle":")" + target_handle + "\"";
  return json + "}";
}

inline std::string graph(const std::vector<std::string>& nodes,
                         const std::vector<std::string>& edges) {
  std::string json = R"("nodes":[)";
  for (std::size_t i = 0; i < nodes.size(); ++i)
    json += (i == 0 ? "" : ",") + nodes[i];
  json += R"(],"connections":[)";
  for (std::size_t i = 0; i < edges.size(); ++i)
    json += (i == 0 ? "" : ",") + edges[i];
  return json + "]";
}

}  // namespace orchestra::testing
