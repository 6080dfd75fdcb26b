#include "host/workflows/WorkflowService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <cctype>
#include <map>

#include "host/auth/Policy.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/StoreError.hpp"
#include "host/store/Timestamp.hpp"
#include "host/text/JsonWriter.hpp"
#include "host/workflows/ChangeSummary.hpp"
#include "host/workflows/GraphValidator.hpp"
#include "host/workflows/InputSchemaCheck.hpp"
#include "host/workflows/McpArgumentCheck.hpp"

namespace orchestra::workflows {

namespace {

using errors::ApiError;
using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr std::size_t kMaxNameBytes = 255;
// Graph text kept by the warnings cache: a few thousand typical graphs.
constexpr std::size_t kWarningsCacheBytes = std::size_t{32} * 1024 * 1024;
constexpr const char* kExportFormat = "orchestra.workflow";
constexpr int kExportFormatVersion = 1;

Array::Ptr parseArray(const std::string& json) {
  Poco::JSON::Parser parser;
  auto array = parser.parse(json).extract<Array::Ptr>();
  return array.isNull() ? Array::Ptr(new Array) : array;
}

Object::Ptr parseObject(const std::string& json) {
  Poco::JSON::Parser parser;
  auto object = parser.parse(json).extract<Object::Ptr>();
  return object.isNull() ? Object::Ptr(new Object) : object;
}

std::string jsonMember(const Object& body, const char* name, const char* fallback) {
  if (!body.has(name) || body.isNull(name)) return fallback;
  return text::toJson(body.get(name));
}

// The content a body describes; members it does not name keep `base`'s values.
store::WorkflowContent contentFrom(const Object& body, store::WorkflowContent base) {
  if (body.has("name")) base.name = body.getValue<std::string>("name");
  if (body.has("description")) {
    base.description = body.isNull("description")
                           ? std::nullopt
                           : std::optional<std::string>(body.getValue<std::string>("description"));
  }
  if (body.has("nodes")) base.nodes = jsonMember(body, "nodes", "[]");
  if (body.has("connections")) base.connections = jsonMember(body, "connections", "[]");
  if (body.has("settings")) base.settings = jsonMember(body, "settings", "{}");
  if (body.has("tags")) {
    base.tags.clear();
    const auto tags = body.getArray("tags");
    for (std::size_t i = 0; tags && i < tags->size(); ++i) {
      auto tag = tags->getElement<std::string>(static_cast<unsigned>(i));
      if (std::find(base.tags.begin(), base.tags.end(), tag) == base.tags.end()) {
        base.tags.push_back(std::move(tag));
      }
    }
  }
  if (body.has("is_public")) base.is_public = body.getValue<bool>("is_public");
  return base;
}

std::string describeChanges(const store::WorkflowContent& before,
                            const store::WorkflowContent& after) {
  std::vector<std::string> parts;
  if (before.name != after.name) parts.emplace_back("renamed");
  parts.push_back(
      describeArrayChanges(*parseArray(before.nodes), *parseArray(after.nodes), "node"));
  parts.push_back(describeArrayChanges(*parseArray(before.connections),
                                       *parseArray(after.connections), "connection"));
  if (text::toJson(parseObject(before.settings)) != text::toJson(parseObject(after.settings))) {
    parts.emplace_back("settings changed");
  }
  if (before.tags != after.tags) parts.emplace_back("tags changed");
  if (before.description != after.description) parts.emplace_back("description changed");
  const std::string summary = joinChanges(parts);
  return summary.empty() ? "no changes" : summary;
}

bool transitionAllowed(const std::string& from, const std::string& to) {
  if (from == "draft") return to == "published" || to == "archived";
  if (from == "published") return to == "archived" || to == "draft";
  if (from == "archived") return to == "draft";
  return false;
}

std::string copyName(const std::string& name) {
  constexpr std::string_view kSuffix = " (copy)";
  std::string base = name;
  if (base.size() + kSuffix.size() > kMaxNameBytes) {
    base.resize(kMaxNameBytes - kSuffix.size());
    // Do not cut a UTF-8 sequence in half.
    while (!base.empty() && (static_cast<unsigned char>(base.back()) & 0xC0) == 0x80)
      base.pop_back();
    if (!base.empty() && static_cast<unsigned char>(base.back()) >= 0xC0) base.pop_back();
  }
  return base + std::string(kSuffix);
}

std::vector<std::string> nodeIds(const std::string& nodes_json) {
  std::vector<std::string> ids;
  const auto nodes = parseArray(nodes_json);
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto node = nodes->getObject(static_cast<unsigned>(i));
    if (!node.isNull() && node->has("id")) ids.push_back(node->get("id").toString());
  }
  return ids;
}

ApiError notFound() {
  return ApiError::notFound("Workflow not found");
}

}  // namespace

std::vector<std::string> searchWords(std::string_view query) {
  constexpr std::size_t kMaxWords = 8;
  constexpr std::size_t kMaxWordBytes = 64;
  std::vector<std::string> words;
  std::string word;
  const auto flush = [&] {
    if (!word.empty() && words.size() < kMaxWords) words.push_back(word.substr(0, kMaxWordBytes));
    word.clear();
  };
  for (const char c : query) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '_' || byte >= 0x80) {
      word += static_cast<char>(std::tolower(byte));
    } else {
      flush();
    }
  }
  flush();
  return words;
}

WorkflowService::WorkflowService(store::Database& database, const plugins::PluginRegistry& registry,
                                 bus::EventBus* events, plugins::McpToolGateway* mcp_tools)
    : database_(database),
      registry_(registry),
      events_(events),
      mcp_tools_(mcp_tools),
      workflows_(database),
      agents_(database),
      warnings_cache_(kWarningsCacheBytes) {}

std::vector<errors::ValidationIssue> WorkflowService::checkGraph(
    const store::WorkflowContent& content, const std::string& workspace_id,
    const std::vector<std::string>& loc_prefix) const {
  const auto nodes = parseArray(content.nodes);
  // Poco's SharedPtr frees its counter; the analyzer loses track of it across the two temporaries.
  // NOLINTBEGIN(clang-analyzer-cplusplus.NewDeleteLeaks)
  auto issues =
      GraphValidator(registry_).validate(*nodes, *parseArray(content.connections), loc_prefix);
  // NOLINTEND(clang-analyzer-cplusplus.NewDeleteLeaks)
  auto input_schema = checkInputSchema(content.settings, loc_prefix);
  issues.insert(issues.end(), input_schema.begin(), input_schema.end());
  if (mcp_tools_ != nullptr) {
    auto arguments = checkMcpToolArguments(*nodes, workspace_id, *mcp_tools_, loc_prefix);
    issues.insert(issues.end(), arguments.begin(), arguments.end());
  }
  return issues;
}

SavedWorkflow WorkflowService::withWarnings(store::WorkflowRow row) const {
  const auto& content = row.content;
  if (auto cached = warnings_cache_.find(row.id, content.nodes, content.connections)) {
    return {std::move(row), std::move(*cached)};
  }
  auto warnings = checkGraph(content, row.workspace_id, {"body"});
  warnings_cache_.put(row.id, content.nodes, content.connections, warnings);
  return {std::move(row), std::move(warnings)};
}

store::WorkflowRow WorkflowService::readable(const auth::Caller& caller, std::string_view id) {
  auto row = workflows_.find(id);
  if (!row) throw notFound();
  if (row->content.is_public || caller.membership(row->workspace_id) != nullptr) {
    return std::move(*row);
  }
  throw notFound();  // another workspace's workflow is not confirmed to exist
}

store::WorkflowRow WorkflowService::writable(const auth::Caller& caller, std::string_view id,
                                             auth::Action action) {
  auto row = readable(caller, id);
  if (caller.membership(row.workspace_id) == nullptr) {
    throw ApiError::forbidden("Public workflows are read-only outside their workspace");
  }
  auth::authorize(caller, row.workspace_id, action);
  return row;
}

namespace {

// 409 naming the current version (also as the ETag) when a save was based on an older one.
ApiError staleVersion(std::int64_t current, std::int64_t expected) {
  ApiError error =
      ApiError::conflict("The workflow was saved by someone else meanwhile: it is at version " +
                         std::to_string(current) + ", this edit was based on version " +
                         std::to_string(expected) + ". Reload and apply it again.");
  error.withHeader("ETag", "\"" + std::to_string(current) + "\"");
  return error;
}

}  // namespace

void WorkflowService::announce(const char* type, const store::WorkflowRow& row,
                               const auth::Caller& caller) const {
  if (events_ == nullptr) return;
  text::JsonWriter event;
  event.beginObject()
      .field("type", type)
      .key("execution_id")
      .null()
      .key("node_id")
      .null()
      .field("status", row.status)
      .field("timestamp", store::utcNowTimestamp())
      .key("data")
      .beginObject()
      .field("workflow_id", row.id)
      .field("workspace_id", row.workspace_id)
      .field("version", row.version)
      .field("name", row.content.name)
      .field("user_id", caller.userId())
      .endObject()
      .endObject();
  events_->publish({"workspace:" + row.workspace_id + ":collaboration", std::move(event).finish()});
}

SavedWorkflow WorkflowService::create(const auth::Caller& caller, const Object& body) {
  std::string workspace_id;
  if (body.has("workspace_id") && !body.isNull("workspace_id")) {
    workspace_id = body.getValue<std::string>("workspace_id");
  } else {
    // The caller's personal workspace: the oldest one they own.
    for (const auto& membership : caller.memberships()) {
      if (membership.role == "owner") {
        workspace_id = membership.workspace_id;
        break;
      }
    }
    if (workspace_id.empty()) {
      throw ApiError::validation({"body", "workspace_id"},
                                 "You own no workspace; name the workspace to create it in",
                                 "missing");
    }
  }
  auth::authorize(caller, workspace_id, auth::Action::CreateWorkflows);
  store::NewWorkflow workflow;
  // authorize found the caller's membership, so the id is a well-formed UUID.
  workflow.workspace_id = store::canonicalUuid(workspace_id).value_or(workspace_id);
  workflow.user_id = caller.userId();
  workflow.content = contentFrom(body, {});
  auto warnings = checkGraph(workflow.content, workflow.workspace_id, {"body"});
  auto row = database_.withTransaction([&](Poco::Data::Session& session) {
    return workflows_.create(session, workflow, "created");
  });
  announce("workflow_saved", row, caller);
  return {std::move(row), std::move(warnings)};
}

SavedWorkflow WorkflowService::get(const auth::Caller& caller, std::string_view id) {
  return withWarnings(readable(caller, id));
}

SavedWorkflow WorkflowService::saveContent(const auth::Caller& caller,
                                           const store::WorkflowRow& current,
                                           const store::WorkflowContent& content,
                                           std::int64_t expected_version,
                                           const std::string& summary_prefix) {
  auto problems = checkGraph(content, current.workspace_id, {"body"});
  if (current.status == "published" && !problems.empty()) {
    // A published workflow may run at any moment: it is never replaced by a broken graph.
    throw ApiError::validation(std::move(problems));
  }
  const std::string summary =
      summary_prefix.empty() ? describeChanges(current.content, content)
                             : summary_prefix + ": " + describeChanges(current.content, content);
  const bool saved = database_.withTransaction([&](Poco::Data::Session& session) {
    if (!workflows_.update(session, current.id, expected_version, content, caller.userId(),
                           summary)) {
      return false;
    }
    // An agent whose node is gone could still be run by id: it goes with its node.
    agents_.removeOrphans(session, current.id, nodeIds(content.nodes));
    return true;
  });
  auto row = workflows_.find(current.id);
  if (!row) throw notFound();
  if (!saved) throw staleVersion(row->version, expected_version);
  announce("workflow_saved", *row, caller);
  return {std::move(*row), std::move(problems)};
}

SavedWorkflow WorkflowService::update(const auth::Caller& caller, std::string_view id,
                                      const Object& body,
                                      std::optional<std::int64_t> expected_version) {
  const store::WorkflowRow current = writable(caller, id, auth::Action::EditWorkflows);
  if (body.has("version") && !body.isNull("version")) {
    const auto body_version = body.getValue<Poco::Int64>("version");
    if (expected_version && *expected_version != body_version) {
      throw ApiError::validation({"body", "version"},
                                 "Does not match the If-Match header's version", "value_error");
    }
    expected_version = body_version;
  }
  return saveContent(caller, current, contentFrom(body, current.content),
                     expected_version.value_or(current.version), "");
}

store::WorkflowRow WorkflowService::remove(const auth::Caller& caller, std::string_view id) {
  store::WorkflowRow current = writable(caller, id, auth::Action::DeleteWorkflows);
  // The delete cascades to the workflow's executions while a running one may be committing its
  // steps: PostgreSQL can pick the delete as a deadlock's victim. It was rolled back whole, so
  // it is simply run again (the runtime's commit that won goes first).
  constexpr int kAttempts = 3;
  bool removed = false;
  for (int attempt = 1;; ++attempt) {
    try {
      removed = database_.withTransaction(
          [&](Poco::Data::Session& session) { return workflows_.remove(session, current.id); });
      break;
    } catch (const store::StoreError& error) {
      if (error.kind() != store::StoreErrorKind::TransactionConflict || attempt == kAttempts) {
        throw;
      }
    }
  }
  if (!removed) throw notFound();
  announce("workflow_deleted", current, caller);
  return current;
}

SavedWorkflow WorkflowService::setStatus(const auth::Caller& caller, std::string_view id,
                                         const std::string& status) {
  const store::WorkflowRow current = writable(caller, id, auth::Action::EditWorkflows);
  if (current.status == status) return withWarnings(current);
  if (!transitionAllowed(current.status, status)) {
    throw ApiError::conflict("A workflow cannot go from " + current.status + " to " + status +
                             (current.status == "archived" ? "; restore it to draft first" : ""));
  }
  if (status == "published") {
    auto problems = checkGraph(current.content, current.workspace_id, {"body"});
    if (!problems.empty()) throw ApiError::validation(std::move(problems));
  }
  const bool saved = database_.withTransaction([&](Poco::Data::Session& session) {
    return workflows_.updateStatus(session, current.id, current.version, status, caller.userId(),
                                   "status " + current.status + " → " + status);
  });
  if (!saved) throw ApiError::conflict("The workflow was changed meanwhile; try again");
  auto row = workflows_.find(current.id);
  if (!row) throw notFound();
  announce("workflow_status", *row, caller);
  return withWarnings(std::move(*row));
}

SavedWorkflow WorkflowService::duplicate(const auth::Caller& caller, std::string_view id) {
  const store::WorkflowRow source = readable(caller, id);
  // The copy lands in the source's workspace when the caller may write there, else in theirs.
  std::string workspace_id = source.workspace_id;
  if (!auth::mayPerform(caller, workspace_id, auth::Action::CreateWorkflows)) {
    workspace_id.clear();
    for (const auto& candidate : caller.memberships()) {
      if (candidate.role == "owner") {
        workspace_id = candidate.workspace_id;
        break;
      }
    }
    if (workspace_id.empty()) throw ApiError::forbidden("You own no workspace to copy it into");
  }
  store::NewWorkflow copy;
  copy.workspace_id = workspace_id;
  copy.user_id = caller.userId();
  copy.parent_workflow_id = source.id;
  copy.content = source.content;
  copy.content.name = copyName(source.content.name);
  copy.content.is_public = false;
  auto row = database_.withTransaction([&](Poco::Data::Session& session) {
    return workflows_.create(session, copy,
                             "duplicated from version " + std::to_string(source.version));
  });
  announce("workflow_saved", row, caller);
  return withWarnings(std::move(row));
}

store::WorkflowPage WorkflowService::list(const auth::Caller& caller,
                                          const WorkflowFilter& filter) {
  store::WorkflowListQuery query;
  query.workspace_ids = auth::listScope(caller, filter.workspace_id, auth::Action::ViewWorkflows);
  query.status = filter.status;
  query.tags = filter.tags;
  if (filter.search) query.search_words = searchWords(*filter.search);
  query.sort = filter.sort;
  query.limit = filter.limit;
  query.offset = filter.offset;
  return workflows_.list(query);
}

std::vector<store::WorkflowVersionRow> WorkflowService::versions(const auth::Caller& caller,
                                                                 std::string_view id) {
  const store::WorkflowRow row = readable(caller, id);
  return workflows_.versions(row.id);
}

store::WorkflowVersionRow WorkflowService::version(const auth::Caller& caller, std::string_view id,
                                                   std::int64_t version) {
  const store::WorkflowRow row = readable(caller, id);
  auto found = workflows_.version(row.id, version);
  if (!found) throw ApiError::notFound("Workflow version not found");
  return std::move(*found);
}

SavedWorkflow WorkflowService::restore(const auth::Caller& caller, std::string_view id,
                                       std::int64_t version) {
  const store::WorkflowRow current = writable(caller, id, auth::Action::EditWorkflows);
  auto saved = workflows_.version(current.id, version);
  if (!saved) throw ApiError::notFound("Workflow version not found");
  store::WorkflowContent content = saved->content;
  content.is_public = current.content.is_public;  // visibility is not part of history
  return saveContent(caller, current, content, current.version,
                     "restored version " + std::to_string(version));
}

std::string WorkflowService::exportDocument(const auth::Caller& caller, std::string_view id) {
  const store::WorkflowRow row = readable(caller, id);
  const auto nodes = parseArray(row.content.nodes);
  std::map<std::string, const plugins::ExtensionInfo*> types;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto node = nodes->getObject(static_cast<unsigned>(i));
    if (node.isNull() || !node->has("type")) continue;
    const std::string type = node->get("type").toString();
    const auto* entry = registry_.nodeTypes().find(type);
    types.emplace(type, entry ? &entry->info : nullptr);
  }
  text::JsonWriter json;
  json.beginObject()
      .field("format", kExportFormat)
      .field("format_version", kExportFormatVersion)
      .key("workflow")
      .beginObject()
      .field("name", row.content.name)
      .field("description", row.content.description)
      .key("tags")
      .beginArray();
  for (const auto& tag : row.content.tags)
    json.value(tag);
  json.endArray()
      .key("nodes")
      .rawValue(row.content.nodes)
      .key("connections")
      .rawValue(row.content.connections)
      .key("settings")
      .rawValue(row.content.settings)
      .endObject()
      .key("requires")
      .beginObject()
      .key("node_types")
      .beginArray();
  for (const auto& [type, info] : types) {
    json.beginObject().field("id", type);
    if (info != nullptr) {
      const auto* plugin = registry_.findPlugin(info->owner_plugin_id);
      json.field("type_version", info->type_version).field("plugin", info->owner_plugin_id);
      if (plugin != nullptr) json.field("plugin_version", plugin->version);
    }
    json.endObject();
  }
  json.endArray().endObject().key("agents").beginArray().endArray().endObject();
  return std::move(json).finish();
}

SavedWorkflow WorkflowService::importDocument(const auth::Caller& caller, const Object& document) {
  const auto workflow = document.getObject("workflow");
  Object body;
  for (const char* member : {"name", "description", "tags", "nodes", "connections", "settings"}) {
    if (workflow->has(member)) body.set(member, workflow->get(member));
  }
  if (document.has("workspace_id")) body.set("workspace_id", document.get("workspace_id"));
  SavedWorkflow saved = create(caller, body);
  // Problems are located in the document the caller sent, not in a body they never wrote.
  saved.warnings = checkGraph(saved.row.content, saved.row.workspace_id, {"body", "workflow"});
  return saved;
}

}  // namespace orchestra::workflows
