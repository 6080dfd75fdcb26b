// The Workflows API on the real binary and both databases: the plan's List and Create examples,
// graph validation with exact locations, drafts with warnings and publishing, versions with
// If-Match and the concurrent-save race, export/import, scoping and roles, search filters, and
// the bad input a hostile client sends.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <vector>

#include "host/schema/JsonValue.hpp"
#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"
#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;
using store::DialectKind;

using Headers = std::map<std::string, std::string>;

Poco::Dynamic::Var parse(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json);
}

std::string loc(const Object::Ptr& issue) {
  std::string text;
  const auto parts = issue->getArray("loc");
  for (std::size_t i = 0; i < parts->size(); ++i)
    text += (i == 0 ? "" : ".") + parts->get(static_cast<unsigned>(i)).toString();
  return text;
}

// "loc -> type" of every issue in a 422 body's detail or a workflow's warnings.
std::set<std::string> issuesOf(const Array::Ptr& issues) {
  std::set<std::string> found;
  for (std::size_t i = 0; i < issues->size(); ++i) {
    const auto issue = issues->getObject(static_cast<unsigned>(i));
    found.insert(loc(issue) + " -> " + issue->getValue<std::string>("type"));
  }
  return found;
}

constexpr const char* kValidGraph =
    R"("nodes":[{"id":"start","type":"core.trigger.manual","position":{"x":0,"y":0},"data":{}},)"
    R"({"id":"wait","type":"core.delay","position":{"x":200,"y":0},"data":{"duration_ms":5}}],)"
    R"("connections":[{"id":"c1","source":"start","target":"wait"}])";

class Workflows : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    // The in-tree node types, so that graphs can be checked against real schemas and ports.
    host_ = std::make_unique<AuthHost>(
        GetParam(), std::string("plugins:\n  load:\n    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR +
                        "/libcore_nodes.so\"\n      required: true\n");
    token_ = accessToken("ada@example.com");
  }

  std::string accessToken(const std::string& email) {
    const auto login = host_->login(email);
    EXPECT_EQ(login.status, 200) << login.body;
    return login.json()->getValue<std::string>("access_token");
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "", Headers headers = {}) {
    headers["Authorization"] = "Bearer " + (token.empty() ? token_ : token);
    return host_->client().request(method, path, body, headers);
  }

  std::string createWorkflow(const std::string& name, const std::string& extra = "",
                             const std::string& token = "") {
    const auto created = call("POST", "/api/v1/workflows",
                              R"({"name":")" + name + "\"," + std::string(kValidGraph) +
                                  (extra.empty() ? "" : "," + extra) + "}",
                              token);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json()->getValue<std::string>("id");
  }

  // Runs SQL against the host's database (roles and memberships no API writes yet).
  void sql(const std::string& statement) {
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    database.execute(session, statement);
  }

  std::string userId(const std::string& token) {
    return call("GET", "/api/v1/auth/me", "", token).json()->getValue<std::string>("id");
  }
  std::string personalWorkspace(const std::string& token) {
    return call("GET", "/api/v1/auth/me", "", token)
        .json()
        ->getArray("workspaces")
        ->getObject(0)
        ->getValue<std::string>("id");
  }

  std::unique_ptr<AuthHost> host_;
  std::string token_;
};

TEST_P(Workflows, CreateListReadDeleteAsThePlanShowsThem) {
  const auto created = call("POST", "/api/v1/workflows",
                            R"({"name":"New Workflow","description":"Description here",)"
                            R"("nodes":[],"connections":[],"tags":["new"]})");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto body = created.json();
  EXPECT_TRUE(store::canonicalUuid(body->getValue<std::string>("id")).has_value());
  EXPECT_EQ(body->getValue<std::string>("name"), "New Workflow");
  EXPECT_EQ(body->getValue<std::string>("status"), "draft");
  EXPECT_FALSE(body->getValue<std::string>("created_at").empty());
  EXPECT_EQ(created.header("ETag"), "\"1\"");
  // An empty draft is allowed; what it lacks travels with it.
  EXPECT_EQ(issuesOf(body->getArray("warnings")),
            (std::set<std::string>{"body.nodes -> no_trigger"}));
  const std::string id = body->getValue<std::string>("id");

  createWorkflow("Customer Support Agent", R"("tags":["customer-support","automation"])");
  const auto listed = call("GET", "/api/v1/workflows?status=draft&limit=10&offset=0");
  ASSERT_EQ(listed.status, 200) << listed.body;
  const auto page = listed.json();
  EXPECT_EQ(page->getValue<int>("total"), 2);
  EXPECT_EQ(page->getValue<int>("limit"), 10);
  EXPECT_EQ(page->getValue<int>("offset"), 0);
  const auto items = page->getArray("items");
  ASSERT_EQ(items->size(), 2U);
  const auto first = items->getObject(0);  // newest first
  EXPECT_EQ(first->getValue<std::string>("name"), "Customer Support Agent");
  for (const char* member : {"id", "name", "description", "status", "nodes", "connections", "tags",
                             "created_at", "updated_at"}) {
    EXPECT_TRUE(first->has(member)) << member;
  }
  EXPECT_EQ(first->getArray("tags")->getElement<std::string>(0), "customer-support");
  EXPECT_EQ(first->getArray("nodes")->size(), 2U);

  const auto read = call("GET", "/api/v1/workflows/" + id);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.json()->getValue<std::string>("description"), "Description here");
  EXPECT_EQ(call("DELETE", "/api/v1/workflows/" + id).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/workflows/" + id).status, 404);
  EXPECT_EQ(call("DELETE", "/api/v1/workflows/" + id).status, 404);
}

TEST_P(Workflows, EveryGraphProblemIsReportedAtOnceWithItsLocation) {
  const std::string graph =
      R"({"name":"Broken","nodes":[)"
      R"({"id":"a","type":"core.http_requst","position":{"x":0,"y":0},)"
      R"("data":{"note":"{{ trigers.data }}"}},)"
      R"({"id":"b","type":"core.delay","position":{"x":0,"y":0},"data":{"duration_ms":"soon"}},)"
      R"({"id":"b","type":"core.delay","position":{"x":0,"y":0},"data":{"duration_ms":1}},)"
      R"({"id":"c","type":"core.delay","position":{"x":0,"y":0},"data":{"duration_ms":1}},)"
      R"({"id":"d","type":"core.delay","position":{"x":0,"y":0},"data":{"duration_ms":1}},)"
      R"({"id":"e","type":"core.set","position":{"x":0,"y":0},)"
      R"("data":{"values":[{"path":"x","value":"{{ nodes.b.output }}"}]}}],)"
      R"("connections":[{"id":"k1","source":"c","target":"d"},{"id":"k2","source":"d","target":"c"},)"
      R"({"id":"k2","source":"c","target":"ghost"},)"
      R"({"id":"k3","source":"c","target":"e","sourceHandle":"nope"}]})";
  const auto created = call("POST", "/api/v1/workflows", graph);
  ASSERT_EQ(created.status, 201) << created.body;  // a draft may be saved broken
  const auto warnings = issuesOf(created.json()->getArray("warnings"));
  EXPECT_EQ(warnings, (std::set<std::string>{
                          "body.nodes.0.type -> unknown_node_type",
                          "body.nodes.1.data.duration_ms -> node_config",
                          "body.nodes.2.id -> duplicate_id",
                          "body.nodes -> no_trigger",
                          "body.connections.2.id -> duplicate_id",
                          "body.connections.2.target -> unknown_node",
                          "body.connections.3.sourceHandle -> unknown_port",
                          "body.nodes.3 -> cycle",
                          "body.nodes.5.data.values.0.value -> expression_reference",
                          "body.nodes.0.data.note -> expression",
                      }))
      << created.body;
  const auto issues = created.json()->getArray("warnings");
  for (std::size_t i = 0; i < issues->size(); ++i) {
    const auto issue = issues->getObject(static_cast<unsigned>(i));
    if (issue->getValue<std::string>("type") == "unknown_node_type") {
      EXPECT_NE(issue->getValue<std::string>("msg").find("did you mean 'core.http_request'"),
                std::string::npos)
          << issue->getValue<std::string>("msg");
    }
  }
  const std::string id = created.json()->getValue<std::string>("id");
  const auto publish =
      call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"published"})");
  EXPECT_EQ(publish.status, 422) << publish.body;
  EXPECT_EQ(issuesOf(publish.json()->getArray("detail")), warnings);

  const auto fixed = call("PUT", "/api/v1/workflows/" + id, std::string("{") + kValidGraph + "}",
                          "", {{"If-Match", "\"1\""}});
  ASSERT_EQ(fixed.status, 200) << fixed.body;
  EXPECT_EQ(fixed.json()->getArray("warnings")->size(), 0U);
  const auto published =
      call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"published"})");
  ASSERT_EQ(published.status, 200) << published.body;
  EXPECT_EQ(published.json()->getValue<std::string>("status"), "published");
  // A published workflow never takes a broken graph.
  const auto broken = call("PUT", "/api/v1/workflows/" + id, R"({"nodes":[]})");
  EXPECT_EQ(broken.status, 422) << broken.body;
  // archived → published must pass through draft.
  EXPECT_EQ(call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"archived"})").status,
            200);
  EXPECT_EQ(
      call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"published"})").status,
      409);
  EXPECT_EQ(call("PATCH", "/api/v1/workflows/" + id + "/status", R"({"status":"gone"})").status,
            422);
}

TEST_P(Workflows, ALargeGraphWithStudioFieldsRoundTripsUnchanged) {
  std::string nodes = R"([{"id":"n0","type":"core.trigger.manual","position":{"x":0,"y":0},)"
                      R"("data":{},"style":{"background":"#ffeecc"},"label":"Start"})";
  std::string connections = "[";
  for (int i = 1; i < 500; ++i) {
    nodes += R"(,{"id":"n)" + std::to_string(i) + R"(","type":"core.delay","position":{"x":)" +
             std::to_string(i * 10) + R"(,"y":1.5},"data":{"duration_ms":)" + std::to_string(i) +
             R"(},"selected":false,"width":180,"meta":{"colour":"teal","notes":["é","\u2603"]}})";
    connections += (i == 1 ? "" : ",") + std::string(R"({"id":"e)") + std::to_string(i) +
                   R"(","source":"n)" + std::to_string(i - 1) + R"(","target":"n)" +
                   std::to_string(i) + R"(","animated":true})";
  }
  nodes += "]";
  connections += "]";
  const std::string body = R"({"name":"Big","nodes":)" + nodes + R"(,"connections":)" +
                           connections +
                           R"(,"settings":{"viewport":{"x":1,"y":2,"zoom":0.5},)"
                           R"("timeout_ms":60000}})";
  const auto created = call("POST", "/api/v1/workflows", body);
  ASSERT_EQ(created.status, 201) << created.body.substr(0, 500);
  EXPECT_EQ(created.json()->getArray("warnings")->size(), 0U) << created.body.substr(0, 2000);
  const auto read = call("GET", "/api/v1/workflows/" + created.json()->getValue<std::string>("id"));
  ASSERT_EQ(read.status, 200);
  const auto sent = parse(body).extract<Object::Ptr>();
  const auto stored = read.json();
  for (const char* member : {"nodes", "connections", "settings"}) {
    EXPECT_TRUE(schema::jsonEquals(sent->get(member), stored->get(member))) << member;
  }
}

TEST_P(Workflows, VersionsRestoreAndNoLostUpdates) {
  const std::string id = createWorkflow("Versioned");
  const std::string path = "/api/v1/workflows/" + id;
  const auto second = call("PUT", path,
                           R"({"name":"Versioned 2",)"
                           R"("nodes":[{"id":"start","type":"core.trigger.manual","data":{}}],)"
                           R"("connections":[]})",
                           "", {{"If-Match", "\"1\""}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(second.header("ETag"), "\"2\"");
  EXPECT_EQ(second.json()->getValue<int>("version"), 2);

  // A save based on version 1 now loses: 409 with the current version, nothing written.
  const auto stale = call("PUT", path, R"({"name":"Stale"})", "", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(stale.header("ETag"), "\"2\"");
  EXPECT_NE(stale.json()->getValue<std::string>("detail").find("version 2"), std::string::npos);
  const auto stale_body = call("PUT", path, R"({"name":"Stale","version":1})");
  EXPECT_EQ(stale_body.status, 409);
  EXPECT_EQ(call("GET", path).json()->getValue<std::string>("name"), "Versioned 2");
  EXPECT_EQ(call("PUT", path, R"({"name":"x"})", "", {{"If-Match", "yesterday"}}).status, 400);

  const auto versions = call("GET", path + "/versions");
  ASSERT_EQ(versions.status, 200) << versions.body;
  const auto items = versions.json()->getArray("items");
  ASSERT_EQ(items->size(), 2U);
  EXPECT_EQ(items->getObject(0)->getValue<int>("version"), 2);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("summary"),
            "renamed, 1 node removed, 1 node changed, 1 connection removed");
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("created_by"), userId(token_));
  EXPECT_EQ(items->getObject(1)->getValue<std::string>("summary"), "created");

  const auto first = call("GET", path + "/versions/1");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.json()->getArray("nodes")->size(), 2U);
  EXPECT_EQ(call("GET", path + "/versions/9").status, 404);
  EXPECT_EQ(call("GET", path + "/versions/zero").status, 422);

  const auto restored = call("POST", path + "/versions/1/restore");
  ASSERT_EQ(restored.status, 200) << restored.body;
  EXPECT_EQ(restored.json()->getValue<int>("version"), 3);
  EXPECT_EQ(restored.json()->getValue<std::string>("name"), "Versioned");
  EXPECT_EQ(restored.json()->getArray("nodes")->size(), 2U);

  // Two saves based on the same version race: exactly one wins.
  auto save = [&](const std::string& name) {
    return std::async(std::launch::async, [&, name] {
      return call("PUT", path, R"({"name":")" + name + "\"}", "", {{"If-Match", "\"3\""}}).status;
    });
  };
  auto left = save("left");
  auto right = save("right");
  const std::multiset<int> statuses = {left.get(), right.get()};
  EXPECT_EQ(statuses, (std::multiset<int>{200, 409}));
  EXPECT_EQ(call("GET", path).json()->getValue<int>("version"), 4);
}

TEST_P(Workflows, ExportImportExportIsStableAndUnknownTypesAreReported) {
  const std::string id = createWorkflow("Portable", R"("tags":["a","b"])");
  const auto exported = call("GET", "/api/v1/workflows/" + id + "/export");
  ASSERT_EQ(exported.status, 200) << exported.body;
  EXPECT_EQ(exported.body.find(userId(token_)), std::string::npos);
  EXPECT_EQ(exported.body.find(id), std::string::npos);
  const auto document = exported.json();
  EXPECT_EQ(document->getValue<std::string>("format"), "orchestra.workflow");
  const auto requires_types = document->getObject("requires")->getArray("node_types");
  ASSERT_EQ(requires_types->size(), 2U);
  EXPECT_EQ(requires_types->getObject(0)->getValue<std::string>("plugin"), "core");

  const auto imported = call("POST", "/api/v1/workflows/import", exported.body);
  ASSERT_EQ(imported.status, 201) << imported.body;
  const std::string copy = imported.json()->getValue<std::string>("id");
  EXPECT_NE(copy, id);
  EXPECT_EQ(imported.json()->getValue<std::string>("status"), "draft");
  const auto again = call("GET", "/api/v1/workflows/" + copy + "/export");
  EXPECT_EQ(again.body, exported.body);

  // The same document from an installation with a node type this one lacks.
  const auto foreign_document = exported.json();
  foreign_document->getObject("workflow")
      ->getArray("nodes")
      ->getObject(1)
      ->set("type", "acme.crm/lookup");
  const std::string foreign = text::toJson(foreign_document);
  const auto with_unknown = call("POST", "/api/v1/workflows/import", foreign);
  ASSERT_EQ(with_unknown.status, 201) << with_unknown.body;
  EXPECT_EQ(issuesOf(with_unknown.json()->getArray("warnings")),
            (std::set<std::string>{"body.workflow.nodes.1.type -> unknown_node_type"}));
  // Reported, not dropped.
  EXPECT_EQ(with_unknown.json()->getArray("nodes")->size(), 2U);
  EXPECT_EQ(call("POST", "/api/v1/workflows/import", R"({"format":"other","workflow":{}})").status,
            422);
}

TEST_P(Workflows, RolesWorkspacesAndPublicWorkflows) {
  const std::string id = createWorkflow("Ada's");
  const std::string path = "/api/v1/workflows/" + id;
  const std::string grace = accessToken("grace@example.com");
  // Another workspace's workflow does not exist for Grace.
  EXPECT_EQ(call("GET", path, "", grace).status, 404);
  EXPECT_EQ(call("PUT", path, R"({"name":"mine"})", grace).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/workflows", "", grace).json()->getValue<int>("total"), 0);
  EXPECT_EQ(
      call("GET", "/api/v1/workflows?workspace_id=" + personalWorkspace(token_), "", grace).status,
      404);

  // As a viewer of Ada's workspace Grace reads but cannot write.
  sql("INSERT INTO workspace_members (id, workspace_id, user_id, role) VALUES ('" +
      store::newUuid() + "', '" + personalWorkspace(token_) + "', '" + userId(grace) +
      "', 'viewer')");
  const std::string viewer = accessToken("grace@example.com");  // a fresh session sees the role
  EXPECT_EQ(call("GET", path, "", viewer).status, 200);
  EXPECT_EQ(call("PUT", path, R"({"name":"mine"})", viewer).status, 403);
  EXPECT_EQ(call("DELETE", path, "", viewer).status, 403);
  EXPECT_EQ(call("POST", "/api/v1/workflows",
                 R"({"name":"x","workspace_id":")" + personalWorkspace(token_) + "\"}", viewer)
                .status,
            403);

  // A public workflow is readable by anyone signed in, writable by nobody outside.
  const std::string public_id = createWorkflow("Shared", R"("is_public":true)");
  const std::string linus = accessToken("linus@example.com");
  EXPECT_EQ(call("GET", "/api/v1/workflows/" + public_id, "", linus).status, 200);
  EXPECT_EQ(call("PUT", "/api/v1/workflows/" + public_id, R"({"name":"x"})", linus).status, 403);
  const auto copied = call("POST", "/api/v1/workflows/" + public_id + "/duplicate", "", linus);
  ASSERT_EQ(copied.status, 201) << copied.body;
  EXPECT_EQ(copied.json()->getValue<std::string>("name"), "Shared (copy)");
  EXPECT_EQ(copied.json()->getValue<std::string>("parent_workflow_id"), public_id);
  EXPECT_EQ(copied.json()->getValue<std::string>("workspace_id"), personalWorkspace(linus));
  EXPECT_EQ(call("GET", "/api/v1/workflows/not-a-uuid").status, 404);
}

TEST_P(Workflows, FiltersAndStablePages) {
  createWorkflow("Invoice sync", R"("tags":["finance","sync"],"description":"Nightly ledger")");
  createWorkflow("Support triage", R"("tags":["support"])");
  createWorkflow("Ledger export", R"("tags":["finance"])");
  const auto count = [&](const std::string& query) {
    const auto listed = call("GET", "/api/v1/workflows?" + query);
    EXPECT_EQ(listed.status, 200) << query << ": " << listed.body;
    return listed.json()->getValue<int>("total");
  };
  EXPECT_EQ(count("tag=finance"), 2);
  EXPECT_EQ(count("tag=finance&tag=sync"), 1);
  EXPECT_EQ(count("q=ledg"), 2);  // a word prefix in the name or the description
  EXPECT_EQ(count("q=support+tri"), 1);
  EXPECT_EQ(count("q=%22%2A%29%28"), 3);  // punctuation only: no words, no filter
  EXPECT_EQ(count("status=published"), 0);
  EXPECT_EQ(count("sort=name&limit=1"), 3);
  EXPECT_EQ(call("GET", "/api/v1/workflows?limit=0").status, 422);
  EXPECT_EQ(call("GET", "/api/v1/workflows?limit=101").status, 422);
  EXPECT_EQ(call("GET", "/api/v1/workflows?offset=-1").status, 422);
  EXPECT_EQ(call("GET", "/api/v1/workflows?sort=size").status, 422);
  EXPECT_EQ(call("GET", "/api/v1/workflows?limit=%zz").status, 400);

  // Oldest first, pages stay stable while rows are added behind them: what the pages showed is
  // exactly the head of the final list, each row once.
  std::vector<std::string> seen;
  for (int offset = 0;; offset += 2) {
    const auto page =
        call("GET", "/api/v1/workflows?sort=updated_at&limit=2&offset=" + std::to_string(offset));
    const auto items = page.json()->getArray("items");
    if (items->size() == 0) break;
    for (std::size_t i = 0; i < items->size(); ++i)
      seen.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
    createWorkflow("Added " + std::to_string(offset));
  }
  const auto all = call("GET", "/api/v1/workflows?sort=updated_at&limit=100").json();
  const auto every = all->getArray("items");
  ASSERT_GT(seen.size(), 3U);
  ASSERT_LE(seen.size(), every->size());
  for (std::size_t i = 0; i < seen.size(); ++i)
    EXPECT_EQ(seen[i], every->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
}

TEST_P(Workflows, HostileBodiesGetTheirFourHundredsAndWriteNothing) {
  const auto status = [&](const std::string& body) {
    return call("POST", "/api/v1/workflows", body).status;
  };
  EXPECT_EQ(status(R"({"name":"x","colour":"red"})"), 422);  // unknown field
  EXPECT_EQ(status(R"({"name":5})"), 422);
  EXPECT_EQ(status(R"({"name":""})"), 422);
  EXPECT_EQ(status(R"({"name":")" + std::string(256, 'n') + "\"}"), 422);
  EXPECT_EQ(status(R"({"name":"x","nodes":{}})"), 422);
  EXPECT_EQ(status(R"({"name":"x","nodes":[{"type":"core.delay"}]})"), 422);
  EXPECT_EQ(status(R"({"name":"x","workspace_id":"nope"})"), 422);
  EXPECT_EQ(status(R"({"name":"x","workspace_id":")" + store::newUuid() + "\"}"), 404);
  EXPECT_EQ(status(R"({"name":"x","nodes":[)"), 400);
  std::string deep = R"({"name":"x","settings":{"a":)";
  for (int i = 0; i < 100; ++i)
    deep += "[";
  for (int i = 0; i < 100; ++i)
    deep += "]";
  EXPECT_EQ(status(deep + "}}"), 422);
  EXPECT_EQ(call("GET", "/api/v1/workflows").json()->getValue<int>("total"), 0);
  EXPECT_EQ(host_->client().request("GET", "/api/v1/workflows").status, 401);
}

TEST_P(Workflows, AgentsBelongToAnAgentNodeAndGoWithIt) {
  const std::string id = createWorkflow("With agents");
  const auto create = [&](const std::string& node, const std::string& extra = "") {
    return call("POST", "/api/v1/agents",
                R"({"workflow_id":")" + id + R"(","node_id":")" + node +
                    R"(","name":"Helper","system_prompt":"Be brief","model":"claude-sonnet-4-5",)"
                    R"("temperature":0.25,"max_tokens":1024,"tools":[{"name":"search"}],)"
                    R"("memory_config":{"window":10})" +
                    extra + "}");
  };
  const auto created = create("wait");
  ASSERT_EQ(created.status, 201) << created.body;
  const auto agent = created.json();
  EXPECT_EQ(agent->getValue<std::string>("node_id"), "wait");
  EXPECT_DOUBLE_EQ(agent->getValue<double>("temperature"), 0.25);
  EXPECT_EQ(agent->getValue<int>("max_tokens"), 1024);
  EXPECT_EQ(agent->getArray("tools")->getObject(0)->getValue<std::string>("name"), "search");
  const std::string agent_id = agent->getValue<std::string>("id");

  EXPECT_EQ(create("wait").status, 409);
  EXPECT_EQ(create("ghost").status, 422);
  EXPECT_EQ(create("start", R"(,"temperature":1.5)").status, 422);
  EXPECT_EQ(create("start", R"(,"colour":"red")").status, 422);

  const auto updated =
      call("PUT", "/api/v1/agents/" + agent_id, R"({"system_prompt":null,"max_tokens":2048})");
  ASSERT_EQ(updated.status, 200) << updated.body;
  EXPECT_TRUE(updated.json()->isNull("system_prompt"));
  EXPECT_EQ(updated.json()->getValue<std::string>("model"), "claude-sonnet-4-5");
  EXPECT_EQ(call("PUT", "/api/v1/agents/" + agent_id, R"({"node_id":"start"})").status, 422);

  const auto listed = call("GET", "/api/v1/agents?workflow_id=" + id);
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.json()->getValue<int>("total"), 1);
  // This host configures no AI provider: a test run is not available (AiProviders_test runs one).
  const auto tested = call("POST", "/api/v1/agents/" + agent_id + "/test", R"({"input":"hi"})");
  EXPECT_EQ(tested.status, 501);
  EXPECT_FALSE(tested.json()->getValue<std::string>("detail").empty());

  const std::string grace = accessToken("grace@example.com");
  EXPECT_EQ(call("GET", "/api/v1/agents/" + agent_id, "", grace).status, 404);
  EXPECT_EQ(call("GET", "/api/v1/agents", "", grace).json()->getValue<int>("total"), 0);

  // Removing the node removes its agent in the same save: nothing is left that could run.
  const auto without_node =
      call("PUT", "/api/v1/workflows/" + id,
           R"({"nodes":[{"id":"start","type":"core.trigger.manual","data":{}}],"connections":[]})");
  ASSERT_EQ(without_node.status, 200) << without_node.body;
  EXPECT_EQ(call("GET", "/api/v1/agents/" + agent_id).status, 404);

  const auto second = create("start");
  ASSERT_EQ(second.status, 201) << second.body;
  EXPECT_EQ(call("DELETE", "/api/v1/workflows/" + id).status, 204);
  EXPECT_EQ(call("GET", "/api/v1/agents/" + second.json()->getValue<std::string>("id")).status,
            404);
}

INSTANTIATE_TEST_SUITE_P(Dialects, Workflows,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
