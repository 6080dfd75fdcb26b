// The few columns of a workflow that decide whether and which version of it runs, read without
// its graph: what a webhook call needs before the compiled-graph cache answers the rest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace orchestra::store {

class Database;

struct WorkflowHead {
  std::string id;
  std::string workspace_id;
  std::string user_id;
  std::string status;  // draft, published, archived
  std::int64_t version = 1;
};

class WorkflowHeadRepository {
 public:
  explicit WorkflowHeadRepository(Database& database) : database_(database) {}

  // nullopt when there is no such workflow (or `id` is not a UUID). Errors: StoreError.
  std::optional<WorkflowHead> find(std::string_view id);

 private:
  Database& database_;
};

}  // namespace orchestra::store
