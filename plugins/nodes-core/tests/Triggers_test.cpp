#include "CoreNodesFixture.hpp"

namespace orchestra::plugins::core {
namespace {

using sdk::ErrorClass;
using sdk::Json;

TEST_F(CoreNodesTest, ManualTriggerPassesTheRunInputThrough) {
  auto outcome = run("core.trigger.manual", "{}", R"({"email":"a@b.c"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"), json(R"({"email":"a@b.c"})"));
}

TEST_F(CoreNodesTest, ManualTriggerWithoutInputEmitsAnEmptyObject) {
  auto& node = host_.createNode("core.trigger.manual", R"({"sample_payload":{"x":1}})");
  auto outcome = host_.execute(node, "{}");
  ASSERT_TRUE(outcome.ok());
  EXPECT_EQ(outcome.output("main"), Json::object());
}

TEST_F(CoreNodesTest, ManualTriggerTyposAreRefusedByItsSchema) {
  // The node no longer re-checks its keys: the schema, which the host applies, does.
  EXPECT_EQ(std::string(createError("core.trigger.manual", R"({"sample_paylod":{}})").what()),
            R"(config invalid at "/": has unknown property "sample_paylod")");
}

constexpr const char* kWebhookConfig =
    R"({"path":"orders/new","methods":["POST","PUT"],"secret_header":"X-Hook-Secret",)"
    R"("secret_value":"s3cret-value"})";

TEST_F(CoreNodesTest, WebhookPassesTheRequestOnWithoutTheSecretHeader) {
  auto outcome = run("core.trigger.webhook", kWebhookConfig,
                     R"({"method":"POST","headers":{"x-hook-secret":"s3cret-value",)"
                     R"("content-type":"application/json"},"body":{"id":7}})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"),
            json(R"({"method":"POST","headers":{"content-type":"application/json"},)"
                 R"("body":{"id":7}})"));
}

TEST_F(CoreNodesTest, WebhookRefusesAWrongSecretOrMethod) {
  auto wrong_secret = run("core.trigger.webhook", kWebhookConfig,
                          R"({"method":"POST","headers":{"X-Hook-Secret":"guess"}})");
  EXPECT_EQ(wrong_secret.status, ORC_ERR_PERMISSION_DENIED);
  EXPECT_EQ(wrong_secret.error_class, ErrorClass::Permanent);
  EXPECT_EQ(wrong_secret.error_message.find("guess"), std::string::npos);

  auto missing = run("core.trigger.webhook", kWebhookConfig, R"({"method":"POST","headers":{}})");
  EXPECT_EQ(missing.status, ORC_ERR_PERMISSION_DENIED);

  auto wrong_method = run("core.trigger.webhook", kWebhookConfig,
                          R"({"method":"DELETE","headers":{"X-Hook-Secret":"s3cret-value"}})");
  EXPECT_EQ(wrong_method.status, ORC_ERR_PERMISSION_DENIED);
}

TEST_F(CoreNodesTest, WebhookConfigIsChecked) {
  for (const char* config : {
           R"({})",
           R"({"path":"../admin"})",
           R"({"path":"a//b"})",
           R"({"path":"a b"})",
           R"({"path":"x","methods":[]})",
           R"({"path":"x","methods":["TRACE"]})",
           R"({"path":"x","methods":["POST","POST"]})",
           R"({"path":"x","secret_header":"X-Secret"})",
           R"({"path":"x","secret_header":"Bad Header","secret_value":"12345678"})",
       }) {
    sdk::Error error = createError("core.trigger.webhook", config);
    EXPECT_EQ(error.errorClass(), ErrorClass::Validation) << config;
  }
  EXPECT_NO_THROW(host_.createNode("core.trigger.webhook", R"({"path":"/hooks-1/a.b_c~d"})"));
}

TEST_F(CoreNodesTest, CronTriggerEmitsTheSchedulersFiredAt) {
  auto outcome = run("core.trigger.cron",
                     R"({"expression":"*/15 9-17 * * MON-FRI","timezone":"Europe/Paris"})",
                     R"({"fired_at":"2024-05-06T09:15:00Z"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"),
            json(R"({"fired_at":"2024-05-06T09:15:00Z","expression":"*/15 9-17 * * MON-FRI",)"
                 R"("timezone":"Europe/Paris"})"));
}

TEST_F(CoreNodesTest, CronTriggerPassesTheScheduledTickOn) {
  auto outcome =
      run("core.trigger.cron", R"({"expression":"0 9 * * *","catch_up":"last"})",
          R"({"scheduled_at":"2024-05-06T09:00:00Z","fired_at":"2024-05-06T09:00:00.4Z"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(at(outcome.output("main"), {"scheduled_at"}), Json("2024-05-06T09:00:00Z"));
  EXPECT_EQ(at(outcome.output("main"), {"fired_at"}), Json("2024-05-06T09:00:00.4Z"));
}

TEST_F(CoreNodesTest, CronTriggerDefaultsFiredAtToNowInUtc) {
  auto outcome = run("core.trigger.cron", R"({"expression":"@hourly"})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  const std::string& fired_at = at(outcome.output("main"), {"fired_at"}).asString();
  EXPECT_EQ(fired_at.size(), 24u) << fired_at;  // 2024-05-06T09:15:00.123Z
  EXPECT_EQ(fired_at.back(), 'Z');
  EXPECT_EQ(at(outcome.output("main"), {"timezone"}), Json("UTC"));
}

TEST_F(CoreNodesTest, CronTriggerRefusesBadSchedules) {
  for (const char* config : {
           R"({"expression":"* * * *"})",
           R"({"expression":"60 * * * *"})",
           R"({"expression":"* 24 * * *"})",
           R"({"expression":"* * 0 * *"})",
           R"({"expression":"* * * 13 *"})",
           R"({"expression":"* * * * 8"})",
           R"({"expression":"5-1 * * * *"})",
           R"({"expression":"*/0 * * * *"})",
           R"({"expression":"1,,2 * * * *"})",
           R"({"expression":"* * * FOO *"})",
           R"({"expression":"@often"})",
           R"({"expression":"* * * * *","timezone":"Not A Zone"})",
           R"({"timezone":"UTC"})",
           R"({"expression":"* * * * *","catch_up":"all"})",
       }) {
    sdk::Error error = createError("core.trigger.cron", config);
    EXPECT_EQ(error.errorClass(), ErrorClass::Validation) << config;
  }
}

TEST_F(CoreNodesTest, EventTriggerPassesTheEventThrough) {
  auto outcome = run("core.trigger.event", R"({"on":"named","event":"invoice.paid"})",
                     R"({"event":"invoice.paid","data":{"id":7}})");
  ASSERT_TRUE(outcome.ok()) << outcome.error_message;
  EXPECT_EQ(outcome.output("main"), json(R"({"event":"invoice.paid","data":{"id":7}})"));
}

TEST_F(CoreNodesTest, EventTriggerNeedsWhatItsKindMatchesOn) {
  for (const char* config : {
           R"({"on":"workflow_completed"})",
           R"({"on":"workflow_failed","event":"x"})",
           R"({"on":"named","workflow_id":"abc"})",
           R"({"on":"named","event":""})",
           R"({"on":"named","event":"{{ trigger.data.name }}"})",
           R"({"on":"started","workflow_id":"abc"})",
           R"({"event":"x"})",
       }) {
    sdk::Error error = createError("core.trigger.event", config);
    EXPECT_EQ(error.errorClass(), ErrorClass::Validation) << config;
  }
  EXPECT_NO_THROW(
      host_.createNode("core.trigger.event", R"({"on":"workflow_failed","workflow_id":"abc"})"));
}

}  // namespace
}  // namespace orchestra::plugins::core
