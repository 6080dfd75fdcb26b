// The durable runtime on the real binary and both databases: the plan's Start Execution
// example, a graph with branches, a switch, a merge and a foreach, expression errors, retries by
// error class, timeouts, cancellation, the retry endpoint, error workflows, webhooks, and the
// bad input a hostile client sends.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "host/store/Database.hpp"
#include "host/store/SqlValues.hpp"
#include "host/text/JsonWriter.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/HttpSink.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using Poco::JSON::Object;
using store::DialectKind;

using NodeRow = StoredNode;

class Executions : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override { startHost(""); }

  void startHost(const std::string& runtime_yaml) {
    host_.reset();
    host_ = std::make_unique<AuthHost>(
        GetParam(),
        std::string("plugins:\n  http_allow_private_addresses: true\n  load:\n    - file: \"") +
            ORCHESTRA_PLUGIN_BUILD_DIR +
            "/libcore_nodes.so\"\n      required: true\n"
            "runtime:\n  retry_delays_ms: [\"50\", \"100\"]\n  heartbeat_ms: 200\n"
            "  poll_interval_ms: 100\n" +
            runtime_yaml);
    token_ = accessToken("ada@example.com");
    rows_ = std::make_unique<ExecutionRows>(host_->database().settings());
  }

  std::string accessToken(const std::string& email) {
    const auto login = host_->login(email);
    EXPECT_EQ(login.status, 200) << login.body;
    return login.json()->getValue<std::string>("access_token");
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    std::map<std::string, std::string> headers;
    headers["Authorization"] = "Bearer " + (token.empty() ? token_ : token);
    return host_->client().request(method, path, body, headers);
  }

  std::string createWorkflow(const std::string& graph_json, const std::string& settings = "{}",
                             const std::string& token = "") {
    const auto created =
        call("POST", "/api/v1/workflows",
             R"({"name":"run me",)" + graph_json + R"(,"settings":)" + settings + "}", token);
    EXPECT_EQ(created.status, 201) << created.body;
    return created.status == 201 ? created.json()->getValue<std::string>("id") : "";
  }

  std::string start(const std::string& workflow_id, const std::string& trigger_data = "{}") {
    const auto started =
        call("POST", "/api/v1/executions",
             R"({"workflow_id":")" + workflow_id + R"(","trigger_type":"manual","trigger_data":)" +
                 trigger_data + "}");
    EXPECT_EQ(started.status, 202) << started.body;
    return started.status == 202 ? started.json()->getValue<std::string>("id") : "";
  }

  StoredExecution execution(const std::string& id) { return rows_->execution(id); }
  StoredExecution waitFinished(const std::string& id, std::chrono::milliseconds timeout = 20s) {
    return rows_->waitFinished(id, timeout);
  }
  std::map<std::string, StoredNode> nodes(const std::string& id) { return rows_->nodes(id); }
  static Poco::Dynamic::Var portValue(const StoredNode& row, const std::string& port = "main") {
    return storedPortValue(row, port);
  }

  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<ExecutionRows> rows_;
  std::string token_;
};

TEST_P(Executions, TheStartExecutionExampleRunsEveryNodeToCompletion) {
  const std::string workflow = createWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"),
       node("greet", "core.set", R"({"values":{"greeting":"hello {{ trigger.data.name }}"}})"),
       node(
           "shout", "core.set",
           R"({"values":{"text":"{{ nodes.greet.output.greeting }}!","n":"{{ trigger.data.n }}"}})")},
      {edge("start", "greet"), edge("greet", "shout")}));

  const auto started =
      call("POST", "/api/v1/executions",
           R"({"workflow_id":")" + workflow +
               R"(","trigger_type":"manual","trigger_data":{"name":"Ada","n":3}})");
  ASSERT_EQ(started.status, 202) << started.body;
  const auto body = started.json();
  const auto id = body->getValue<std::string>("id");
  EXPECT_TRUE(store::canonicalUuid(id).has_value());
  EXPECT_EQ(body->getValue<std::string>("workflow_id"), workflow);
  EXPECT_EQ(body->getValue<std::string>("status"), "pending");
  EXPECT_FALSE(body->getValue<std::string>("created_at").empty());
  EXPECT_EQ(body->size(), 4u) << started.body;
  EXPECT_EQ(started.header("Location"), "/api/v1/executions/" + id);

  EXPECT_EQ(waitFinished(id).status, "completed") << execution(id).error;
  auto rows = nodes(id);
  ASSERT_EQ(rows.size(), 3u);
  for (const auto& [node_id, row] : rows)
    EXPECT_EQ(row.status, "completed") << node_id << ": " << row.error;
  const auto shout = portValue(rows["shout"]).extract<Object::Ptr>();
  EXPECT_EQ(shout->getValue<std::string>("text"), "hello Ada!");
  EXPECT_EQ(shout->getValue<int>("n"), 3);  // a single expression keeps the value's type

  // The counter moves just after the final status is committed, so a reader can see the status
  // first: the count is read until it shows, for a few seconds at most.
  const std::string counted = "workflow_executions_total{status=\"completed\"} 1";
  auto metrics = host_->client().request("GET", "/metrics", "", {});
  for (int attempt = 0; attempt < 100 && metrics.body.find(counted) == std::string::npos;
       ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    metrics = host_->client().request("GET", "/metrics", "", {});
  }
  EXPECT_NE(metrics.body.find(counted), std::string::npos) << metrics.body.substr(0, 2000);
  EXPECT_NE(metrics.body.find("workflow_execution_duration_seconds_count{status=\"completed\"} 1"),
            std::string::npos);
}

TEST_P(Executions, BranchesSwitchMergeAndForEachGiveTheExpectedOutputsAndStatuses) {
  const std::string workflow = createWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"),
       node("prep", "core.set",
            R"({"values":{"n":"{{ trigger.data.n }}","items":"{{ trigger.data.items }}"}})"),
       node("big", "core.if",
            R"({"condition":{"left":"{{ nodes.prep.output.n }}","operator":"gt","right":5}})"),
       node("big_path", "core.set", R"({"values":{"size":"big"}})"),
       node("small_path", "core.set", R"({"values":{"size":"small"}})"),
       node("joined", "core.merge", R"({"mode":"append"})"),
       node("kind", "core.switch",
            R"({"value":"{{ trigger.data.kind }}","cases":[{"value":"a"},{"value":"b"}]})"),
       node("kind_a", "core.set", R"({"values":{"kind":"A"}})"),
       node("kind_b", "core.set", R"({"values":{"kind":"B"}})"),
       node("kind_other", "core.set", R"({"values":{"kind":"other"}})"),
       node("each", "core.foreach", R"({"items_path":"items"})", R"("concurrency":2)"),
       node("double", "core.set", R"({"values":{"twice":"{{ item }}{{ item }}"}})"),
       node("after_loop", "core.set",
            R"({"values":{"results":"{{ nodes.each.ports.done.results }}",)"
            R"("count":"{{ nodes.each.ports.done.count }}"}})")},
      {edge("start", "prep"), edge("prep", "big"), edge("big", "big_path", "true"),
       edge("big", "small_path", "false"), edge("big_path", "joined", "", "input_0"),
       edge("small_path", "joined", "", "input_1"), edge("prep", "kind"),
       edge("kind", "kind_a", "case_0"), edge("kind", "kind_b", "case_1"),
       edge("kind", "kind_other", "default"), edge("prep", "each"), edge("each", "double", "items"),
       edge("each", "after_loop", "done")}));

  const std::string id = start(workflow, R"({"n":7,"kind":"a","items":["x","y","z"]})");
  const StoredExecution finished = waitFinished(id);
  ASSERT_EQ(finished.status, "completed") << finished.error;
  auto rows = nodes(id);
  const std::map<std::string, std::string> expected = {
      {"start", "completed"},     {"prep", "completed"},      {"big", "completed"},
      {"big_path", "completed"},  {"small_path", "skipped"},  {"joined", "completed"},
      {"kind", "completed"},      {"kind_a", "completed"},    {"kind_b", "skipped"},
      {"kind_other", "skipped"},  {"each", "completed"},      {"double[0]", "completed"},
      {"double[1]", "completed"}, {"double[2]", "completed"}, {"after_loop", "completed"}};
  for (const auto& [key, status] : expected)
    EXPECT_EQ(rows[key].status, status) << key << " " << rows[key].error;
  EXPECT_EQ(rows.size(), expected.size());

  const auto joined = portValue(rows["joined"]);
  EXPECT_NE(text::toJson(joined).find("big"), std::string::npos) << text::toJson(joined);
  const auto after = portValue(rows["after_loop"]).extract<Object::Ptr>();
  EXPECT_EQ(after->getValue<int>("count"), 3);
  EXPECT_EQ(text::toJson(after->get("results")),
            R"([{"twice":"xx"},{"twice":"yy"},{"twice":"zz"}])");
}

TEST_P(Executions, ALoopRunsItsBodyWhileItsConditionHoldsAndWithinItsBound) {
  // The body keeps `go` as it found it and counts passes in `pass`: a true `go` runs to the
  // bound (3 passes), a false one stops after the first.
  const std::string workflow = createWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"),
       node("repeat", "core.loop",
            R"({"condition":{"left":"{{ item.go }}","operator":"eq","right":true},)"
            R"("max_iterations":3})"),
       node("work", "core.set",
            R"({"values":{"go":"{{ trigger.data.again }}","seen":"{{ item.go }}"}})"),
       node("after", "core.set", R"({"values":{"finished":"{{ nodes.repeat.ports.done }}"}})")},
      {edge("start", "repeat"), edge("repeat", "work", "body"), edge("work", "repeat"),
       edge("repeat", "after", "done")}));

  const std::string bounded = start(workflow, R"({"go":true,"again":true})");
  ASSERT_EQ(waitFinished(bounded).status, "completed") << execution(bounded).error;
  auto rows = nodes(bounded);
  EXPECT_EQ(rows["work[i0]"].status, "completed");
  EXPECT_EQ(rows["work[i1]"].status, "completed");
  EXPECT_EQ(rows["work[i2]"].status, "completed");
  EXPECT_EQ(rows.count("work[i3]"), 0u);
  const auto finished = portValue(rows["after"]).extract<Object::Ptr>()->getObject("finished");
  EXPECT_EQ(finished->getValue<int>("iterations"), 3);

  const std::string once = start(workflow, R"({"go":true,"again":false})");
  ASSERT_EQ(waitFinished(once).status, "completed") << execution(once).error;
  rows = nodes(once);
  EXPECT_EQ(rows["work[i0]"].status, "completed");
  EXPECT_EQ(rows.count("work[i1]"), 0u);
  EXPECT_EQ(portValue(rows["after"])
                .extract<Object::Ptr>()
                ->getObject("finished")
                ->getValue<int>("iterations"),
            1);
}

TEST_P(Executions, AnExpressionErrorFailsTheNodeNamingNodeFieldAndExpression) {
  const std::string workflow = createWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("use", "core.set", R"({"values":{"email":"{{ trigger.data.user.email }}"}})")},
            {edge("start", "use")}));
  const std::string id = start(workflow, R"({"name":"no user here"})");
  const StoredExecution finished = waitFinished(id);
  EXPECT_EQ(finished.status, "failed");
  EXPECT_NE(finished.error.find("node 'use'"), std::string::npos) << finished.error;
  EXPECT_NE(finished.error.find("/values/email"), std::string::npos) << finished.error;
  EXPECT_NE(finished.error.find("trigger.data.user.email"), std::string::npos) << finished.error;
  EXPECT_EQ(nodes(id)["use"].status, "failed");
}

TEST_P(Executions, ATemplatedFieldItsSchemaJudgesIsCheckedOnEveryRun) {
  // core.set's keep_input must be a boolean, so its template's value is checked per run; the
  // free-form "values" of `copy` are checked once, when the graph is compiled.
  const std::string workflow = createWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"),
       node(
           "use", "core.set",
           R"({"values":{"name":"{{ trigger.data.name }}"},"keep_input":"{{ trigger.data.keep }}"})"),
       node("copy", "core.set", R"({"values":{"copy":"{{ nodes.use.output.name }}"}})")},
      {edge("start", "use"), edge("use", "copy")}));
  const std::string good = start(workflow, R"({"name":"Ada","keep":false})");
  ASSERT_EQ(waitFinished(good).status, "completed");
  const Poco::Dynamic::Var copied = portValue(nodes(good)["copy"]);
  ASSERT_EQ(copied.type(), typeid(Object::Ptr));
  EXPECT_EQ(copied.extract<Object::Ptr>()->getValue<std::string>("copy"), "Ada");

  const std::string bad = start(workflow, R"({"name":"Ada","keep":"yes"})");
  const StoredExecution finished = waitFinished(bad);
  EXPECT_EQ(finished.status, "failed");
  EXPECT_NE(finished.error.find("node 'use'"), std::string::npos) << finished.error;
  EXPECT_NE(finished.error.find("/keep_input"), std::string::npos) << finished.error;
  EXPECT_NE(finished.error.find("after evaluating its expressions"), std::string::npos)
      << finished.error;
}

TEST_P(Executions, TransientFailuresAreRetriedByPolicyPermanentOnesFailAtOnce) {
  HttpSink sink;
  sink.script("/flaky", {503, 503, 200});
  sink.script("/broken", {404});
  const std::string flaky =
      createWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                            node("call", "core.http_request",
                                 R"({"url":")" + sink.url("/flaky") +
                                     R"(","idempotency_key_header":"Idempotency-Key"})")},
                           {edge("start", "call")}));
  const std::string flaky_id = start(flaky);
  EXPECT_EQ(waitFinished(flaky_id).status, "completed") << execution(flaky_id).error;
  EXPECT_EQ(sink.count("/flaky"), 3u);
  EXPECT_EQ(nodes(flaky_id)["call"].retry_count, 2);
  // Every attempt of one step carries the same idempotency key.
  std::set<std::string> keys;
  for (const auto& [path, key] : sink.requests())
    if (path == "/flaky") keys.insert(key);
  EXPECT_EQ(keys.size(), 1u);
  EXPECT_FALSE(keys.begin()->empty());

  const std::string broken = createWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("call", "core.http_request", R"({"url":")" + sink.url("/broken") + R"("})")},
            {edge("start", "call")}));
  const std::string broken_id = start(broken);
  const StoredExecution failed = waitFinished(broken_id);
  EXPECT_EQ(failed.status, "failed");
  EXPECT_NE(failed.error.find("404"), std::string::npos) << failed.error;
  EXPECT_EQ(sink.count("/broken"), 1u);  // permanent: no retry
}

TEST_P(Executions, ANodePastItsTimeoutFailsAndTheHostStaysHealthy) {
  HttpSink sink;
  sink.delay("/slow", 3s);
  const std::string workflow = createWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("call", "core.http_request", R"({"url":")" + sink.url("/slow") + R"("})",
                  R"("timeout_ms":300,"retry":{"max_retries":0})")},
            {edge("start", "call")}));
  const auto before = std::chrono::steady_clock::now();
  const std::string id = start(workflow);
  const StoredExecution finished = waitFinished(id);
  EXPECT_EQ(finished.status, "failed");
  EXPECT_LT(std::chrono::steady_clock::now() - before, 2500ms);
  EXPECT_NE(finished.error.find("timed out"), std::string::npos) << finished.error;
  EXPECT_EQ(host_->client().request("GET", "/health", "", {}).status, 200);
}

TEST_P(Executions, CancelStopsARunningExecutionWithinTwoSecondsAndMarksTheRest) {
  const std::string workflow =
      createWorkflow(graph({node("start", "core.trigger.manual", "{}"),
                            node("wait", "core.delay", R"({"duration_ms":20000})"),
                            node("after", "core.set", R"({"values":{"never":true}})")},
                           {edge("start", "wait"), edge("wait", "after")}));
  const std::string id = start(workflow);
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (nodes(id)["wait"].status != "running" && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(20ms);
  const auto asked = std::chrono::steady_clock::now();
  const auto cancelled = call("POST", "/api/v1/executions/" + id + "/cancel");
  EXPECT_EQ(cancelled.status, 202) << cancelled.body;
  EXPECT_EQ(waitFinished(id, 5s).status, "cancelled");
  EXPECT_LT(std::chrono::steady_clock::now() - asked, 2s);
  auto rows = nodes(id);
  EXPECT_EQ(rows["wait"].status, "cancelled");
  EXPECT_EQ(rows.count("after"), 0u);  // never started

  const auto again = call("POST", "/api/v1/executions/" + id + "/cancel");
  EXPECT_EQ(again.status, 409) << again.body;
}

TEST_P(Executions, RetryRunsAFailedExecutionAgainFromItsFailedNode) {
  HttpSink sink;
  sink.script("/first", {200});
  sink.script("/second", {404, 200});
  const std::string workflow = createWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("one", "core.http_request", R"({"url":")" + sink.url("/first") + R"("})"),
             node("two", "core.http_request", R"({"url":")" + sink.url("/second") + R"("})")},
            {edge("start", "one"), edge("one", "two")}));
  const std::string id = start(workflow);
  ASSERT_EQ(waitFinished(id).status, "failed");

  const auto retried = call("POST", "/api/v1/executions/" + id + "/retry");
  ASSERT_EQ(retried.status, 202) << retried.body;
  EXPECT_EQ(waitFinished(id).status, "completed") << execution(id).error;
  EXPECT_EQ(sink.count("/first"), 1u);  // completed before: reused, not run again
  EXPECT_EQ(sink.count("/second"), 2u);

  const auto not_failed = call("POST", "/api/v1/executions/" + id + "/retry");
  EXPECT_EQ(not_failed.status, 409) << not_failed.body;
}

TEST_P(Executions, AFailedWorkflowStartsItsErrorWorkflowWithTheFailure) {
  const std::string handler = createWorkflow(graph(
      {node("start", "core.trigger.manual", "{}"),
       node("note", "core.set", R"({"values":{"failed":"{{ trigger.data.execution_id }}"}})")},
      {edge("start", "note")}));
  const std::string failing = createWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("use", "core.set", R"({"values":{"x":"{{ trigger.data.missing }}"}})")},
            {edge("start", "use")}),
      R"({"error_workflow_id":")" + handler + "\"}");
  const std::string id = start(failing);
  ASSERT_EQ(waitFinished(id).status, "failed");

  std::string handled;
  const auto until = std::chrono::steady_clock::now() + 10s;
  while (handled.empty() && std::chrono::steady_clock::now() < until) {
    const auto ids = rows_->idsOf(handler, "completed");
    if (!ids.empty()) handled = ids.front();
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_FALSE(handled.empty());
  const auto note = portValue(nodes(handled)["note"]).extract<Object::Ptr>();
  EXPECT_EQ(note->getValue<std::string>("failed"), id);
}

TEST_P(Executions, WebhooksAnswerAtOnceOrWithTheOutputAndRefuseAWrongSecret) {
  const std::string workflow = createWorkflow(graph(
      {node("hook", "core.trigger.webhook",
            R"({"path":"orders","secret_header":"X-Hook-Secret","secret_value":"s3cret-value",)"
            R"("respond":"when_finished"})"),
       node("reply", "core.set", R"({"values":{"order":"{{ trigger.data.body.id }}"}})")},
      {edge("hook", "reply")}));
  const std::string hook = "/api/v1/hooks/" + workflow + "/orders";
  // A draft: webhooks fire only for published workflows.
  EXPECT_EQ(host_->client()
                .request("POST", hook, R"({"id":7})", {{"X-Hook-Secret", "s3cret-value"}})
                .status,
            404);
  ASSERT_EQ(call("PATCH", "/api/v1/workflows/" + workflow + "/status", R"({"status":"published"})")
                .status,
            200);
  const auto answered = host_->client().request(
      "POST", hook, R"({"id":7})",
      {{"X-Hook-Secret", "s3cret-value"}, {"Content-Type", "application/json"}});
  ASSERT_EQ(answered.status, 200) << answered.body;
  EXPECT_EQ(answered.body, R"({"order":7})");

  const auto wrong =
      host_->client().request("POST", hook, R"({"id":7})", {{"X-Hook-Secret", "not-the-secret"}});
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  const auto method = host_->client().request("GET", hook, "", {{"X-Hook-Secret", "s3cret-value"}});
  EXPECT_EQ(method.status, 405) << method.body;
  EXPECT_EQ(
      host_->client().request("POST", "/api/v1/hooks/" + workflow + "/other", "{}", {}).status,
      404);

  const std::string quick =
      createWorkflow(graph({node("hook", "core.trigger.webhook", R"({"path":"ping"})"),
                            node("reply", "core.set", R"({"values":{"ok":true}})")},
                           {edge("hook", "reply")}));
  ASSERT_EQ(
      call("PATCH", "/api/v1/workflows/" + quick + "/status", R"({"status":"published"})").status,
      200);
  const auto queued = host_->client().request("POST", "/api/v1/hooks/" + quick + "/ping", "{}", {});
  ASSERT_EQ(queued.status, 202) << queued.body;
  EXPECT_EQ(waitFinished(queued.json()->getValue<std::string>("id")).status, "completed");
}

// Issue 8: a webhook's body is public input of any shape. It is passed on compacted with no
// document built (member order and numbers as sent), and held to the limits of any JSON body.
TEST_P(Executions, AWebhookPassesItsBodyOnAsSentWithinTheJsonLimits) {
  const std::string workflow =
      createWorkflow(graph({node("hook", "core.trigger.webhook", R"({"path":"raw"})")}, {}));
  ASSERT_EQ(call("PATCH", "/api/v1/workflows/" + workflow + "/status", R"({"status":"published"})")
                .status,
            200);
  const std::string hook = "/api/v1/hooks/" + workflow + "/raw";
  const auto storedBody = [&](const std::string& body) {
    const auto queued = host_->client().request("POST", hook, body, {});
    EXPECT_EQ(queued.status, 202) << queued.body;
    const auto id = queued.json()->getValue<std::string>("id");
    EXPECT_EQ(waitFinished(id).status, "completed");
    const auto read = call("GET", "/api/v1/executions/" + id);
    std::string text = read.body.substr(std::min(read.body.find(R"("body":)"), read.body.size()));
    // PostgreSQL's jsonb writes ", " and ": " and orders members its own way.
    std::erase(text, ' ');
    return text;
  };
  const std::string sent =
      storedBody(" {\"z\" : 12345678901234567890123 ,\n \"a\" : [ 1.50 , {} ] } ");
  if (GetParam() == store::DialectKind::Sqlite) {
    EXPECT_EQ(sent.rfind(R"("body":{"z":12345678901234567890123,"a":[1.50,{}]})", 0), 0u) << sent;
  } else {
    EXPECT_EQ(sent.rfind(R"("body":{"a":[1.50,{}],"z":12345678901234567890123})", 0), 0u) << sent;
  }
  EXPECT_EQ(storedBody("a=1&b=2").rfind(R"("body":"a=1&b=2")", 0), 0u);

  const auto tooDeep =
      host_->client().request("POST", hook, std::string(65, '[') + std::string(65, ']'), {});
  EXPECT_EQ(tooDeep.status, 422) << tooDeep.body;
  EXPECT_NE(tooDeep.body.find("json_too_deep"), std::string::npos) << tooDeep.body;
  // Refused while counting, before any parse (it used to be passed on as a string, since Poco's
  // parser gave up on it): a payload is JSON or text by what it is, not by how deep it goes.
  const auto abyss = host_->client().request("POST", hook, std::string(1'000'000, '['), {});
  EXPECT_EQ(abyss.status, 422) << abyss.body.substr(0, 200);
  std::string many = "[0";
  for (int i = 0; i < 100'000; ++i)
    many += ",0";
  const auto tooMany = host_->client().request("POST", hook, many + "]", {});
  EXPECT_EQ(tooMany.status, 413) << tooMany.body.substr(0, 200);
  EXPECT_EQ(host_->client().request("GET", "/health", "", {}).status, 200);
  // The refused bodies started nothing.
  EXPECT_EQ(rows_->countWithStatus("completed", workflow), 2);
}

// The value of a counter without labels in the host's /metrics text.
double counterValue(const std::string& metrics, const std::string& name) {
  const auto at = metrics.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(metrics.substr(at + name.size() + 2));
}

TEST_P(Executions, AWebhookAnsweredWithItsOutputCommitsOncePerExecutionOfPureNodes) {
  const std::string workflow = createWorkflow(
      graph({node("hook", "core.trigger.webhook", R"({"path":"sum","respond":"when_finished"})"),
             node("add", "core.set", R"({"values":{"n":"{{ trigger.data.body.n }}"}})"),
             node("reply", "core.set", R"({"values":{"twice":"{{ nodes.add.output.n }}"}})")},
            {edge("hook", "add"), edge("add", "reply")}));
  ASSERT_EQ(call("PATCH", "/api/v1/workflows/" + workflow + "/status", R"({"status":"published"})")
                .status,
            200);
  const auto commits = [&] {
    return counterValue(host_->client().request("GET", "/metrics", "", {}).body,
                        "orchestra_state_commits_total");
  };
  const double before = commits();
  ASSERT_GE(before, 0);
  for (int n = 0; n < 5; ++n) {
    const auto answered = host_->client().request("POST", "/api/v1/hooks/" + workflow + "/sum",
                                                  R"({"n":)" + std::to_string(n) + "}",
                                                  {{"Content-Type", "application/json"}});
    ASSERT_EQ(answered.status, 200) << answered.body;
    EXPECT_EQ(answered.body, R"({"twice":)" + std::to_string(n) + "}");
  }
  // The execution row (written finished, so with no queue entry) and every node: one
  // transaction per execution.
  EXPECT_EQ(commits() - before, 5);
  EXPECT_EQ(rows_->countWithStatus("completed", workflow), 5);
  for (const auto& id : rows_->idsOf(workflow, "completed")) {
    // Its times and status went into the row itself.
    const auto read = call("GET", "/api/v1/executions/" + id);
    ASSERT_EQ(read.status, 200) << read.body;
    EXPECT_EQ(read.json()->getValue<std::string>("status"), "completed");
    EXPECT_FALSE(read.json()->isNull("start_time")) << read.body;
    EXPECT_FALSE(read.json()->isNull("end_time")) << read.body;
    EXPECT_FALSE(read.json()->isNull("duration_ms")) << read.body;
    const auto stored = nodes(id);
    ASSERT_EQ(stored.size(), 3u) << id;
    for (const auto& [node_id, row] : stored)
      EXPECT_EQ(row.status, "completed") << id << " " << node_id;
  }
}

TEST_P(Executions, BadRequestsGetClearErrorsAndWriteNothing) {
  const std::string workflow =
      createWorkflow(graph({node("start", "core.trigger.manual", "{}")}, {}));
  EXPECT_EQ(call("POST", "/api/v1/executions", R"({"trigger_type":"manual"})").status, 422);
  EXPECT_EQ(call("POST", "/api/v1/executions",
                 R"({"workflow_id":")" + workflow + R"(","trigger_data":[1]})")
                .status,
            422);
  EXPECT_EQ(call("POST", "/api/v1/executions",
                 R"({"workflow_id":")" + workflow + R"(","trigger_type":"sometimes"})")
                .status,
            422);
  EXPECT_EQ(call("POST", "/api/v1/executions", "{not json").status, 400);
  EXPECT_EQ(call("POST", "/api/v1/executions", R"({"workflow_id":"not-a-uuid"})").status, 404);
  EXPECT_EQ(
      call("POST", "/api/v1/executions", R"({"workflow_id":")" + store::newUuid() + "\"}").status,
      404);
  EXPECT_EQ(host_->client()
                .request("POST", "/api/v1/executions", R"({"workflow_id":")" + workflow + "\"}", {})
                .status,
            401);
  // Another user's workflow is not there for this caller.
  const std::string other = accessToken("bob@example.com");
  EXPECT_EQ(
      call("POST", "/api/v1/executions", R"({"workflow_id":")" + workflow + "\"}", other).status,
      404);
  EXPECT_EQ(call("POST", "/api/v1/executions/" + store::newUuid() + "/cancel").status, 404);
  EXPECT_EQ(call("POST", "/api/v1/executions/nope/retry").status, 404);

  const int count = rows_->countWithStatus("pending") + rows_->countWithStatus("running") +
                    rows_->countWithStatus("completed") + rows_->countWithStatus("failed");
  EXPECT_EQ(count, 0);
}

INSTANTIATE_TEST_SUITE_P(Dialects, Executions,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
