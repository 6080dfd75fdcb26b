#include "host/api/SecretsApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

// The name is how templates refer to it ({{ secrets.NAME }}), so it is an identifier.
constexpr const char* kNameSchema =
    R"({"type":"string","pattern":"^[A-Za-z_][A-Za-z0-9_]{0,127}$"})";
// Characters here; the service bounds the value's bytes (kMaxSecretValueBytes) as well.
constexpr const char* kValueSchema = R"({"type":"string","minLength":1,"maxLength":65536})";
constexpr const char* kDescriptionSchema = R"({"type":["string","null"],"maxLength":1000})";

std::string createSchema() {
  return std::string(R"({"type":"object","additionalProperties":false,"required":["name","value"],)"
                     R"("properties":{"name":)") +
         kNameSchema + R"(,"value":)" + kValueSchema + R"(,"description":)" + kDescriptionSchema +
         R"(,"workspace_id":{"type":"string","format":"uuid"}}})";
}

std::string updateSchema() {
  return std::string(R"({"type":"object","additionalProperties":false,"minProperties":1,)"
                     R"("properties":{"value":)") +
         kValueSchema + R"(,"description":)" + kDescriptionSchema + "}}";
}

constexpr const char* kSecretSchema =
    R"({"type":"object","properties":{"id":{"type":"string"},"workspace_id":{"type":"string"},)"
    R"("name":{"type":"string"},"description":{"type":["string","null"]},)"
    R"("key_version":{"type":"integer"},"created_by":{"type":["string","null"]},)"
    R"("created_at":{"type":"string"},"updated_at":{"type":"string"}}})";

// Metadata only: there is deliberately no member for the value.
void writeSecret(text::JsonWriter& json, const store::SecretRow& secret) {
  json.beginObject()
      .field("id", secret.id)
      .field("workspace_id", secret.workspace_id)
      .field("name", secret.name)
      .field("description", secret.description)
      .field("key_version", secret.sealed.key_version)
      .field("created_by", secret.created_by)
      .field("created_at", secret.created_at)
      .field("updated_at", secret.updated_at)
      .endObject();
}

http::Response secretResponse(int status, const store::SecretRow& secret) {
  text::JsonWriter json;
  writeSecret(json, secret);
  return http::jsonResponse(status, std::move(json));
}

http::RouteDoc doc(std::string summary, std::string request_schema = "",
                   auth::Action action = auth::Action::ViewSecrets) {
  http::RouteDoc route_doc;
  route_doc.summary = std::move(summary);
  route_doc.tags = {"secrets"};
  route_doc.requires_auth = true;
  route_doc.action = auth::actionName(action);
  route_doc.request_schema_json = std::move(request_schema);
  // A 64 KiB value escaped as JSON can take six bytes a character.
  if (!route_doc.request_schema_json.empty()) route_doc.max_body_bytes = std::int64_t{512} * 1024;
  route_doc.parameters = {{"workspace_id", "query", "default: the caller's personal workspace",
                           false, R"({"type":"string","format":"uuid"})"}};
  route_doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  route_doc.responses[404] = {"No such secret, or a workspace the caller is not a member of", ""};
  route_doc.responses[503] = {"Secrets are off: the host has no master key", ""};
  return route_doc;
}

http::RouteDoc writeDoc(std::string summary, std::string request_schema = "") {
  auto route_doc = doc(std::move(summary), std::move(request_schema), auth::Action::ManageSecrets);
  route_doc.responses[403] = {"Viewers cannot change secrets", ""};
  return route_doc;
}

// Secrets are known by name (resource_id stays empty: it is a UUID column); never a value.
workspaces::ActivityEntry secretActivity(const std::string& workspace_id, const std::string& name,
                                         const char* action) {
  text::JsonWriter details;
  details.beginObject().field("name", name).endObject();
  return {workspace_id, action, "secret", std::nullopt, std::move(details).finish()};
}

}  // namespace

void registerSecretRoutes(http::Router& router, secrets::SecretService& service,
                          const ActivityRecorder& activity) {
  auto list = doc("List the secrets of a workspace: names and metadata, never values");
  list.parameters.push_back(
      {"limit", "query", "1-100, default 20", false, R"({"type":"integer"})"});
  list.parameters.push_back({"offset", "query", "default 0", false, R"({"type":"integer"})"});
  router.add(
      "GET", "/api/v1/secrets",
      [&service](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        const auto secrets =
            service.list(auth::requireCaller(request), auth::requestedWorkspaceId(request),
                         page.limit, page.offset);
        return http::listResponse(secrets.rows, secrets.total, page, writeSecret);
      },
      std::move(list));

  auto create = writeDoc("Store a secret, encrypted at rest", createSchema());
  create.responses[201] = {"The secret's metadata", kSecretSchema};
  create.responses[409] = {"The workspace has a secret of that name", ""};
  router.add(
      "POST", "/api/v1/secrets",
      [&service, &activity](http::Request& request) {
        const auto secret = service.create(auth::requireCaller(request),
                                           auth::requestedWorkspaceId(request), request.jsonBody());
        activity.record(request,
                        secretActivity(secret.workspace_id, secret.name, "secret.created"));
        return secretResponse(201, secret);
      },
      std::move(create));

  auto read = doc("One secret's metadata");
  read.responses[200] = {"The secret's metadata", kSecretSchema};
  router.add(
      "GET", "/api/v1/secrets/{name}",
      [&service](http::Request& request) {
        return secretResponse(
            200, service.get(auth::requireCaller(request), auth::requestedWorkspaceId(request),
                             request.pathParam("name")));
      },
      std::move(read));

  auto rotate = writeDoc("Rotate a secret's value and/or change its description", updateSchema());
  rotate.responses[200] = {"The secret's metadata", kSecretSchema};
  router.add(
      "PUT", "/api/v1/secrets/{name}",
      [&service, &activity](http::Request& request) {
        const auto secret =
            service.update(auth::requireCaller(request), auth::requestedWorkspaceId(request),
                           request.pathParam("name"), request.jsonBody());
        activity.record(request,
                        secretActivity(secret.workspace_id, secret.name, "secret.updated"));
        return secretResponse(200, secret);
      },
      std::move(rotate));

  router.add(
      "DELETE", "/api/v1/secrets/{name}",
      [&service, &activity](http::Request& request) {
        const std::string name(request.pathParam("name"));
        const std::string workspace_id =
            service.remove(auth::requireCaller(request), auth::requestedWorkspaceId(request), name);
        activity.record(request, secretActivity(workspace_id, name, "secret.deleted"));
        return http::Response::noContent();
      },
      writeDoc("Delete a secret"));
}

}  // namespace orchestra::api
