// SQL for agents: the AI agent settings of one agent node of one workflow. Agents live and die
// with their node: a save that removes the node removes its agent in the same transaction.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

// What a client sets; JSON members are JSON text.
struct AgentSettings {
  std::string name;
  std::optional<std::string> system_prompt;
  std::optional<std::string> model;
  std::optional<double> temperature;
  std::optional<std::int64_t> max_tokens;
  std::string tools = "[]";
  std::string permissions = "{}";
  std::string memory_config = "{}";
  std::vector<std::string> sub_agents;  // agent ids
  std::string metadata = "{}";
};

struct AgentRow {
  std::string id;
  std::string workspace_id;
  std::string workflow_id;
  std::string user_id;
  std::string node_id;
  std::string type = "agent";
  std::string created_at;
  std::string updated_at;
  AgentSettings settings;
};

struct AgentPage {
  std::vector<AgentRow> rows;
  std::int64_t total = 0;
};

class AgentRepository {
 public:
  explicit AgentRepository(Database& database) : database_(database) {}

  AgentRow create(const AgentRow& agent);
  std::optional<AgentRow> find(std::string_view id);
  std::optional<AgentRow> findForNode(std::string_view workflow_id, std::string_view node_id);
  // Scoped to `workspace_ids`; optionally to one workflow. Oldest first.
  AgentPage list(const std::vector<std::string>& workspace_ids,
                 const std::optional<std::string>& workflow_id, std::int64_t limit,
                 std::int64_t offset);
  bool update(std::string_view id, const AgentSettings& settings);
  bool remove(std::string_view id);
  // Deletes the workflow's agents whose node is not in `node_ids`, in the caller's transaction.
  void removeOrphans(Poco::Data::Session& session, std::string_view workflow_id,
                     const std::vector<std::string>& node_ids);

 private:
  std::vector<AgentRow> select(Poco::Data::Session& session, const std::string& where,
                               std::vector<std::string>& parameters, std::string_view suffix);

  Database& database_;
};

}  // namespace orchestra::store
