// The read side of the Executions API on the real binary and both databases: one execution with
// its steps, the list with every filter and its pages, node executions with input and output,
// the log with its cursor, and what another user, a malformed id or a bad filter gets.
#include <Poco/Data/Session.h>
#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "host/store/Database.hpp"
#include "tests/support/AuthTestSupport.hpp"

namespace orchestra::testing {
namespace {

using Poco::JSON::Object;
using store::DialectKind;

// Execution ids chosen by the test, so that rows can be written before the API reads them.
constexpr const char* kFirst = "10000000-0000-4000-8000-000000000001";
constexpr const char* kSecond = "10000000-0000-4000-8000-000000000002";
constexpr const char* kThird = "10000000-0000-4000-8000-000000000003";
constexpr const char* kFourth = "10000000-0000-4000-8000-000000000004";
constexpr const char* kOthers = "20000000-0000-4000-8000-000000000001";
constexpr const char* kUnknown = "30000000-0000-4000-8000-000000000001";

// The ids of a list response's items, in order.
std::vector<std::string> idsOf(const Object::Ptr& page) {
  std::vector<std::string> ids;
  const auto items = page->getArray("items");
  for (std::size_t i = 0; i < items->size(); ++i)
    ids.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
  return ids;
}

class ExecutionsRead : public ::testing::TestWithParam<DialectKind> {
 protected:
  void SetUp() override {
    host_ = std::make_unique<AuthHost>(GetParam());
    token_ = accessToken("ada@example.com");
    other_token_ = accessToken("bob@example.com");
    first_workflow_ = createWorkflow("first", token_);
    second_workflow_ = createWorkflow("second", token_);
    seedExecutions();
  }

  std::string accessToken(const std::string& email) {
    const auto login = host_->login(email);
    EXPECT_EQ(login.status, 200) << login.body;
    return login.json()->getValue<std::string>("access_token");
  }

  HttpResult call(const std::string& path, const std::string& token) {
    return host_->client().request("GET", path, "", {{"Authorization", "Bearer " + token}});
  }
  HttpResult get(const std::string& path) { return call(path, token_); }

  // The body of a 200 answer to GET `path` (as Ada).
  Object::Ptr read(const std::string& path) {
    const auto result = get(path);
    EXPECT_EQ(result.status, 200) << path << ": " << result.body;
    return result.json();
  }

  std::string createWorkflow(const std::string& name, const std::string& token) {
    const auto created =
        host_->client().request("POST", "/api/v1/workflows", R"({"name":")" + name + "\"}",
                                {{"Authorization", "Bearer " + token}});
    EXPECT_EQ(created.status, 201) << created.body;
    return created.json()->getValue<std::string>("id");
  }

  // {user id, personal workspace id} of the token's user.
  std::pair<std::string, std::string> identity(const std::string& token) {
    const auto me = call("/api/v1/auth/me", token).json();
    return {me->getValue<std::string>("id"),
            me->getArray("workspaces")->getObject(0)->getValue<std::string>("id")};
  }

  // Rows are written as the runtime would (no API writes them yet), from the test's own
  // literals; quoted '1'/'0' is a boolean on PostgreSQL and an integer on SQLite.
  void insertExecution(store::Database& database, Poco::Data::Session& session,
                       const std::string& id, const std::pair<std::string, std::string>& owner,
                       const std::string& workflow_id, const std::string& values) {
    database.execute(
        session,
        "INSERT INTO workflow_executions (id, workspace_id, workflow_id, user_id, status, "
        "trigger_type, trigger_data, workflow_version, start_time, end_time, duration_ms, "
        "error_message, cancel_requested, created_at) VALUES ('" +
            id + "', '" + owner.second + "', '" + workflow_id + "', '" + owner.first + "', " +
            values + ")");
  }

  void insertStep(store::Database& database, Poco::Data::Session& session,
                  const std::string& id_suffix, const std::string& values) {
    database.execute(
        session,
        "INSERT INTO node_executions (id, execution_id, node_id, scope, status, input_data, "
        "output_data, start_time, end_time, duration_ms, error_message, retry_count) VALUES "
        "('40000000-0000-4000-8000-00000000000" +
            id_suffix + "', '" + kFirst + "', " + values + ")");
  }

  void seedExecutions() {
    const auto ada = identity(token_);
    const auto bob = identity(other_token_);
    const std::string bobs_workflow = createWorkflow("bob's", other_token_);
    store::Database database(host_->database().settings());
    Poco::Data::Session session = database.session();
    insertExecution(database, session, kFirst, ada, first_workflow_,
                    "'completed', 'manual', '{\"email\":\"a@example.com\",\"n\":[1,2]}', 1, "
                    "'2025-01-01T10:00:00.000Z', '2025-01-01T10:00:01.500Z', 1500, NULL, '0', "
                    "'2025-01-01T10:00:00.000Z'");
    insertExecution(database, session, kSecond, ada, first_workflow_,
                    "'failed', 'webhook', '{}', 1, '2025-01-02T10:00:00.000Z', "
                    "'2025-01-02T10:00:02.000Z', 2000, 'boom', '0', '2025-01-02T10:00:00.000Z'");
    insertExecution(database, session, kThird, ada, second_workflow_,
                    "'running', 'cron', '[]', 2, '2025-01-03T10:00:01.000Z', NULL, NULL, NULL, "
                    "'1', '2025-01-03T10:00:00.000Z'");
    insertExecution(database, session, kFourth, ada, second_workflow_,
                    "'pending', NULL, '\"queued\"', NULL, NULL, NULL, NULL, NULL, '0', "
                    "'2025-01-04T10:00:00.000Z'");
    insertExecution(database, session, kOthers, bob, bobs_workflow,
                    "'completed', 'manual', '{}', 1, NULL, NULL, NULL, NULL, '0', "
                    "'2025-01-05T10:00:00.000Z'");
    // Steps of the first execution, inserted out of order: two passes of a loop that started in
    // the same instant, and a step not started yet whose node id sorts first.
    insertStep(database, session, "4",
               "'aaa', '', 'pending', NULL, NULL, NULL, NULL, NULL, NULL, 0");
    insertStep(database, session, "3",
               "'loop', '1', 'failed', '{\"item\":2}', NULL, '2025-01-01T10:00:00.200Z', "
               "'2025-01-01T10:00:00.300Z', 100, 'timed out', 2");
    insertStep(database, session, "2",
               "'loop', '0', 'completed', '{\"item\":1}', '{\"ok\":true}', "
               "'2025-01-01T10:00:00.200Z', '2025-01-01T10:00:00.250Z', 50, NULL, 0");
    insertStep(database, session, "1",
               "'start', '', 'completed', '{\"x\":1}', '{\"y\":[true,null,\"s\"]}', "
               "'2025-01-01T10:00:00.100Z', '2025-01-01T10:00:00.150Z', 50, NULL, 0");
    for (const char* entry : {"'info', NULL, 'execution started'", "'debug', 'start', 'input read'",
                              "'warning', 'loop', 'item 2 slow'", "'error', 'loop', 'timed out'",
                              "'info', NULL, 'execution finished'"}) {
      database.execute(
          session, std::string("INSERT INTO execution_logs (execution_id, level, node_id, message) "
                               "VALUES ('") +
                       kFirst + "', " + entry + ")");
    }
    database.execute(
        session,
        std::string("INSERT INTO execution_logs (execution_id, level, message) VALUES ('") +
            kOthers + "', 'info', 'not yours')");
  }

  std::unique_ptr<AuthHost> host_;
  std::string token_;
  std::string other_token_;
  std::string first_workflow_;
  std::string second_workflow_;
};

TEST_P(ExecutionsRead, OneExecutionWithItsTriggerDataAndStepSummaries) {
  const auto body = read(std::string("/api/v1/executions/") + kFirst);
  EXPECT_EQ(body->getValue<std::string>("id"), kFirst);
  EXPECT_EQ(body->getValue<std::string>("workflow_id"), first_workflow_);
  EXPECT_EQ(body->getValue<std::string>("workspace_id"), identity(token_).second);
  EXPECT_EQ(body->getValue<std::string>("user_id"), identity(token_).first);
  EXPECT_EQ(body->getValue<int>("workflow_version"), 1);
  EXPECT_EQ(body->getValue<std::string>("status"), "completed");
  EXPECT_EQ(body->getValue<std::string>("trigger_type"), "manual");
  // The stored document, as a JSON value (not a string holding one).
  const auto trigger = body->getObject("trigger_data");
  ASSERT_FALSE(trigger.isNull()) << body->get("trigger_data").toString();
  EXPECT_EQ(trigger->getValue<std::string>("email"), "a@example.com");
  EXPECT_EQ(trigger->getArray("n")->size(), 2U);
  EXPECT_EQ(body->getValue<std::string>("start_time"), "2025-01-01T10:00:00.000Z");
  EXPECT_EQ(body->getValue<std::string>("end_time"), "2025-01-01T10:00:01.500Z");
  EXPECT_EQ(body->getValue<int>("duration_ms"), 1500);
  EXPECT_TRUE(body->isNull("error_message"));
  EXPECT_EQ(body->getValue<std::string>("created_at"), "2025-01-01T10:00:00.000Z");
  EXPECT_FALSE(body->getValue<bool>("cancel_requested"));

  const auto nodes = body->getArray("nodes");
  ASSERT_EQ(nodes->size(), 4U);
  std::vector<std::string> order;
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto node = nodes->getObject(static_cast<unsigned>(i));
    order.push_back(node->getValue<std::string>("node_id") + "/" +
                    node->getValue<std::string>("scope"));
    EXPECT_FALSE(node->has("input")) << "a summary leaves input and output out";
    EXPECT_FALSE(node->has("output"));
  }
  EXPECT_EQ(order, (std::vector<std::string>{"start/", "loop/0", "loop/1", "aaa/"}));
  const auto failed = nodes->getObject(2);
  EXPECT_EQ(failed->getValue<std::string>("status"), "failed");
  EXPECT_EQ(failed->getValue<int>("retry_count"), 2);
  EXPECT_EQ(failed->getValue<int>("duration_ms"), 100);
  EXPECT_EQ(failed->getValue<std::string>("error_message"), "timed out");
  EXPECT_EQ(failed->getValue<std::string>("start_time"), "2025-01-01T10:00:00.200Z");
  EXPECT_TRUE(nodes->getObject(3)->isNull("start_time"));

  // What the runtime has not written yet is null, never missing.
  const auto waiting = read(std::string("/api/v1/executions/") + kFourth);
  for (const char* member : {"trigger_type", "workflow_version", "start_time", "end_time",
                             "duration_ms", "error_message"}) {
    ASSERT_TRUE(waiting->has(member)) << member;
    EXPECT_TRUE(waiting->isNull(member)) << member;
  }
  EXPECT_EQ(waiting->getValue<std::string>("trigger_data"), "queued");  // any JSON value
  EXPECT_EQ(waiting->getArray("nodes")->size(), 0U);
  const auto cancelling = read(std::string("/api/v1/executions/") + kThird);
  EXPECT_TRUE(cancelling->getValue<bool>("cancel_requested"));
  EXPECT_EQ(cancelling->getArray("trigger_data")->size(), 0U);
  EXPECT_EQ(cancelling->getValue<int>("workflow_version"), 2);
}

TEST_P(ExecutionsRead, ListFiltersPagesAndTotals) {
  const auto all = read("/api/v1/executions");
  // Newest first, Bob's execution nowhere.
  EXPECT_EQ(idsOf(all), (std::vector<std::string>{kFourth, kThird, kSecond, kFirst}));
  EXPECT_EQ(all->getValue<int>("total"), 4);
  EXPECT_EQ(all->getValue<int>("limit"), 20);
  EXPECT_EQ(all->getValue<int>("offset"), 0);
  const auto item = all->getArray("items")->getObject(1);
  EXPECT_FALSE(item->has("trigger_data")) << "a list shows summaries";
  EXPECT_FALSE(item->has("nodes"));
  EXPECT_TRUE(item->getValue<bool>("cancel_requested"));
  EXPECT_EQ(item->getValue<std::string>("status"), "running");
  EXPECT_EQ(item->getValue<std::string>("workflow_id"), second_workflow_);

  const std::map<std::string, std::vector<std::string>> filtered = {
      {"workflow_id=" + first_workflow_, {kSecond, kFirst}},
      {"workflow_id=" + second_workflow_ + "&status=pending", {kFourth}},
      {"status=running", {kThird}},
      {"status=cancelled", {}},
      {"workflow_id=" + std::string(kUnknown), {}},
      // Both bounds are exclusive; a zone offset is converted to UTC (%2B is '+').
      {"created_after=2025-01-02T10:00:00Z", {kFourth, kThird}},
      {"created_before=2025-01-02T11:00:00%2B01:00", {kFirst}},
      {"created_after=2025-01-01&created_before=2025-01-04T10:00:00.000Z",
       {kThird, kSecond, kFirst}},
      {"created_after=2025-01-01T00:00:00&status=failed&workflow_id=" + first_workflow_, {kSecond}},
  };
  for (const auto& [query, expected] : filtered) {
    const auto page = read("/api/v1/executions?" + query);
    EXPECT_EQ(idsOf(page), expected) << query;
    EXPECT_EQ(page->getValue<int>("total"), static_cast<int>(expected.size())) << query;
  }

  const auto middle = read("/api/v1/executions?limit=2&offset=1");
  EXPECT_EQ(idsOf(middle), (std::vector<std::string>{kThird, kSecond}));
  EXPECT_EQ(middle->getValue<int>("total"), 4);
  EXPECT_EQ(middle->getValue<int>("limit"), 2);
  EXPECT_EQ(middle->getValue<int>("offset"), 1);
  const auto past_the_end = read("/api/v1/executions?offset=10");
  EXPECT_TRUE(idsOf(past_the_end).empty());
  EXPECT_EQ(past_the_end->getValue<int>("total"), 4);

  // Bob sees his own execution only.
  const auto bobs = call("/api/v1/executions", other_token_).json();
  EXPECT_EQ(idsOf(bobs), (std::vector<std::string>{kOthers}));
}

TEST_P(ExecutionsRead, NodeExecutionsCarryInputOutputAndAttempts) {
  const auto page = read(std::string("/api/v1/executions/") + kFirst + "/nodes");
  EXPECT_EQ(page->getValue<int>("total"), 4);
  const auto items = page->getArray("items");
  ASSERT_EQ(items->size(), 4U);
  const auto start = items->getObject(0);
  EXPECT_EQ(start->getValue<std::string>("id"), "40000000-0000-4000-8000-000000000001");
  EXPECT_EQ(start->getValue<std::string>("node_id"), "start");
  EXPECT_EQ(start->getValue<std::string>("scope"), "");
  EXPECT_EQ(start->getObject("input")->getValue<int>("x"), 1);
  const auto output = start->getObject("output")->getArray("y");
  ASSERT_EQ(output->size(), 3U);
  EXPECT_TRUE(output->getElement<bool>(0));
  EXPECT_TRUE(output->isNull(1));
  EXPECT_EQ(output->getElement<std::string>(2), "s");
  EXPECT_EQ(start->getValue<int>("attempts"), 1);
  EXPECT_EQ(start->getValue<int>("retry_count"), 0);
  EXPECT_EQ(start->getValue<std::string>("end_time"), "2025-01-01T10:00:00.150Z");

  const auto retried = items->getObject(2);
  EXPECT_EQ(retried->getValue<std::string>("scope"), "1");
  EXPECT_EQ(retried->getValue<int>("attempts"), 3);
  EXPECT_EQ(retried->getObject("input")->getValue<int>("item"), 2);
  EXPECT_TRUE(retried->isNull("output"));
  EXPECT_EQ(retried->getValue<std::string>("error_message"), "timed out");
  const auto waiting = items->getObject(3);
  EXPECT_EQ(waiting->getValue<std::string>("node_id"), "aaa");
  for (const char* member : {"input", "output", "start_time", "end_time", "duration_ms"})
    EXPECT_TRUE(waiting->isNull(member)) << member;

  const auto second_page =
      read(std::string("/api/v1/executions/") + kFirst + "/nodes?limit=2&offset=2");
  EXPECT_EQ(idsOf(second_page), (std::vector<std::string>{"40000000-0000-4000-8000-000000000003",
                                                          "40000000-0000-4000-8000-000000000004"}));
  EXPECT_EQ(second_page->getValue<int>("total"), 4);
  EXPECT_EQ(read(std::string("/api/v1/executions/") + kFourth + "/nodes")->getValue<int>("total"),
            0);
}

TEST_P(ExecutionsRead, LogEntriesInOrderWithACursor) {
  const std::string path = std::string("/api/v1/executions/") + kFirst + "/logs";
  const auto all = read(path);
  EXPECT_EQ(all->getValue<int>("total"), 5);
  EXPECT_EQ(all->getValue<int>("limit"), 100);
  const auto items = all->getArray("items");
  ASSERT_EQ(items->size(), 5U);
  std::vector<std::string> messages;
  std::vector<std::int64_t> ids;
  for (std::size_t i = 0; i < items->size(); ++i) {
    const auto entry = items->getObject(static_cast<unsigned>(i));
    messages.push_back(entry->getValue<std::string>("message"));
    ids.push_back(entry->getValue<std::int64_t>("id"));
    EXPECT_EQ(entry->getValue<std::string>("time").size(), 24U) << entry->get("time").toString();
  }
  EXPECT_EQ(messages, (std::vector<std::string>{"execution started", "input read", "item 2 slow",
                                                "timed out", "execution finished"}));
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  const auto first = items->getObject(0);
  EXPECT_EQ(first->getValue<std::string>("level"), "info");
  EXPECT_TRUE(first->isNull("node_id"));
  EXPECT_EQ(items->getObject(2)->getValue<std::string>("node_id"), "loop");

  // A reader that saw the first two asks for what came after.
  const auto rest = read(path + "?after=" + std::to_string(ids[1]));
  EXPECT_EQ(rest->getValue<int>("total"), 3);
  EXPECT_EQ(rest->getArray("items")->getObject(0)->getValue<std::int64_t>("id"), ids[2]);
  const auto one = read(path + "?after=" + std::to_string(ids[1]) + "&limit=1&offset=1");
  ASSERT_EQ(one->getArray("items")->size(), 1U);
  EXPECT_EQ(one->getArray("items")->getObject(0)->getValue<std::int64_t>("id"), ids[3]);
  const auto nothing_new = read(path + "?after=" + std::to_string(ids[4]));
  EXPECT_EQ(nothing_new->getValue<int>("total"), 0);
  EXPECT_EQ(nothing_new->getArray("items")->size(), 0U);

  const auto bad_cursor = get(path + "?after=abc");
  EXPECT_EQ(bad_cursor.status, 422) << bad_cursor.body;
}

TEST_P(ExecutionsRead, OthersExecutionsUnknownIdsAndBadInput) {
  for (const std::string& id :
       {std::string(kOthers), std::string(kUnknown), std::string("not-a-uuid"), std::string("1")}) {
    for (const char* suffix : {"", "/nodes", "/logs"}) {
      const auto result = get("/api/v1/executions/" + id + suffix);
      EXPECT_EQ(result.status, 404) << id << suffix << ": " << result.body;
      EXPECT_EQ(result.json()->getValue<std::string>("detail"), "Execution not found")
          << id << suffix;
    }
  }
  // Bob reads his own.
  EXPECT_EQ(call(std::string("/api/v1/executions/") + kOthers, other_token_).status, 200);

  for (const std::string query :
       {"status=done", "created_after=yesterday", "created_before=2025-02-30",
        "workflow_id=not-a-uuid", "limit=0", "offset=-1"}) {
    const auto result = get("/api/v1/executions?" + query);
    ASSERT_EQ(result.status, 422) << query << ": " << result.body;
    const auto issue = result.json()->getArray("detail")->getObject(0);
    EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(0), "query") << query;
    EXPECT_EQ(issue->getArray("loc")->getElement<std::string>(1), query.substr(0, query.find('=')))
        << query;
  }

  for (const std::string& path :
       {std::string("/api/v1/executions"), std::string("/api/v1/executions/") + kFirst,
        std::string("/api/v1/executions/") + kFirst + "/nodes",
        std::string("/api/v1/executions/") + kFirst + "/logs"}) {
    EXPECT_EQ(host_->client().get(path).status, 401) << path;
  }
}

INSTANTIATE_TEST_SUITE_P(Dialects, ExecutionsRead,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
