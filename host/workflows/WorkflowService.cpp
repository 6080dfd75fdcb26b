#include "host/workflows/WorkflowService.hpp"

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
#include "host/workflows/StoredJson.hpp"

namespace orchestra::workflows {

namespace {

using errors::ApiError;

constexpr std::size_t kMaxNameBytes = 255;
// Graph text kept by the warnings cache: a few thousand typical graphs.
constexpr std::size_t kWarningsCacheBytes = std::size_t{32} * 1024 * 1024;
constexpr const char* kExportFormat = "orchestra.workflow";
constexpr int kExportFormatVersion = 1;

// `sent`'s array member `name` when the request sent one (contentFrom then took `stored` from
// it), else `stored` parsed into `parsed`.
text::JsonView graphPart(text::JsonView sent, const char* name, const std::string& stored,
                         std::optional<text::JsonDocument>& parsed) {
  const text::JsonView given = sent.get(name);
  if (given.isArray()) return given;
  parsed = storedJson(stored);
  return parsed->root();
}

std::string jsonMember(text::JsonView body, const char* name, const char* fallback) {
  if (!body.has(name) || body.isNull(name)) return fallback;
  std::string json = text::toJson(body.get(name));
  // Held through the save: the writer's spare capacity (up to the text's size again) would be too.
  json.shrink_to_fit();
  return json;
}

// The content a body describes; members it does not name keep `base`'s values.
store::WorkflowContent contentFrom(text::JsonView body, store::WorkflowContent base) {
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
    const text::JsonView tags = body.get("tags");
    for (std::size_t i = 0; i < tags.size(); ++i) {
      auto tag = tags.getElement<std::string>(i);
      if (std::find(base.tags.begin(), base.tags.end(), tag) == base.tags.end()) {
        base.tags.push_back(std::move(tag));
      }
    }
  }
  if (body.has("is_public")) base.is_public = body.getValue<bool>("is_public");
  return base;
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
  const text::JsonDocument nodes = storedJson(nodes_json);
  for (std::size_t i = 0; i < nodes.root().size(); ++i) {
    const text::JsonView id = nodes.root().at(i).get("id");
    if (id.exists()) ids.push_back(id.isString() ? id.as<std::string>() : text::toJson(id));
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

errors::IssueList WorkflowService::checkGraph(const store::WorkflowContent& content,
                                              const std::string& workspace_id,
                                              const std::vector<std::string>& loc_prefix,
                                              text::JsonView sent) const {
  std::optional<text::JsonDocument> parsed_nodes;
  std::optional<text::JsonDocument> parsed_connections;
  const text::JsonView nodes = graphPart(sent, "nodes", content.nodes, parsed_nodes);
  const text::JsonView connections =
      graphPart(sent, "connections", content.connections, parsed_connections);
  auto issues = GraphValidator(registry_).validate(nodes, connections, loc_prefix);
  for (auto& issue : checkInputSchema(content.settings, loc_prefix))
    issues.add(std::move(issue));
  if (mcp_tools_ != nullptr) {
    issues.append(checkMcpToolArguments(nodes, workspace_id, *mcp_tools_, loc_prefix));
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

SavedWorkflow WorkflowService::create(const auth::Caller& caller, text::JsonDocument body) {
  const text::JsonView sent = body.root();
  return createFrom(caller, sent, contentFrom(sent, {}), sent, {"body"}, &body);
}

SavedWorkflow WorkflowService::createFrom(const auth::Caller& caller, text::JsonView placement,
                                          store::WorkflowContent content, text::JsonView sent,
                                          const std::vector<std::string>& loc_prefix,
                                          text::JsonDocument* release_after_check) {
  std::string workspace_id;
  if (!placement.isNull("workspace_id")) {
    workspace_id = placement.getValue<std::string>("workspace_id");
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
  workflow.content = std::move(content);
  auto warnings = checkGraph(workflow.content, workflow.workspace_id, loc_prefix, sent);
  if (release_after_check != nullptr) *release_after_check = text::JsonDocument();
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
                                           const VersionDigest& before,
                                           const store::WorkflowContent& content,
                                           std::int64_t expected_version,
                                           const std::string& summary_prefix, text::JsonView sent,
                                           text::JsonDocument* release_after_check) {
  auto problems = checkGraph(content, current.workspace_id, {"body"}, sent);
  if (release_after_check != nullptr) *release_after_check = text::JsonDocument();
  if (current.status == "published" && !problems.empty()) {
    // A published workflow may run at any moment: it is never replaced by a broken graph.
    throw ApiError::validation(std::move(problems));
  }
  const std::string changes = describeChanges(before, digestOf(content));
  const std::string summary = summary_prefix.empty() ? changes : summary_prefix + ": " + changes;
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
                                      text::JsonDocument body_document,
                                      std::optional<std::int64_t> expected_version) {
  const text::JsonView body = body_document.root();
  store::WorkflowRow current = writable(caller, id, auth::Action::EditWorkflows);
  if (body.has("version") && !body.isNull("version")) {
    const auto body_version = body.getValue<std::int64_t>("version");
    if (expected_version && *expected_version != body_version) {
      throw ApiError::validation({"body", "version"},
                                 "Does not match the If-Match header's version", "value_error");
    }
    expected_version = body_version;
  }
  // The stored version is digested before the new graph is checked, and its texts go: a graph
  // the body replaces is not held beside the request's document.
  const VersionDigest before = digestOf(current.content);
  const store::WorkflowContent content = contentFrom(body, std::move(current.content));
  return saveContent(caller, current, before, content, expected_version.value_or(current.version),
                     "", body, &body_document);
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
  return saveContent(caller, current, digestOf(current.content), content, current.version,
                     "restored version " + std::to_string(version));
}

std::string WorkflowService::exportDocument(const auth::Caller& caller, std::string_view id) {
  const store::WorkflowRow row = readable(caller, id);
  const text::JsonDocument nodes = storedJson(row.content.nodes);
  std::map<std::string, const plugins::ExtensionInfo*> types;
  for (std::size_t i = 0; i < nodes.root().size(); ++i) {
    const text::JsonView node_type = nodes.root().at(i).get("type");
    if (!node_type.exists()) continue;
    const std::string type =
        node_type.isString() ? node_type.as<std::string>() : text::toJson(node_type);
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

SavedWorkflow WorkflowService::importDocument(const auth::Caller& caller, text::JsonView document) {
  store::WorkflowContent content = contentFrom(document.get("workflow"), {});
  content.is_public = false;  // an import is the importer's draft; visibility is theirs to set
  // Problems are located in the document the caller sent, not in a body they never wrote.
  return createFrom(caller, document, std::move(content), document.get("workflow"),
                    {"body", "workflow"}, nullptr);
}

}  // namespace orchestra::workflows
