#include "host/api/EventsApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/JsonResponse.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::api {

namespace {

constexpr const char* kEventSchema =
    R"({"type":"object","required":["name"],"additionalProperties":false,)"
    R"("properties":{"name":{"type":"string","minLength":1,"maxLength":200},)"
    R"("data":{"type":"object","default":{}},)"
    R"("workspace_id":{"type":"string","minLength":1,"maxLength":64}}})";

constexpr const char* kStartedSchema =
    R"({"type":"object","properties":{"started":{"type":"array","items":{"type":"string"}}}})";

}  // namespace

void registerEventRoutes(http::Router& router, runtime::EventTriggers& triggers,
                         const ActivityRecorder& activity) {
  http::RouteDoc doc;
  doc.summary = "Post a named event to a workspace";
  doc.description =
      "Starts every published workflow of the workspace (default: the caller's personal one) "
      "whose core.trigger.event node has on: named and this event name; the event arrives as "
      "the trigger data {event: \"named\", name, data, workspace_id}. Posting needs the right to "
      "run workflows there (editor or above).";
  doc.tags = {"events"};
  doc.requires_auth = true;
  doc.action = auth::actionName(auth::Action::ExecuteWorkflows);
  doc.request_schema_json = kEventSchema;
  doc.responses[202] = {"The ids of the executions started (possibly none)", kStartedSchema};
  doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  doc.responses[403] = {"The caller is a viewer of the workspace", ""};
  doc.responses[404] = {"No such workspace among the caller's", ""};
  doc.responses[503] = {"Too many executions are waiting", ""};
  router.add(
      "POST", "/api/v1/events",
      [&triggers, &activity](http::Request& request) {
        const auth::Caller& caller = auth::requireCaller(request);
        const text::JsonView body = request.jsonBody();
        std::optional<std::string> requested;
        if (body.has("workspace_id") && !body.isNull("workspace_id")) {
          requested = body.getValue<std::string>("workspace_id");
        }
        const std::string workspace_id = auth::requestedOrPersonalWorkspace(caller, requested);
        auth::authorize(caller, workspace_id, auth::Action::ExecuteWorkflows);
        const std::vector<std::string> started = triggers.fireNamed(
            store::canonicalUuid(workspace_id).value_or(workspace_id), caller.userId(),
            body.getValue<std::string>("name"), text::toJson(body.get("data")));
        text::JsonWriter details;
        details.beginObject()
            .field("name", body.getValue<std::string>("name"))
            .field("started", static_cast<std::int64_t>(started.size()))
            .endObject();
        activity.record(request,
                        {store::canonicalUuid(workspace_id).value_or(workspace_id), "event.posted",
                         "event", std::nullopt, std::move(details).finish()});
        text::JsonWriter json;
        json.beginObject().key("started").beginArray();
        for (const std::string& id : started)
          json.value(id);
        json.endArray().endObject();
        return http::jsonResponse(202, std::move(json));
      },
      std::move(doc));
}

}  // namespace orchestra::api
