#include "host/api/HooksApi.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/String.h>

#include <memory>

#include "host/auth/Policy.hpp"
#include "host/errors/ApiError.hpp"
#include "host/http/JsonBody.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/store/SqlValues.hpp"
#include "host/store/WorkflowHeadRepository.hpp"
#include "host/text/JsonCompaction.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

using Poco::JSON::Object;

std::string configString(const Object::Ptr& config, const std::string& key,
                         const std::string& fallback = "") {
  if (config.isNull() || !config->has(key) || !config->get(key).isString()) return fallback;
  return config->getValue<std::string>(key);
}

std::string trimSlashes(std::string_view path) {
  while (!path.empty() && path.front() == '/')
    path.remove_prefix(1);
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  return std::string(path);
}

// Compares in time independent of where the texts differ.
bool sameSecret(std::string_view presented, std::string_view expected) {
  unsigned char difference = presented.size() == expected.size() ? 0 : 1;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const unsigned char left = i < presented.size() ? static_cast<unsigned char>(presented[i]) : 0;
    difference |= static_cast<unsigned char>(left ^ static_cast<unsigned char>(expected[i]));
  }
  return difference == 0;
}

// Writes the payload as one JSON value: the body compacted when it is JSON, else the text as a
// string, null when there is none. No document is built: the body is public input of any shape,
// and only passed on. Past the JSON limits it is refused as any API body is, since the execution
// reads it as a document later.
void writePayload(text::JsonWriter& json, const std::string& body, const http::JsonLimits& limits) {
  if (body.empty()) {
    json.null();
    return;
  }
  std::string payload;
  switch (text::appendCompactJson(body, {limits.max_depth, limits.max_values}, payload)) {
    case text::JsonCompaction::kWritten:
      json.rawValue(payload);
      return;
    case text::JsonCompaction::kNotJson:
      json.value(body);
      return;
    case text::JsonCompaction::kTooDeep:
      throw http::jsonTooDeep(limits);
    case text::JsonCompaction::kTooManyValues:
      throw http::jsonTooManyValues(limits);
  }
}

// What the trigger node receives: method, path, headers (without the secret and Authorization),
// query, body (JSON when it parses as JSON, else the text), and secret_checked when the secret
// header was verified here.
std::string triggerData(http::Request& request, const std::string& path,
                        const std::string& secret_header) {
  text::JsonWriter json;
  json.beginObject().field("method", request.method()).field("path", path);
  if (!secret_header.empty()) json.field("secret_checked", true);
  json.key("headers").beginObject();
  for (const auto& [name, value] : request.raw()) {
    if (!secret_header.empty() && Poco::icompare(name, secret_header) == 0) continue;
    if (Poco::icompare(name, "Authorization") == 0) continue;
    json.field(Poco::toLower(name), value);
  }
  json.endObject();
  json.key("query").beginObject();
  const std::string& query = request.query();
  std::size_t start = 0;
  while (start < query.size()) {
    const std::size_t end = std::min(query.find('&', start), query.size());
    const std::string pair = query.substr(start, end - start);
    const std::size_t equals = pair.find('=');
    const std::string name = pair.substr(0, equals);
    if (!name.empty()) {
      if (auto value = request.queryParam(name)) json.field(name, *value);
    }
    start = end + 1;
  }
  json.endObject();
  json.key("body");
  writePayload(json, request.body(), request.jsonLimits());
  json.endObject();
  return std::move(json).finish();
}

}  // namespace

void registerHookRoutes(http::Router& router, runtime::Runtime& runtime,
                        store::Database& database) {
  auto workflows = std::make_shared<store::WorkflowHeadRepository>(database);
  const auto handle = [&runtime, workflows](http::Request& request) {
    const auto workflow_id = store::canonicalUuid(request.pathParam("workflow_id"));
    const std::string path = trimSlashes(request.pathParam("path"));
    // Unknown, unpublished and path-less hooks look alike: nothing tells a prober which exists.
    const auto notFound = [] { return errors::ApiError::notFound("No webhook at this address"); };
    if (!workflow_id) throw notFound();
    const auto workflow = workflows->find(*workflow_id);
    if (!workflow || workflow->status != "published") throw notFound();
    const runtime::CompileResult compiled =
        runtime.workflows().get(workflow->id, workflow->version);
    if (!compiled.workflow)
      throw errors::ApiError(503, "The workflow cannot run: " + compiled.error);
    Object::Ptr config;
    for (const auto& node : compiled.workflow->nodes) {
      if (node.type_id != "core.trigger.webhook" || node.config.type() != typeid(Object::Ptr)) {
        continue;
      }
      const auto candidate = node.config.extract<Object::Ptr>();
      if (trimSlashes(configString(candidate, "path")) == path) {
        config = candidate;
        break;
      }
    }
    if (config.isNull()) throw notFound();

    bool method_allowed = false;
    const auto methods = config->getArray("methods");
    if (methods.isNull()) {
      method_allowed = request.method() == "POST";
    } else {
      for (std::size_t i = 0; i < methods->size(); ++i) {
        method_allowed = method_allowed || methods->getElement<std::string>(
                                               static_cast<unsigned>(i)) == request.method();
      }
    }
    if (!method_allowed) {
      throw errors::ApiError(405, "This webhook does not accept " + request.method());
    }
    const std::string secret_header = configString(config, "secret_header");
    if (!secret_header.empty() &&
        !sameSecret(request.header(secret_header), configString(config, "secret_value"))) {
      throw errors::ApiError(401, "The webhook secret is missing or wrong");
    }

    runtime::StartRequest start;
    start.workspace_id = workflow->workspace_id;
    start.workflow_id = workflow->id;
    start.user_id = workflow->user_id;
    start.workflow_version = workflow->version;
    start.trigger_type = "webhook";
    start.trigger_data_json = triggerData(request, path, secret_header);
    const bool when_finished = configString(config, "respond", "immediately") == "when_finished";
    std::shared_ptr<runtime::OutcomeWaiter> waiter;
    if (when_finished) waiter = std::make_shared<runtime::OutcomeWaiter>();
    const runtime::StartedExecution started = runtime.startExecution(start, waiter);
    if (waiter) {
      const std::int64_t timeout_ms = config->has("respond_timeout_ms")
                                          ? config->getValue<std::int64_t>("respond_timeout_ms")
                                          : 30000;
      if (const auto outcome = waiter->wait(std::chrono::milliseconds(timeout_ms))) {
        if (outcome->status == "completed") {
          http::Response response = http::Response::json(200, outcome->output_json);
          response.setHeader("X-Execution-Id", started.id);
          return response;
        }
        text::JsonWriter json;
        json.beginObject()
            .field("detail", "The workflow " + outcome->status +
                                 (outcome->error.empty() ? "" : ": " + outcome->error))
            .field("execution_id", started.id)
            .field("status", outcome->status)
            .endObject();
        return http::jsonResponse(500, std::move(json));
      }
      runtime.forgetWaiter(started.id);
    }
    text::JsonWriter json;
    json.beginObject()
        .field("id", started.id)
        .field("workflow_id", started.workflow_id)
        .field("status", waiter ? "running" : started.status)
        .field("created_at", started.created_at)
        .endObject();
    return http::jsonResponse(202, std::move(json));
  };

  for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE"}) {
    http::RouteDoc doc;
    doc.summary = "Trigger a published workflow's webhook";
    doc.tags = {"hooks"};
    doc.requires_auth = false;
    // The webhook's own secret header guards it, not a session.
    doc.action = auth::actionName(auth::Action::Public);
    doc.request_body_optional = true;
    doc.responses[202] = {"Queued (respond: immediately, or still running at the timeout)", ""};
    doc.responses[200] = {"The workflow's output (respond: when_finished)", ""};
    doc.responses[401] = {"The secret header is missing or wrong", ""};
    doc.responses[404] = {"No published workflow has a webhook at this path", ""};
    doc.responses[405] = {"The webhook does not accept this method", ""};
    router.add(method, "/api/v1/hooks/{workflow_id}/{path}", handle, std::move(doc));
  }
}

}  // namespace orchestra::api
