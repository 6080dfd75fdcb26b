#include "host/api/ApiKeysApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

// Fields outside the schema (key_hash, workspace_id, created_by...) are refused with 422, as
// everywhere in the API: a client learns that they were not applied.
constexpr const char* kCreateSchema =
    R"({"type":"object","additionalProperties":false,"required":["name"],"properties":{)"
    R"("name":{"type":"string","minLength":1,"maxLength":255},)"
    R"("expires_in_days":{"type":"integer","minimum":1,"maximum":3650}}})";

constexpr const char* kKeySchema =
    R"({"type":"object","properties":{"id":{"type":"string"},"workspace_id":{"type":"string"},)"
    R"("name":{"type":"string"},"prefix":{"type":"string"},"role":{"type":"string"},)"
    R"("created_by":{"type":"string"},"created_at":{"type":"string"},)"
    R"("last_used_at":{"type":["string","null"]},"expires_at":{"type":["string","null"]},)"
    R"("revoked_at":{"type":["string","null"]},)"
    R"("secret":{"type":"string","description":"Only in the create answer"}}})";

void writeKeyFields(text::JsonWriter& json, const store::ApiKeyRow& row) {
  json.field("id", row.id)
      .field("workspace_id", row.workspace_id)
      .field("name", row.name)
      .field("prefix", row.key_prefix)
      .field("role", auth::kApiKeyRole)
      .field("created_by", row.created_by)
      .field("created_at", row.created_at)
      .field("last_used_at", row.last_used_at)
      .field("expires_at", row.expires_at)
      .field("revoked_at", row.revoked_at);
}

void writeKey(text::JsonWriter& json, const store::ApiKeyRow& row) {
  json.beginObject();
  writeKeyFields(json, row);
  json.endObject();
}

workspaces::ActivityEntry keyActivity(const store::ApiKeyRow& row, const char* action) {
  text::JsonWriter details;
  details.beginObject().field("name", row.name).field("prefix", row.key_prefix).endObject();
  return {row.workspace_id, action, "api_key", row.id, std::move(details).finish()};
}

http::RouteDoc doc(std::string summary, std::string request_schema = "") {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"workspaces"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(auth::Action::ManageApiKeys);
  route_doc.request_schema_json = std::move(request_schema);
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[403] = {"The caller is not an administrator of the workspace", ""};
  route_doc.responses[404] = {"No such workspace among the caller's", ""};
  return route_doc;
}

}  // namespace

void registerApiKeyRoutes(http::Router& router, auth::ApiKeyService& service,
                          const ActivityRecorder& activity) {
  auto create =
      doc("Create an API key; its secret is in this answer and never again", kCreateSchema);
  create.description =
      "The key acts in this workspace only, as an editor, on the routes that accept keys "
      "(the MCP endpoint /api/v1/mcp), until revoked, expired (expires_in_days), or its creator "
      "leaves the workspace. Only its SHA-256 is stored.";
  create.responses[201] = {"The key with its secret", kKeySchema};
  router.add(
      "POST", "/api/v1/workspaces/{id}/api-keys",
      [&service, &activity](http::Request& request) {
        const text::JsonView body = request.jsonBody();
        std::optional<int> expires_in_days;
        if (body.has("expires_in_days")) expires_in_days = body.getValue<int>("expires_in_days");
        const auto created = service.create(auth::requireCaller(request), request.pathParam("id"),
                                            body.getValue<std::string>("name"), expires_in_days);
        activity.record(request, keyActivity(created.row, "api_key.created"));
        text::JsonWriter json;
        json.beginObject();
        writeKeyFields(json, created.row);
        json.field("secret", created.secret).endObject();
        http::Response response = http::jsonResponse(201, std::move(json));
        response.setHeader("Cache-Control", "no-store");
        return response;
      },
      std::move(create));

  auto list = doc("The workspace's API keys, revoked ones included (never their secrets)");
  list.responses[200] = {"The keys, newest first", ""};
  router.add(
      "GET", "/api/v1/workspaces/{id}/api-keys",
      [&service](http::Request& request) {
        const auto keys = service.list(auth::requireCaller(request), request.pathParam("id"));
        const auto total = static_cast<std::int64_t>(keys.size());
        return http::listResponse(keys, total, {total == 0 ? 1 : total, 0}, writeKey);
      },
      std::move(list));

  auto revoke = doc("Revoke an API key: requests presenting it are refused from now on");
  revoke.responses[204] = {"Revoked", ""};
  revoke.responses[404] = {"No such workspace, or no unrevoked key of this id in it", ""};
  router.add(
      "DELETE", "/api/v1/workspaces/{id}/api-keys/{key_id}",
      [&service, &activity](http::Request& request) {
        const auto revoked = service.revoke(auth::requireCaller(request), request.pathParam("id"),
                                            request.pathParam("key_id"));
        activity.record(request, keyActivity(revoked, "api_key.revoked"));
        return http::Response::noContent();
      },
      std::move(revoke));
}

}  // namespace orchestra::api
