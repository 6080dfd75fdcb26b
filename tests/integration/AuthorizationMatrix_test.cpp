// The generated authorization matrix: every route of the API, read from the running host's
// OpenAPI document (so a route added without a policy action fails here), × every role × own or
// foreign workspace × anonymous, against the status the policy table (auth/Policy.hpp) implies.
// Own-workspace requests run on a fresh workspace each, so a permitted delete cannot hide the
// next role's answer.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <sstream>
#include <vector>

#include "host/auth/Policy.hpp"
#include "tests/integration/CollaborationHost.hpp"

namespace orchestra::testing {
namespace {

using Poco::JSON::Object;

struct RouteUnderTest {
  std::string method;
  std::string path_template;
  std::string action;  // empty: the route declared none
  Object::Ptr body_schema;
};

// Whose objects a request addresses.
struct Target {
  WorkspaceFixture fixture;
  std::string member_id;  // a member of that workspace other than the caller
};

class AuthorizationMatrix : public CollaborationTest {
 protected:
  // Members are added with SQL: no cached session may hide them.
  std::string authYaml() const override { return "  session_cache_ttl_ms: 0\n"; }

  std::vector<RouteUnderTest> routes() {
    const auto document = call("GET", "/api/v1/openapi.json", "", "");
    EXPECT_EQ(document.status, 200);
    std::vector<RouteUnderTest> routes;
    const auto paths = document.json()->getObject("paths");
    for (const auto& [path, operations] : *paths) {
      const auto methods = operations.extract<Object::Ptr>();
      for (const auto& [method, operation_var] : *methods) {
        const auto operation = operation_var.extract<Object::Ptr>();
        RouteUnderTest route;
        route.method = Poco::toUpper(method);
        route.path_template = path;
        route.action = operation->optValue<std::string>("x-orchestra-action", "");
        if (operation->has("requestBody")) {
          route.body_schema = operation->getObject("requestBody")
                                  ->getObject("content")
                                  ->getObject("application/json")
                                  ->getObject("schema");
        }
        routes.push_back(std::move(route));
      }
    }
    // Logging out ends the caller's session: last, so every other request still has one.
    std::stable_partition(routes.begin(), routes.end(), [](const RouteUnderTest& route) {
      return route.path_template != "/api/v1/auth/logout";
    });
    return routes;
  }

  // The path with each parameter replaced by the target's object; "" when the test has no
  // fixture for a parameter (a new kind of resource: add one here).
  static std::string concretePath(const std::string& path_template, const Target& target) {
    std::string path;
    std::size_t position = 0;
    while (position < path_template.size()) {
      const auto open = path_template.find('{', position);
      if (open == std::string::npos) {
        path += path_template.substr(position);
        break;
      }
      path += path_template.substr(position, open - position);
      const auto close = path_template.find('}', open);
      const std::string name = path_template.substr(open + 1, close - open - 1);
      const std::string value = parameterValue(path_template, name, target);
      if (value.empty()) return "";
      path += value;
      position = close + 1;
    }
    return path + (path.find('?') == std::string::npos ? "?" : "&") +
           "workspace_id=" + target.fixture.workspace_id;
  }

  static std::string parameterValue(const std::string& path, const std::string& name,
                                    const Target& target) {
    const auto under = [&path](const char* prefix) { return path.rfind(prefix, 0) == 0; };
    const WorkspaceFixture& fixture = target.fixture;
    if (name == "version") return "1";
    if (name == "user_id") return target.member_id;
    if (name == "invitation_id") return fixture.invitation_id;
    if (name == "key_id") return fixture.api_key_id;
    if (name == "workspace_id" && under("/api/v1/ws/collaboration/")) return fixture.workspace_id;
    if (name == "workflow_id" || name == "path") return store::newUuid();  // webhooks: public
    if (name == "token") return "no-such-invitation-token";
    if (name == "name" && under("/api/v1/secrets/")) return fixture.secret_name;
    if (name != "id") return "";
    if (under("/api/v1/workflows/")) return fixture.workflow_id;
    if (under("/api/v1/agents/")) return fixture.agent_id;
    if (under("/api/v1/executions/") || under("/api/v1/ws/executions/"))
      return fixture.execution_id;
    if (under("/api/v1/workspaces/")) return fixture.workspace_id;
    if (under("/api/v1/mcp/servers/")) return fixture.mcp_server_id;
    return "";
  }

  // The smallest body the route's schema accepts, pointing at the target's objects, so that
  // the answer is about authorization and never a 422.
  static std::string sampleValue(const std::string& name, const Object::Ptr& schema,
                                 const Target& target) {
    if (schema.isNull()) return "null";
    if (name == "workflow_id") return quoted(target.fixture.workflow_id);
    if (name == "workspace_id") return quoted(target.fixture.workspace_id);
    if (name == "new_owner_id") return quoted(target.member_id);
    if (name == "node_id") return quoted("start");
    if (name == "role") return quoted("viewer");
    if (name == "email") return quoted("invitee@example.com");
    // A page the SSRF guard refuses at once: the answer is about authorization, not a network.
    if (name == "url") return quoted("http://127.0.0.1:9/");
    if (schema->has("const")) return quoted(schema->getValue<std::string>("const"));
    if (schema->has("enum")) return quoted(schema->getArray("enum")->getElement<std::string>(0));
    std::string type = "string";
    if (schema->has("type")) {
      const auto declared = schema->get("type");
      type = declared.isArray() ? schema->getArray("type")->getElement<std::string>(0)
                                : declared.toString();
    }
    if (type == "object") return sampleObject(schema, target);
    if (type == "array") return "[]";
    if (type == "integer" || type == "number")
      return std::to_string(schema->optValue<int>("minimum", 1));
    if (type == "boolean") return "false";
    if (schema->optValue<std::string>("format", "") == "uuid") return quoted(store::newUuid());
    return quoted("matrix_name");
  }

  static std::string sampleObject(const Object::Ptr& schema, const Target& target) {
    std::vector<std::string> names;
    if (schema->has("required")) {
      const auto required = schema->getArray("required");
      for (std::size_t i = 0; i < required->size(); ++i)
        names.push_back(required->getElement<std::string>(static_cast<unsigned>(i)));
    }
    // "One of these shapes": the first alternative's required members too.
    if (schema->has("anyOf")) {
      const auto first = schema->getArray("anyOf")->getObject(0);
      if (!first.isNull() && first->has("required")) {
        const auto required = first->getArray("required");
        for (std::size_t i = 0; i < required->size(); ++i)
          names.push_back(required->getElement<std::string>(static_cast<unsigned>(i)));
      }
    }
    const auto properties = schema->getObject("properties");
    if (names.empty() && schema->optValue<int>("minProperties", 0) > 0 && !properties.isNull())
      names.push_back(properties->begin()->first);
    // Optional, but without it a route acts in the caller's personal workspace, not the target.
    if (!properties.isNull() && properties->has("workspace_id") &&
        std::find(names.begin(), names.end(), "workspace_id") == names.end())
      names.emplace_back("workspace_id");
    std::string json = "{";
    for (const auto& name : names) {
      if (json.size() > 1) json += ",";
      const auto property = properties.isNull() ? Object::Ptr() : properties->getObject(name);
      json += quoted(name) + ":" + sampleValue(name, property, target);
    }
    return json + "}";
  }

  static std::string quoted(const std::string& text) { return "\"" + text + "\""; }

  std::vector<std::string> mismatches_;

  void expectThat(const RouteUnderTest& route, const std::string& who, int status, bool pass,
                  const std::string& expected, const std::string& body) {
    if (pass) return;
    mismatches_.push_back(route.method + " " + route.path_template + " as " + who + ": got " +
                          std::to_string(status) + ", expected " + expected + " — " +
                          body.substr(0, 160));
  }

  HttpResult send(const RouteUnderTest& route, const Target& target, const std::string& as) {
    const std::string path = concretePath(route.path_template, target);
    const std::string body =
        route.body_schema.isNull() ? "" : sampleObject(route.body_schema, target);
    return call(route.method, path, body, as);
  }
};

TEST_P(AuthorizationMatrix, EveryRouteAnswersAsThePolicyTableSays) {
  // The stranger's personal workspace with objects of every kind: the foreign workspace.
  WorkspaceFixture foreign;
  foreign.workspace_id = call("GET", "/api/v1/auth/me", "", "stranger")
                             .json()
                             ->getArray("workspaces")
                             ->getObject(0)
                             ->getValue<std::string>("id");
  fillWorkspace(foreign, "stranger");
  const Target foreign_target{foreign, userId("stranger")};
  Target shared{teamWorkspace(), userId("subject")};

  int checked_routes = 0;
  for (const RouteUnderTest& route : routes()) {
    const auth::PolicyRule* rule = auth::findPolicyRule(route.action);
    if (rule == nullptr) {
      mismatches_.push_back(route.method + " " + route.path_template +
                            ": no policy action (RouteDoc::action) or an unknown one '" +
                            route.action + "'");
      continue;
    }
    if (concretePath(route.path_template, shared).empty()) {
      mismatches_.push_back(route.method + " " + route.path_template +
                            ": the matrix has no fixture for a path parameter");
      continue;
    }
    ++checked_routes;
    const auto anonymous = send(route, shared, "");
    if (rule->scope == auth::ActionScope::Public) {
      // Open routes judge their own input (a refresh token, a webhook secret), never a role.
      expectThat(route, "anonymous", anonymous.status,
                 anonymous.status != 403 && anonymous.status < 500, "no 403/5xx", anonymous.body);
      continue;
    }
    expectThat(route, "anonymous", anonymous.status, anonymous.status == 401, "401",
               anonymous.body);
    if (rule->scope == auth::ActionScope::Account) {
      for (const char* role : kRoles) {
        const auto answer = send(route, shared, role);
        expectThat(route, role, answer.status,
                   answer.status != 401 && answer.status != 403 && answer.status < 500,
                   "not 401/403/5xx", answer.body);
      }
      continue;
    }
    for (const char* role : kRoles) {
      // Another workspace's objects do not exist for any role of this one.
      const auto foreign_answer = send(route, foreign_target, role);
      expectThat(route, std::string(role) + " (foreign)", foreign_answer.status,
                 foreign_answer.status == 404, "404", foreign_answer.body);
      const bool allowed = auth::roleAllows(*auth::parseWorkspaceRole(role), rule->action);
      const auto answer = send(route, shared, role);
      if (allowed) {
        // Past authorization a route may still be unavailable (501 without an AI provider).
        expectThat(route, role, answer.status,
                   answer.status != 401 && answer.status != 403 && answer.status != 404 &&
                       answer.status != 500,
                   "allowed (not 401/403/404/500)", answer.body);
        // The request may have changed or removed what the next role addresses.
        if (route.method != "GET") shared = {teamWorkspace(), userId("subject")};
      } else {
        expectThat(route, role, answer.status, answer.status == 403, "403", answer.body);
      }
    }
  }
  EXPECT_GT(checked_routes, 40);
  std::ostringstream report;
  for (const auto& mismatch : mismatches_)
    report << mismatch << "\n";
  EXPECT_TRUE(mismatches_.empty()) << mismatches_.size() << " mismatch(es):\n" << report.str();
}

INSTANTIATE_TEST_SUITE_P(Dialects, AuthorizationMatrix,
                         ::testing::Values(store::DialectKind::Sqlite,
                                           store::DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
