// The WebSocket endpoints on the real binary: an execution followed live (snapshot, ordered
// events, completion, late subscribers, resume with ?after=), every way a token can come or be
// wrong, a revoked session closed with 1008, origins, a client that never reads, the malformed
// frames a hostile client sends, presence and workflow changes on the collaboration channel,
// analytics counters, connection limits and the 1001 a stopping host sends.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "host/auth/Crypto.hpp"
#include "tests/support/AuthTestSupport.hpp"
#include "tests/support/ExecutionTestSupport.hpp"
#include "tests/support/RedisServer.hpp"
#include "tests/support/WebSocketTestClient.hpp"
#include "tests/support/WorkflowGraphs.hpp"

namespace orchestra::testing {
namespace {

using namespace std::chrono_literals;
using Poco::JSON::Object;
using store::DialectKind;

constexpr auto kMessageWait = 20s;

std::string hostYaml(const std::string& websocket_yaml = "") {
  return std::string("plugins:\n  load:\n    - file: \"") + ORCHESTRA_PLUGIN_BUILD_DIR +
         "/libcore_nodes.so\"\n      required: true\n"
         "runtime:\n  heartbeat_ms: 200\n  poll_interval_ms: 100\n"
         "websocket:\n  auth_recheck_ms: 200\n  max_message_bytes: 1024\n"
         "  presence_ttl_ms: 60000\n" +
         websocket_yaml;
}

// What a client saw of an execution: the snapshot, then every message after it.
struct Followed {
  Object::Ptr snapshot;
  std::vector<Object::Ptr> events;
  std::string final_status;
};

class RealtimeFixture : public ::testing::Test {
 protected:
  virtual DialectKind dialect() const = 0;
  void SetUp() override { startHost(""); }

  void startHost(const std::string& websocket_yaml) {
    host_.reset();
    host_ = std::make_unique<AuthHost>(
        dialect(), hostYaml(websocket_yaml), "",
        "  cors:\n    allowed_origins: [\"https://studio.example.com\"]\n");
    token_ = host_->accessToken("ada@example.com");
  }

  HttpResult call(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& token = "") {
    return host_->client().request(
        method, path, body, {{"Authorization", "Bearer " + (token.empty() ? token_ : token)}});
  }

  std::string createWorkflow(const std::string& graph_json, const std::string& token = "") {
    const auto created =
        call("POST", "/api/v1/workflows", R"({"name":"live",)" + graph_json + "}", token);
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

  // A three-step workflow whose middle step waits, so that subscribers arrive mid-run.
  std::string slowWorkflow(int delay_ms = 600) {
    return createWorkflow(
        graph({node("start", "core.trigger.manual", "{}"),
               node("wait", "core.delay", R"({"duration_ms":)" + std::to_string(delay_ms) + "}"),
               node("done", "core.set", R"({"values":{"ok":true}})")},
              {edge("start", "wait"), edge("wait", "done")}));
  }

  std::unique_ptr<WebSocketTestClient> open(const std::string& path,
                                            std::map<std::string, std::string> headers = {}) {
    if (!headers.count("Authorization") && !headers.count("Sec-WebSocket-Protocol") &&
        path.find("token=") == std::string::npos) {
      headers["Authorization"] = "Bearer " + token_;
    }
    return std::make_unique<WebSocketTestClient>(host_->process().port(), path, headers);
  }

  // Reads until the execution's final status message.
  static Followed follow(WebSocketTestClient& client) {
    Followed followed;
    followed.snapshot = client.nextJson(kMessageWait);
    auto status = followed.snapshot->getValue<std::string>("status");
    while (status != "completed" && status != "failed" && status != "cancelled") {
      auto message = client.nextJson(kMessageWait);
      followed.events.push_back(message);
      if (message->getValue<std::string>("type") == "execution_status") {
        status = message->getValue<std::string>("status");
      }
    }
    followed.final_status = status;
    return followed;
  }

  std::unique_ptr<AuthHost> host_;
  std::string token_;
};

class Realtime : public RealtimeFixture, public ::testing::WithParamInterface<DialectKind> {
 protected:
  DialectKind dialect() const override { return GetParam(); }
};

// The WebSocket layer itself does not depend on the database: these run on SQLite only.
class RealtimeOnSqlite : public RealtimeFixture {
 protected:
  DialectKind dialect() const override { return DialectKind::Sqlite; }
};

std::uint64_t seqOf(const Object::Ptr& message) {
  return message->getValue<std::uint64_t>("seq");
}

TEST_P(Realtime, ASubscriberSeesTheSnapshotThenEveryEventInOrderThenCompletion) {
  const std::string workflow = slowWorkflow();
  const std::string id = start(workflow);
  auto client = open("/api/v1/ws/executions/" + id);
  ASSERT_EQ(client->status(), 101) << client->body();
  EXPECT_EQ(client->header("Sec-WebSocket-Accept"), expectedAccept("dGhlIHNhbXBsZSBub25jZQ=="));

  const Followed seen = follow(*client);
  EXPECT_EQ(seen.snapshot->getValue<std::string>("type"), "snapshot");
  EXPECT_EQ(seen.snapshot->getValue<std::string>("execution_id"), id);
  EXPECT_EQ(seen.final_status, "completed");
  // Every node ends completed, from the snapshot and the events together, and every event
  // comes after the snapshot's point in strictly increasing order.
  std::map<std::string, std::string> node_status;
  const auto nodes = seen.snapshot->getObject("data")->getArray("nodes");
  for (std::size_t i = 0; i < nodes->size(); ++i) {
    const auto entry = nodes->getObject(static_cast<unsigned>(i));
    node_status[entry->getValue<std::string>("node_id")] = entry->getValue<std::string>("status");
  }
  std::uint64_t last = seqOf(seen.snapshot);
  std::set<std::pair<std::string, std::string>> node_events;
  for (const auto& event : seen.events) {
    EXPECT_GT(seqOf(event), last);
    last = seqOf(event);
    EXPECT_EQ(event->getValue<std::string>("execution_id"), id);
    EXPECT_TRUE(event->has("timestamp"));
    if (event->getValue<std::string>("type") == "node_status") {
      const auto node_id = event->getValue<std::string>("node_id");
      const auto status = event->getValue<std::string>("status");
      // No duplicate: the same node and status never arrives twice, nor one the snapshot had.
      EXPECT_TRUE(node_events.insert({node_id, status}).second) << node_id << " " << status;
      EXPECT_NE(node_status[node_id], status) << node_id << " repeated after the snapshot";
      node_status[node_id] = status;
    }
  }
  EXPECT_EQ(node_status["start"], "completed");
  EXPECT_EQ(node_status["wait"], "completed");
  EXPECT_EQ(node_status["done"], "completed");

  // A late subscriber gets the same final state in its snapshot.
  auto late = open("/api/v1/ws/executions/" + id);
  ASSERT_EQ(late->status(), 101);
  const auto snapshot = late->nextJson(kMessageWait);
  EXPECT_EQ(snapshot->getValue<std::string>("type"), "snapshot");
  EXPECT_EQ(snapshot->getValue<std::string>("status"), "completed");
  EXPECT_EQ(snapshot->getObject("data")->getArray("nodes")->size(), 3u);
}

TEST_P(Realtime, AReconnectingClientResumesAfterItsLastSeqWithoutGapsOrDuplicates) {
  const std::string workflow = slowWorkflow(800);
  const std::string id = start(workflow);
  auto first = open("/api/v1/ws/executions/" + id);
  ASSERT_EQ(first->status(), 101);
  const Followed all = follow(*first);
  ASSERT_FALSE(all.events.empty());
  // The client "lost" everything after its first event and reconnects with that seq.
  const std::uint64_t resume_after = seqOf(all.events.front());
  auto again = open("/api/v1/ws/executions/" + id + "?after=" + std::to_string(resume_after));
  ASSERT_EQ(again->status(), 101);
  const auto resumed = again->nextJson(kMessageWait);
  EXPECT_EQ(resumed->getValue<std::string>("type"), "resumed");
  EXPECT_EQ(seqOf(resumed), resume_after);
  // Everything the channel carried after that point, in order, once each: what the first
  // client got, plus the echoes of states its snapshot already showed (dropped for it, but part
  // of the channel), up to the same last message.
  std::map<std::uint64_t, std::string> replayed;
  std::uint64_t last = resume_after;
  while (last < seqOf(all.events.back())) {
    const auto message = again->nextJson(kMessageWait);
    EXPECT_GT(seqOf(message), last);
    last = seqOf(message);
    replayed[last] = message->getValue<std::string>("type");
  }
  for (std::size_t i = 1; i < all.events.size(); ++i) {
    const auto found = replayed.find(seqOf(all.events[i]));
    ASSERT_NE(found, replayed.end()) << "missing seq " << seqOf(all.events[i]);
    EXPECT_EQ(found->second, all.events[i]->getValue<std::string>("type"));
  }
  EXPECT_EQ(last, seqOf(all.events.back()));
  EXPECT_FALSE(again->next(300ms).has_value()) << "nothing beyond what was missed";

  // A point the host no longer has (or never had) gets a fresh snapshot instead.
  auto stale = open("/api/v1/ws/executions/" + id + "?after=1");
  ASSERT_EQ(stale->status(), 101);
  EXPECT_EQ(stale->nextJson(kMessageWait)->getValue<std::string>("type"), "snapshot");
  auto malformed = open("/api/v1/ws/executions/" + id + "?after=abc");
  EXPECT_EQ(malformed->status(), 422) << malformed->body();
}

TEST_P(Realtime, TokensComeInAHeaderTheQueryOrTheSubprotocolAndBadOnesAreRefused) {
  const std::string id = start(slowWorkflow(10));
  const std::string path = "/api/v1/ws/executions/" + id;
  EXPECT_EQ(open(path + "?token=" + token_)->status(), 101);
  auto by_protocol = open(path, {{"Sec-WebSocket-Protocol", "bearer, " + token_}});
  EXPECT_EQ(by_protocol->status(), 101);
  EXPECT_EQ(by_protocol->header("Sec-WebSocket-Protocol"), "bearer");

  auto missing = open(path, {{"Authorization", ""}, {"Sec-WebSocket-Protocol", "bearer"}});
  EXPECT_EQ(missing->status(), 401) << missing->body();
  EXPECT_EQ(open(path + "?token=not-a-token")->status(), 401);
  EXPECT_EQ(open(path, {{"Sec-WebSocket-Protocol", "bearer, forged.token.here"}})->status(), 401);

  // Expired: a token signed with the right key whose exp has passed.
  const std::int64_t now = std::time(nullptr);
  const auto me = call("GET", "/api/v1/auth/me");
  const auto user_id = me.json()->getValue<std::string>("id");
  const std::string access_payload = *auth::base64UrlDecode(
      token_.substr(token_.find('.') + 1, token_.rfind('.') - token_.find('.') - 1));
  const std::string sid = access_payload.substr(access_payload.find(R"("sid":")") + 7, 36);
  const auto claims = [&](std::int64_t exp) {
    return R"({"sub":")" + user_id + R"(","sid":")" + sid +
           R"(","type":"access","email":"ada@example.com","jti":"j1","iat":)" +
           std::to_string(now - 5) + R"(,"exp":)" + std::to_string(exp) +
           R"(,"iss":"orchestra","aud":"orchestra-api"})";
  };
  const std::string hs256 = R"({"alg":"HS256","typ":"JWT"})";
  EXPECT_EQ(open(path + "?token=" + craftToken(hs256, claims(now - 1)))->status(), 401);

  // Another user's execution is a 404, as is an unknown one; a disallowed origin a 403.
  const std::string other = host_->accessToken("eve@example.com");
  EXPECT_EQ(open(path + "?token=" + other)->status(), 404);
  EXPECT_EQ(open("/api/v1/ws/executions/00000000-0000-4000-8000-000000000000")->status(), 404);
  EXPECT_EQ(open(path, {{"Origin", "https://evil.example.com"}})->status(), 403);
  EXPECT_EQ(open(path, {{"Origin", "https://studio.example.com"}})->status(), 101);
  // Not an upgrade, or the wrong version.
  EXPECT_EQ(open(path, {{"Upgrade", ""}})->status(), 400);
  auto old_version = open(path, {{"Sec-WebSocket-Version", "8"}});
  EXPECT_EQ(old_version->status(), 426);
  EXPECT_EQ(old_version->header("Sec-WebSocket-Version"), "13");
  EXPECT_EQ(open(path, {{"Sec-WebSocket-Key", "short"}})->status(), 400);

  // A token that expires while connected closes the socket with 1008.
  auto expiring = open(path + "?token=" + craftToken(hs256, claims(now + 2)));
  ASSERT_EQ(expiring->status(), 101);
  EXPECT_EQ(expiring->waitForClose(10s), std::optional<std::uint16_t>(1008));
}

TEST_P(Realtime, ARevokedSessionClosesItsSocketsWith1008) {
  const std::string token = host_->accessToken("grace@example.com");
  auto client = open("/api/v1/ws/analytics?token=" + token);
  ASSERT_EQ(client->status(), 101);
  EXPECT_EQ(client->nextJson(kMessageWait)->getValue<std::string>("type"), "analytics_snapshot");
  ASSERT_EQ(call("POST", "/api/v1/auth/logout", "{}", token).status, 200);
  EXPECT_EQ(client->waitForClose(10s), std::optional<std::uint16_t>(1008));
}

TEST_F(RealtimeOnSqlite, AClientThatNeverReadsIsClosedAndNeverDelaysAnother) {
  startHost("  send_queue_bytes: 262144\n");
  const std::string workflow = createWorkflow(
      graph({node("start", "core.trigger.manual", "{}"),
             node("wait", "core.delay", R"({"duration_ms":500})"),
             node("each", "core.foreach", R"({"items_path":"items","max_items":5000})"),
             node("double", "core.set", R"({"values":{"twice":"{{ item }}{{ item }}"}})")},
            {edge("start", "wait"), edge("wait", "each"), edge("each", "double", "items")}));
  std::string items = "[";
  for (int i = 0; i < 5000; ++i)
    items += (i == 0 ? "" : ",") + std::to_string(i);
  items += "]";
  const std::string id = start(workflow, R"({"items":)" + items + "}");
  // The silent client takes little into its kernel buffer and never reads.
  auto silent = open("/api/v1/ws/executions/" + id);
  ASSERT_EQ(silent->status(), 101);
  const int small = 4096;
  ::setsockopt(silent->fd(), SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  auto reader = open("/api/v1/ws/executions/" + id);
  ASSERT_EQ(reader->status(), 101);
  // Drained as fast as frames come (parsed afterwards), as a browser tab would.
  std::vector<std::string> frames;
  while (true) {
    auto frame = reader->next(kMessageWait);
    ASSERT_TRUE(frame.has_value()) << "after " << frames.size() << " messages";
    ASSERT_EQ(frame->opcode, 0x1) << "code " << frame->closeCode();
    frames.push_back(std::move(frame->payload));
    if (frames.back().find(R"("type":"execution_status","execution_id")") != std::string::npos &&
        frames.back().find(R"("status":"completed")") != std::string::npos) {
      break;
    }
  }
  EXPECT_GT(frames.size(), 5000u);
  // The silent one was closed: whatever it reads ends in a 1013 close frame or the TCP close.
  const auto code = silent->waitForClose(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_TRUE(*code == 1013 || *code == 0) << *code;
}

TEST_F(RealtimeOnSqlite, MalformedFramesCloseWithTheRightCodeAndLeaveTheHostHealthy) {
  const std::string id = start(slowWorkflow(10));
  const std::string path = "/api/v1/ws/executions/" + id;
  const auto expectClose = [&](const std::function<void(WebSocketTestClient&)>& send,
                               std::uint16_t code, const char* what) {
    auto client = open(path);
    ASSERT_EQ(client->status(), 101) << what;
    client->nextJson(kMessageWait);  // the snapshot
    send(*client);
    EXPECT_EQ(client->waitForClose(5s), std::optional<std::uint16_t>(code)) << what;
  };
  expectClose([](auto& c) { c.sendFrame(0x1, R"({"type":"x"})", true, false); }, 1002, "unmasked");
  expectClose([](auto& c) { c.sendText("\xC3\x28 bad utf-8"); }, 1007, "invalid UTF-8");
  expectClose([](auto& c) { c.sendText(std::string(2000, 'a')); }, 1009, "oversize frame");
  expectClose(
      [](auto& c) {
        c.sendFrame(0x1, std::string(600, 'a'), false);
        c.sendFrame(0x0, std::string(600, 'a'));
      },
      1009, "oversize message in fragments");
  expectClose([](auto& c) { c.sendFrame(0x2, "binary"); }, 1003, "binary");
  expectClose([](auto& c) { c.sendFrame(0x0, "orphan"); }, 1002, "continuation first");
  expectClose([](auto& c) { c.sendFrame(0x9, std::string(200, 'p')); }, 1002, "long ping");
  expectClose([](auto& c) { c.sendFrame(0x9, "p", false); }, 1002, "fragmented ping");
  expectClose([](auto& c) { c.sendRaw(std::string("\xF1\x80", 2) + "abcd"); }, 1002,
              "reserved bits");
  expectClose([](auto& c) { c.sendFrame(0x3, "x"); }, 1002, "unknown opcode");
  expectClose([](auto& c) { c.sendClose(1005); }, 1002, "reserved close code");

  // A ping is answered with its payload; a message on a channel that takes none is an error
  // message, not a close; a close is answered in kind.
  auto client = open(path);
  ASSERT_EQ(client->status(), 101);
  client->nextJson(kMessageWait);
  client->sendFrame(0x9, "hello");
  auto pong = client->next(5s);
  ASSERT_TRUE(pong.has_value());
  EXPECT_EQ(pong->opcode, 0xA);
  EXPECT_EQ(pong->payload, "hello");
  client->sendText(R"({"type":"presence"})");
  EXPECT_EQ(client->nextJson(kMessageWait)->getValue<std::string>("type"), "error");
  client->sendClose(1000);
  EXPECT_EQ(client->waitForClose(5s), std::optional<std::uint16_t>(1000));

  // Abrupt disconnects mid-frame and mid-handshake.
  for (int i = 0; i < 20; ++i) {
    auto abrupt = open(path);
    abrupt->sendRaw(std::string("\x81\xFE\x10\x00", 4));  // a 4 KiB frame that never comes
    abrupt->abort();
  }
  EXPECT_EQ(host_->client().get("/health").status, 200);
  auto after = open(path);
  ASSERT_EQ(after->status(), 101);
  EXPECT_EQ(after->nextJson(kMessageWait)->getValue<std::string>("type"), "snapshot");
}

TEST_F(RealtimeOnSqlite, CollaboratorsSeePresenceAndWorkflowChangesLive) {
  const auto me = call("GET", "/api/v1/auth/me").json();
  const auto workspace = me->getArray("workspaces")->getObject(0)->getValue<std::string>("id");
  const std::string path = "/api/v1/ws/collaboration/" + workspace;
  auto watcher = open(path);
  ASSERT_EQ(watcher->status(), 101) << watcher->body();
  const auto empty = watcher->nextJson(kMessageWait);
  EXPECT_EQ(empty->getValue<std::string>("type"), "snapshot");
  EXPECT_EQ(empty->getObject("data")->getArray("presence")->size(), 0u);

  const std::string workflow = slowWorkflow(10);
  const auto saved = watcher->nextJson(kMessageWait);
  EXPECT_EQ(saved->getValue<std::string>("type"), "workflow_saved");
  EXPECT_EQ(saved->getObject("data")->getValue<std::string>("workflow_id"), workflow);

  auto editor = open(path);
  ASSERT_EQ(editor->status(), 101);
  editor->nextJson(kMessageWait);
  editor->sendText(R"({"type":"presence","workflow_id":")" + workflow + R"(","state":"editing"})");
  const auto presence = watcher->nextJson(kMessageWait);
  EXPECT_EQ(presence->getValue<std::string>("type"), "presence");
  EXPECT_EQ(presence->getValue<std::string>("status"), "editing");
  EXPECT_EQ(presence->getObject("data")->getValue<std::string>("workflow_id"), workflow);
  EXPECT_EQ(presence->getObject("data")->getValue<std::string>("email"), "ada@example.com");
  editor->sendText(R"({"type":"presence","state":"dancing"})");
  EXPECT_EQ(editor->nextJson(kMessageWait)->getValue<std::string>("type"), "presence");
  EXPECT_EQ(editor->nextJson(kMessageWait)->getValue<std::string>("type"), "error");
  // A member of the wrong type and a text that is no JSON object are answered, each saying why.
  for (const auto& [message, detail] : std::vector<std::pair<std::string, std::string>>{
           {R"({"type":"presence","workflow_id":5})", "workflow_id must be a workflow's id"},
           {R"([{"type":"presence"}])", "Messages must be JSON objects"},
           {R"({"type":"presence",)", "Messages must be JSON objects"}}) {
    editor->sendText(message);
    const auto answer = editor->nextJson(kMessageWait);
    ASSERT_TRUE(answer) << message;
    EXPECT_EQ(answer->getValue<std::string>("type"), "error") << message;
    EXPECT_EQ(answer->getObject("data")->getValue<std::string>("detail"), detail) << message;
  }

  // A newcomer's snapshot shows who is there.
  auto newcomer = open(path);
  ASSERT_EQ(newcomer->status(), 101);
  const auto present = newcomer->nextJson(kMessageWait);
  ASSERT_EQ(present->getObject("data")->getArray("presence")->size(), 1u);
  EXPECT_EQ(present->getObject("data")
                ->getArray("presence")
                ->getObject(0)
                ->getValue<std::string>("state"),
            "editing");

  newcomer.reset();  // never announced itself: its going says nothing
  ASSERT_EQ(call("DELETE", "/api/v1/workflows/" + workflow).status, 204);
  editor.reset();  // leaves without a word
  std::set<std::string> types;
  for (int i = 0; i < 2; ++i) {
    const auto message = watcher->nextJson(kMessageWait);
    types.insert(message->getValue<std::string>("type") + ":" +
                 message->getValue<std::string>("status"));
  }
  EXPECT_TRUE(types.count("workflow_deleted:draft")) << *types.begin();
  EXPECT_TRUE(types.count("presence:left"));
  EXPECT_FALSE(watcher->next(500ms).has_value()) << "a left for the silent newcomer";

  // Another user's workspace is a 404.
  const std::string eve = host_->accessToken("eve@example.com");
  EXPECT_EQ(open(path + "?token=" + eve)->status(), 404);
}

TEST_F(RealtimeOnSqlite, AnalyticsStartFromCountsAndFollowExecutions) {
  auto client = open("/api/v1/ws/analytics");
  ASSERT_EQ(client->status(), 101);
  const auto snapshot = client->nextJson(kMessageWait);
  EXPECT_EQ(snapshot->getValue<std::string>("type"), "analytics_snapshot");
  const auto workspaces = snapshot->getObject("data")->getArray("workspaces");
  ASSERT_EQ(workspaces->size(), 1u);
  EXPECT_EQ(workspaces->getObject(0)->getValue<int>("running"), 0);

  const std::string id = start(slowWorkflow(10));
  std::set<std::string> statuses;
  while (!statuses.count("completed")) {
    const auto message = client->nextJson(kMessageWait);
    EXPECT_EQ(message->getValue<std::string>("type"), "execution_status");
    EXPECT_EQ(message->getValue<std::string>("execution_id"), id);
    statuses.insert(message->getValue<std::string>("status"));
  }
  EXPECT_TRUE(statuses.count("running"));

  auto later = open("/api/v1/ws/analytics");
  const auto counted = later->nextJson(kMessageWait)->getObject("data")->getArray("workspaces");
  EXPECT_EQ(counted->getObject(0)->getValue<int>("completed_24h"), 1);
}

TEST_F(RealtimeOnSqlite, ConnectionLimitsRefuseTheUpgradeAndAStoppingHostSays1001) {
  startHost("  max_connections_per_user: 2\n");
  auto one = open("/api/v1/ws/analytics");
  auto two = open("/api/v1/ws/analytics");
  ASSERT_EQ(one->status(), 101);
  ASSERT_EQ(two->status(), 101);
  EXPECT_EQ(open("/api/v1/ws/analytics")->status(), 429);
  two.reset();
  // The place is given back when the socket goes.
  bool admitted = false;
  for (int i = 0; i < 50 && !admitted; ++i) {
    admitted = open("/api/v1/ws/analytics")->status() == 101;
    if (!admitted) std::this_thread::sleep_for(20ms);
  }
  EXPECT_TRUE(admitted);
  one->nextJson(kMessageWait);
  host_->process().stop();
  EXPECT_EQ(one->waitForClose(10s), std::optional<std::uint16_t>(1001));
}

// Two instances on one PostgreSQL database and one Redis: a client on A follows an execution
// that B runs (started through B's API, so B runs it).
class RealtimeOnTwoInstances : public ::testing::Test {
 protected:
  void startPair(const std::string& redis_url) {
    host_ = std::make_unique<AuthHost>(DialectKind::Postgres,
                                       hostYaml() + "redis:\n  url: " + redis_url + "\n");
    sibling_ = host_->startSibling();
    token_ = host_->accessToken("ada@example.com");
  }

  HttpResult callOn(std::uint16_t port, const std::string& method, const std::string& path,
                    const std::string& body = "") {
    return HttpTestClient(port).request(method, path, body,
                                        {{"Authorization", "Bearer " + token_}});
  }

  std::string startOnSibling(int delay_ms) {
    const auto created = callOn(
        sibling_->port(), "POST", "/api/v1/workflows",
        R"({"name":"two hosts",)" +
            graph(
                {node("start", "core.trigger.manual", "{}"),
                 node("wait", "core.delay", R"({"duration_ms":)" + std::to_string(delay_ms) + "}"),
                 node("done", "core.set", R"({"values":{"ok":true}})")},
                {edge("start", "wait"), edge("wait", "done")}) +
            "}");
    EXPECT_EQ(created.status, 201) << created.body;
    const auto started =
        callOn(sibling_->port(), "POST", "/api/v1/executions",
               R"({"workflow_id":")" + created.json()->getValue<std::string>("id") +
                   R"(","trigger_type":"manual","trigger_data":{}})");
    EXPECT_EQ(started.status, 202) << started.body;
    return started.json()->getValue<std::string>("id");
  }

  // Reads messages until one (snapshot or event) says the execution completed.
  static std::vector<Object::Ptr> untilCompleted(WebSocketTestClient& client) {
    std::vector<Object::Ptr> seen;
    while (true) {
      auto message = client.nextJson(kMessageWait);
      seen.push_back(message);
      const auto type = message->getValue<std::string>("type");
      if ((type == "snapshot" || type == "execution_status") &&
          message->getValue<std::string>("status") == "completed") {
        return seen;
      }
    }
  }

  std::unique_ptr<AuthHost> host_;
  std::unique_ptr<HostProcess> sibling_;
  std::string token_;
};

TEST_F(RealtimeOnTwoInstances, AClientOnOneInstanceSeesEveryEventOfAnExecutionOnAnother) {
  startPair(redisUrl());
  const std::string id = startOnSibling(800);
  WebSocketTestClient client(host_->process().port(), "/api/v1/ws/executions/" + id,
                             {{"Authorization", "Bearer " + token_}});
  ASSERT_EQ(client.status(), 101) << client.body();
  const auto seen = untilCompleted(client);
  EXPECT_EQ(seen.front()->getValue<std::string>("type"), "snapshot");
  std::set<std::string> completed_nodes;
  for (const auto& message : seen) {
    if (message->getValue<std::string>("type") == "node_status" &&
        message->getValue<std::string>("status") == "completed") {
      completed_nodes.insert(message->getValue<std::string>("node_id"));
    }
  }
  // The wait and what follows it happened after the subscription: their events came from B.
  EXPECT_TRUE(completed_nodes.count("wait"));
  EXPECT_TRUE(completed_nodes.count("done"));
}

TEST_F(RealtimeOnTwoInstances, RedisStoppedMidRunNeitherStopsTheExecutionNorLeavesTheClientBehind) {
  RedisServer redis;
  startPair(redis.url());
  const std::string id = startOnSibling(1500);
  WebSocketTestClient client(host_->process().port(), "/api/v1/ws/executions/" + id,
                             {{"Authorization", "Bearer " + token_}});
  ASSERT_EQ(client.status(), 101) << client.body();
  EXPECT_EQ(client.nextJson(kMessageWait)->getValue<std::string>("type"), "snapshot");
  // Redis goes away while the execution waits, and comes back after it has finished on B:
  // none of its last events can reach A, whose client must still end with the final state.
  redis.kill();
  std::this_thread::sleep_for(3s);
  redis.start();
  const auto seen = untilCompleted(client);
  // The end came in the fresh snapshot A sent every client once its bus was back.
  EXPECT_EQ(seen.back()->getValue<std::string>("type"), "snapshot");
  const auto read = callOn(sibling_->port(), "GET", "/api/v1/executions/" + id);
  EXPECT_EQ(read.json()->getValue<std::string>("status"), "completed");
}

INSTANTIATE_TEST_SUITE_P(Databases, Realtime,
                         ::testing::Values(DialectKind::Sqlite, DialectKind::Postgres),
                         [](const auto& param_info) { return dialectTestName(param_info.param); });

}  // namespace
}  // namespace orchestra::testing
