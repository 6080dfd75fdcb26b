#include "host/api/ActivityApi.hpp"

#include "host/auth/Policy.hpp"
#include "host/auth/http/RequestContext.hpp"
#include "host/http/Pagination.hpp"

namespace orchestra::api {

namespace {

void writeActivity(text::JsonWriter& json, const store::ActivityRow& row) {
  json.beginObject()
      .field("id", row.id)
      .field("workspace_id", row.workspace_id)
      .field("user_id", row.user_id)
      .field("action", row.action)
      .field("resource_type", row.resource_type)
      .field("resource_id", row.resource_id)
      .key("details")
      .rawValue(row.details)
      .field("ip_address", row.ip_address)
      .field("user_agent", row.user_agent)
      .field("created_at", row.created_at)
      .endObject();
}

}  // namespace

void registerActivityRoutes(http::Router& router, workspaces::ActivityLog& log) {
  http::RouteDoc doc;
  doc.summary = "The activity log of the caller's workspaces, newest first";
  doc.description =
      "One entry per change made through the API: actor, action (<resource>.<verb>), resource, "
      "details, IP address and User-Agent. created_after / created_before are exclusive.";
  doc.tags = {"activity"};
  doc.requires_auth = true;
  doc.action = auth::actionName(auth::Action::ViewActivity);
  doc.parameters = {
      {"workspace_id", "query",
       "one workspace (default: all of the caller's, and their own account's changes)"},
      {"user_id", "query", "the actor"},
      {"action", "query", "e.g. workflow.updated"},
      {"resource_type", "query", "e.g. workflow"},
      {"resource_id", "query", "a resource's id"},
      {"created_after", "query", "ISO 8601 timestamp"},
      {"created_before", "query", "ISO 8601 timestamp"},
      {"limit", "query", "1-100, default 20", false, R"({"type":"integer"})"},
      {"offset", "query", "default 0", false, R"({"type":"integer"})"}};
  doc.responses[200] = {"One page of activity", ""};
  doc.responses[401] = {"Missing, invalid or revoked access token", ""};
  doc.responses[404] = {"workspace_id is not one of the caller's", ""};
  doc.responses[422] = {"A filter value is not valid", ""};
  router.add(
      "GET", "/api/v1/activity",
      [&log](http::Request& request) {
        const http::PageRequest page = http::parsePageRequest(request);
        workspaces::ActivityFilter filter;
        filter.workspace_id = request.queryParam("workspace_id");
        filter.user_id = request.queryParam("user_id");
        filter.action = request.queryParam("action");
        filter.resource_type = request.queryParam("resource_type");
        filter.resource_id = request.queryParam("resource_id");
        filter.created_after = request.queryParam("created_after");
        filter.created_before = request.queryParam("created_before");
        filter.limit = page.limit;
        filter.offset = page.offset;
        const auto activity = log.list(auth::requireCaller(request), filter);
        return http::listResponse(activity.rows, activity.total, page, writeActivity);
      },
      std::move(doc));
}

}  // namespace orchestra::api
