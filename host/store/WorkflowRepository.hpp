// SQL for workflows and their saved versions: the graph as the studio sends it (JSON text), the
// tag and word indexes that list queries use instead of reading graphs, and compare-and-set
// updates on `version` so that two editors never overwrite each other silently.
#pragma once

#include <Poco/Data/Session.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/store/Database.hpp"

namespace orchestra::store {

// What an editor changes; nodes, connections and settings are JSON text.
struct WorkflowContent {
  std::string name;
  std::optional<std::string> description;
  std::string nodes = "[]";
  std::string connections = "[]";
  std::string settings = "{}";
  std::vector<std::string> tags;
  bool is_public = false;
};

struct WorkflowRow {
  std::string id;
  std::string workspace_id;
  std::string user_id;
  std::string status;  // draft, published, archived
  std::int64_t version = 1;
  std::optional<std::string> parent_workflow_id;
  std::string created_at;
  std::string updated_at;
  WorkflowContent content;
};

struct NewWorkflow {
  std::string workspace_id;
  std::string user_id;
  std::optional<std::string> parent_workflow_id;
  WorkflowContent content;
};

// One saved state: every version of a workflow, the current one included.
struct WorkflowVersionRow {
  std::int64_t version = 0;
  std::optional<std::string> created_by;
  std::string created_at;
  std::string change_summary;
  WorkflowContent content;  // is_public is not versioned
};

enum class WorkflowSort { UpdatedAtAscending, UpdatedAtDescending, NameAscending };

struct WorkflowListQuery {
  std::vector<std::string> workspace_ids;  // the scope; empty lists nothing
  bool include_public = false;             // also public workflows of other workspaces
  std::optional<std::string> status;
  std::vector<std::string> tags;          // all must be present
  std::vector<std::string> search_words;  // each must prefix a word of name or description
  WorkflowSort sort = WorkflowSort::UpdatedAtDescending;
  std::int64_t limit = 20;
  std::int64_t offset = 0;
};

struct WorkflowPage {
  std::vector<WorkflowRow> rows;
  std::int64_t total = 0;
};

class WorkflowRepository {
 public:
  explicit WorkflowRepository(Database& database) : database_(database) {}

  // Inserts the workflow (status draft, version 1) and its first version row, in the caller's
  // transaction.
  WorkflowRow create(Poco::Data::Session& session, const NewWorkflow& workflow,
                     std::string_view change_summary);

  std::optional<WorkflowRow> find(std::string_view id);
  std::optional<WorkflowRow> find(Poco::Data::Session& session, std::string_view id);

  WorkflowPage list(const WorkflowListQuery& query);

  // Published workflows whose graph has a node of `type_id` (the triggers the host fires
  // itself: cron, event), of one workspace or of all when `workspace_id` is empty. PostgreSQL
  // answers from the GIN index on nodes; SQLite from the partial index of published workflows,
  // reading only their graphs. May include a workflow that merely mentions the id elsewhere:
  // callers check the node types of the compiled graph.
  std::vector<WorkflowRow> publishedWithNodeType(std::string_view type_id,
                                                 std::string_view workspace_id = {});

  // Replaces the content when the stored version is still `expected_version`, bumps the version
  // and records it; false when another save came first (nothing is written then).
  bool update(Poco::Data::Session& session, std::string_view id, std::int64_t expected_version,
              const WorkflowContent& content, std::string_view user_id,
              std::string_view change_summary);
  // The same for a status change (which also makes a version, so ETags change with it).
  bool updateStatus(Poco::Data::Session& session, std::string_view id,
                    std::int64_t expected_version, std::string_view status,
                    std::string_view user_id, std::string_view change_summary);

  // False when there was no such workflow. Versions and agents go with it (foreign keys).
  bool remove(Poco::Data::Session& session, std::string_view id);

  // Newest first.
  std::vector<WorkflowVersionRow> versions(std::string_view workflow_id);
  std::optional<WorkflowVersionRow> version(std::string_view workflow_id, std::int64_t version);

 private:
  void insertVersion(Poco::Data::Session& session, const WorkflowRow& row, std::string_view user_id,
                     std::string_view change_summary);
  void indexForSearch(Poco::Data::Session& session, const WorkflowRow& row, bool replace);

  Database& database_;
};

}  // namespace orchestra::store
