// Cron and event triggers on the real binary and both databases: a per-second cron fires each
// tick once (also with two instances on one PostgreSQL), drafts never fire, an event trigger
// chains two workflows, and POST /api/v1/events starts the named-event workflows of a
// workspace for its editors only.
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using Poco::JSON::Object;
using store::DialectKind;

Object::Ptr parseObject(const std::string& json) {
  Poco::JSON::Parser parser;
  return parser.parse(json).extract<Object::Ptr>();
}

struct TriggeredExecution {
  std::string id;
  std::string status;
  std::string trigger_type;
  Object::Ptr trigger_data;
};

// Cron checks every 100 ms so a per-second schedule shows several ticks within seconds.
constexpr const char* kRuntimeYaml =
    "runtime:\n  heartbeat_ms: 200\n  poll_interval_ms: 100\n  cron_interval_ms: 100\n";

class Triggers : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    host_ = std::make_unique<AuthHost>(GetParam(), pluginsYaml() + kRuntimeYaml);
    token_ = host_->accessToken("ada@example.com");
    database_ = std::make_unique<store::Database>(host_->database().settings());
  }

  static std::string pluginsYaml() {
    return std::string("plugins:\n  load:\n    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR +
           "/libcore_nodes.so\"\n      required: true\n";
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    return host_->client().request(
        method, path, body, {{"Authorization", "Bearer " + (token.empty() ? token_ : token)}});
  }

  std::string createWorkflow(const std::string& graph_json) {
    const auto created =
        call("POST", "/api/v1/workflows", R"({"name":"triggered",)" + graph_json + "}");
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? created.json()->getValue<std::string>("id") : "";
  }

  void publish(const std::string& workflow_id) {
    const auto published =
        call("PATCH", "/api/v1/workflows/" + workflow_id + "/status", R"({"status":"published"})");
    ASSERT_EQ(published.status, 200) << published.body;
  }

  // Another host process on the same database (its own port, no outbox: nobody logs in there).
  HostOptions anotherInstance() const {
    HostOptions options;
    options.config_yaml =
        "server:\n  host: 127.0.0.1\n  port: 0\n"
        "database:\n  url: ${ORCHESTRA_TEST_DATABASE_URL}\n"
        "auth:\n  jwt_secret: ${ORCHESTRA_TEST_JWT_SECRET}\n"
        "email:\n  provider: log\n" +
        pluginsYaml() + kRuntimeYaml;
    options.environment["ORCHESTRA_TEST_DATABASE_URL"] = host_->database().url();
    options.environment["ORCHESTRA_TEST_JWT_SECRET"] = kTestJwtSecret;
    return options;
  }

  void sql(const std::string& statement) {
    Poco::Data::Session session = database_->session();
    database_->execute(session, statement);
  }

  std::string meField(const std::string& token, bool workspace) {
    const auto me = call("GET", "/api/v1/auth/me", "", token).json();
    return workspace ? me->getArray("workspaces")->getObject(0)->getValue<std::string>("id")
                     : me->getValue<std::string>("id");
  }

  // Every execution of the workflow, oldest first.
  std::vector<TriggeredExecution> executionsOf(const std::string& workflow_id) {
    const store::Dialect& dialect = database_->dialect();
    Poco::Data::Session session = database_->session();
    Poco::Data::Statement select(session);
    select << dialect.sql("SELECT CAST(id AS TEXT), status, trigger_type, " +
                          dialect.jsonAsText("trigger_data") +
                          " FROM workflow_executions WHERE workflow_id = ? ORDER BY created_at"),
        Poco::Data::Keywords::useRef(workflow_id);
    select.execute();
    Poco::Data::RecordSet rows(select);
    std::vector<TriggeredExecution> found;
    for (std::size_t i = 0; i < rows.rowCount(); ++i) {
      found.push_back({rows.value(0, i).convert<std::string>(),
                       rows.value(1, i).convert<std::string>(),
                       rows.value(2, i).convert<std::string>(),
                       parseObject(rows.value(3, i).convert<std::string>())});
    }
    return found;
  }

  // Polls until the workflow has at least `count` executions in a final state.
  std::vector<TriggeredExecution> waitForFinished(const std::string& workflow_id, std::size_t count,
                                                  std::chrono::milliseconds timeout = 20s) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    std::vector<TriggeredExecution> found;
    while (std::chrono::steady_clock::now() < until) {
      found = executionsOf(workflow_id);
      std::size_t finished = 0;
      for (const auto& execution : found)
        finished += execution.status == "completed" || execution.status == "failed";
      if (finished >= count) return found;
      std::this_thread::sleep_for(50ms);
    }
    return found;
  }

  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<store::Database> database_;
  std::string token_;
};

std::string cronGraph(const std::string& expression) {
  return graph({node("tick", "core.trigger.cron",
                     R"({"expression":")" + expression + R"(","timezone":"Europe/Paris"})"),
                node("note", "core.set", R"({"values":{"at":"{{ trigger.data.scheduled_at }}"}})")},
               {edge("tick", "note")});
}

// scheduled_at of each execution; fails the test when one tick fired twice.
std::set<std::string> ticksFiredOnce(const std::vector<TriggeredExecution>& executions) {
  std::set<std::string> ticks;
  for (const auto& execution : executions) {
    EXPECT_EQ(execution.trigger_type, "cron");
    const auto tick = execution.trigger_data->getValue<std::string>("scheduled_at");
    EXPECT_TRUE(ticks.insert(tick).second) << "tick " << tick << " fired twice";
  }
  return ticks;
}

TEST_P(Triggers, APerSecondCronFiresEachTickOnceAndADraftNever) {
  const std::string published = createWorkflow(cronGraph("*/1 * * * * *"));
  const std::string draft = createWorkflow(cronGraph("*/1 * * * * *"));
  publish(published);

  const auto executions = waitForFinished(published, 3);
  ASSERT_GE(executions.size(), 3U);
  const std::set<std::string> ticks = ticksFiredOnce(executions);
  for (const std::string& tick : ticks) {
    EXPECT_EQ(tick.size(), 24U) << tick;  // whole seconds: 2026-01-01T00:00:05.000Z
    EXPECT_EQ(tick.substr(19), ".000Z") << tick;
  }
  const Object::Ptr data = executions.front().trigger_data;
  EXPECT_EQ(data->getValue<std::string>("expression"), "*/1 * * * * *");
  EXPECT_EQ(data->getValue<std::string>("timezone"), "Europe/Paris");
  EXPECT_GE(data->getValue<std::string>("fired_at"), data->getValue<std::string>("scheduled_at"));
  EXPECT_EQ(executions.front().status, "completed");

  EXPECT_TRUE(executionsOf(draft).empty());
}

TEST_P(Triggers, TwoInstancesOnOneDatabaseFireEachTickOnce) {
  if (GetParam() != DialectKind::Postgres) {
    GTEST_SKIP() << "several instances share a PostgreSQL database; SQLite is one instance's";
  }
  HostProcess second(anotherInstance());

  const std::string workflow = createWorkflow(cronGraph("* * * * * *"));
  publish(workflow);
  const auto executions = waitForFinished(workflow, 5);
  ASSERT_GE(executions.size(), 5U);
  const std::set<std::string> ticks = ticksFiredOnce(executions);
  EXPECT_EQ(ticks.size(), executions.size());
  // Both instances were scanning: each tick has exactly one cron_ticks row, whoever won it.
  Poco::Data::Session session = database_->session();
  Poco::Data::Statement count(session);
  std::int64_t rows = 0;
  count << database_->dialect().sql("SELECT COUNT(*) FROM cron_ticks WHERE workflow_id = ?"),
      Poco::Data::Keywords::useRef(workflow), Poco::Data::Keywords::into(rows);
  count.execute();
  EXPECT_GE(rows, static_cast<std::int64_t>(ticks.size()));
  EXPECT_TRUE(second.running());
}

TEST_P(Triggers, TicksMissedWhileNoInstanceRanFollowTheTriggersCatchUp) {
  const auto yearly = [this](const std::string& catch_up) {
    return createWorkflow(
        graph({node("tick", "core.trigger.cron",
                    R"({"expression":"0 0 1 1 *","catch_up":")" + catch_up + R"("})")},
              {}));
  };
  const std::string last = yearly("last");
  const std::string none = yearly("none");
  publish(last);
  publish(none);
  // Both last fired on 2020-01-01, then every instance stopped until now.
  ASSERT_EQ(host_->process().stop(), 0);
  for (const std::string& workflow : {last, none}) {
    sql("INSERT INTO cron_ticks (workflow_id, node_id, tick_at) VALUES ('" + workflow +
        "', 'tick', '2020-01-01T00:00:00.000Z')");
  }
  HostProcess restarted(anotherInstance());

  const auto caught_up = waitForFinished(last, 1);
  ASSERT_EQ(caught_up.size(), 1U);
  const Object::Ptr data = caught_up.front().trigger_data;
  const auto today = std::chrono::year_month_day(
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  EXPECT_EQ(data->getValue<std::string>("scheduled_at"),
            std::to_string(static_cast<int>(today.year())) + "-01-01T00:00:00.000Z");
  EXPECT_TRUE(data->getValue<bool>("catch_up"));
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(executionsOf(last).size(), 1U);
  EXPECT_TRUE(executionsOf(none).empty());
}

TEST_P(Triggers, AnEventTriggerChainsTwoWorkflows) {
  const std::string first =
      createWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                            node("work", "core.set", R"({"values":{"done":true}})")},
                           {edge("start", "work")}));
  const std::string on_completed = createWorkflow(
      graph({node("when", "core.trigger.event",
                  R"({"on":"workflow_completed","workflow_id":")" + first + R"("})"),
             node("note", "core.set", R"({"values":{"after":"{{ trigger.data.execution_id }}"}})")},
            {edge("when", "note")}));
  const std::string on_failed =
      createWorkflow(graph({node("when", "core.trigger.event",
                                 R"({"on":"workflow_failed","workflow_id":")" + first + R"("})")},
                           {}));
  const std::string unpublished = createWorkflow(
      graph({node("when", "core.trigger.event",
                  R"({"on":"workflow_completed","workflow_id":")" + first + R"("})")},
            {}));
  publish(on_completed);
  publish(on_failed);

  const auto started =
      call("POST", "/api/v1/executions", R"({"workflow_id":")" + first + R"(","trigger_data":{}})");
  ASSERT_EQ(started.status, 202) << started.body;
  const auto first_execution = started.json()->getValue<std::string>("id");

  const auto chained = waitForFinished(on_completed, 1);
  ASSERT_EQ(chained.size(), 1U);
  EXPECT_EQ(chained.front().status, "completed");
  EXPECT_EQ(chained.front().trigger_type, "event");
  const Object::Ptr data = chained.front().trigger_data;
  EXPECT_EQ(data->getValue<std::string>("event"), "workflow_completed");
  EXPECT_EQ(data->getValue<std::string>("execution_id"), first_execution);
  EXPECT_EQ(data->getValue<std::string>("workflow_id"), first);
  EXPECT_EQ(data->getValue<int>("chain_depth"), 1);

  // The chained run's own completion starts nothing more, and the other watchers stay quiet.
  std::this_thread::sleep_for(500ms);
  EXPECT_EQ(executionsOf(on_completed).size(), 1U);
  EXPECT_TRUE(executionsOf(on_failed).empty());
  EXPECT_TRUE(executionsOf(unpublished).empty());
}

// With Redis as the event bus every instance hears every completion; the workflow a completion
// triggers still starts once, on the instance where the completion happened.
TEST_P(Triggers, TwoInstancesOnOneRedisStartAnEventTriggeredWorkflowOnce) {
  if (GetParam() != DialectKind::Postgres) {
    GTEST_SKIP() << "several instances share a PostgreSQL database; SQLite is one instance's";
  }
  const std::string prefix =
      "triggers:" + std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) +
      ":";
  host_ = std::make_unique<AuthHost>(GetParam(), pluginsYaml() + kRuntimeYaml +
                                                     "redis:\n  url: " + redisUrl() +
                                                     "\n  key_prefix: \"" + prefix + "\"\n");
  token_ = host_->accessToken("ada@example.com");
  database_ = std::make_unique<store::Database>(host_->database().settings());
  const std::unique_ptr<HostProcess> second = host_->startSibling();
  EXPECT_TRUE(host_->process().waitForOutput("events go through Redis pub/sub", 1s));

  const std::string watched =
      createWorkflow(graph({node("start", "core.trigger.manual", "{}")}, {}));
  const std::string watcher = createWorkflow(
      graph({node("when", "core.trigger.event",
                  R"({"on":"workflow_completed","workflow_id":")" + watched + R"("})")},
            {}));
  publish(watcher);
  constexpr std::size_t kRuns = 4;
  for (std::size_t run = 0; run < kRuns; ++run) {
    const auto started = call("POST", "/api/v1/executions",
                              R"({"workflow_id":")" + watched + R"(","trigger_data":{}})");
    ASSERT_EQ(started.status, 202) << started.body;
  }
  ASSERT_EQ(waitForFinished(watcher, kRuns).size(), kRuns);
  std::this_thread::sleep_for(1s);  // a second start, if any, would have happened by now
  EXPECT_EQ(executionsOf(watcher).size(), kRuns);
  EXPECT_TRUE(second->running());
}

TEST_P(Triggers, PostedNamedEventsStartTheirWorkflowsForEditorsOnly) {
  const std::string named = createWorkflow(
      graph({node("when", "core.trigger.event", R"({"on":"named","event":"invoice.paid"})"),
             node("note", "core.set", R"({"values":{"invoice":"{{ trigger.data.data.id }}"}})")},
            {edge("when", "note")}));
  const std::string other = createWorkflow(
      graph({node("when", "core.trigger.event", R"({"on":"named","event":"invoice.void"})")}, {}));
  const std::string draft = createWorkflow(
      graph({node("when", "core.trigger.event", R"({"on":"named","event":"invoice.paid"})")}, {}));
  publish(named);
  publish(other);

  const auto posted = call("POST", "/api/v1/events", R"({"name":"invoice.paid","data":{"id":7}})");
  ASSERT_EQ(posted.status, 202) << posted.body;
  const auto started = posted.json()->getArray("started");
  ASSERT_EQ(started->size(), 1U) << posted.body;
  const auto executions = waitForFinished(named, 1);
  ASSERT_EQ(executions.size(), 1U);
  EXPECT_EQ(executions.front().id, started->getElement<std::string>(0));
  EXPECT_EQ(executions.front().status, "completed");
  const Object::Ptr data = executions.front().trigger_data;
  EXPECT_EQ(data->getValue<std::string>("event"), "named");
  EXPECT_EQ(data->getValue<std::string>("name"), "invoice.paid");
  EXPECT_EQ(data->getObject("data")->getValue<int>("id"), 7);
  EXPECT_TRUE(executionsOf(other).empty());
  EXPECT_TRUE(executionsOf(draft).empty());

  const auto nobody = call("POST", "/api/v1/events", R"({"name":"nothing.listens"})");
  ASSERT_EQ(nobody.status, 202) << nobody.body;
  EXPECT_EQ(nobody.json()->getArray("started")->size(), 0U);
  EXPECT_EQ(call("POST", "/api/v1/events", R"({"data":{}})").status, 422);

  // Grace: a stranger to Ada's workspace (404), then a viewer of it (403).
  const std::string workspace = meField(token_, true);
  const std::string body = R"({"name":"invoice.paid","workspace_id":")" + workspace + "\"}";
  const std::string stranger = host_->accessToken("grace@example.com");
  EXPECT_EQ(call("POST", "/api/v1/events", body, stranger).status, 404);
  sql("INSERT INTO workspace_members (id, workspace_id, user_id, role) VALUES ('" +
      store::newUuid() + "', '" + workspace + "', '" + meField(stranger, false) + "', 'viewer')");
  const std::string viewer =
      host_->accessToken("grace@example.com");  // a fresh session sees the role
  EXPECT_EQ(call("POST", "/api/v1/events", body, viewer).status, 403);
  EXPECT_EQ(executionsOf(named).size(), 1U);
}

INSTANTIATE_TEST_SUITE_P(Dialects, Triggers,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
