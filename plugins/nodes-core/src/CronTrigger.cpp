#include "CronTrigger.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <utility>

#include "ConfigReader.hpp"
#include "RunInputs.hpp"
#include "orchestra/sdk/CronExpression.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

using sdk::CronExpression;
using sdk::isPlausibleTimeZoneName;

struct Schedule {
  std::string expression;
  std::string timezone;
};

Schedule readSchedule(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"expression", "timezone", "catch_up"});
  // Only the host's scheduler acts on catch_up; read here so a bad value fails the save.
  reader.enumString("catch_up", {"none", "last"}, "none");
  Schedule schedule;
  schedule.expression = reader.requiredString("expression");
  CronExpression::parse(schedule.expression);
  schedule.timezone = reader.optionalString("timezone").value_or("UTC");
  if (!isPlausibleTimeZoneName(schedule.timezone)) {
    throw Error::validation("config.timezone '" + schedule.timezone +
                            "' is not a time zone name such as UTC or Europe/Paris");
  }
  return schedule;
}

std::string nowIso8601() {
  auto now = std::chrono::system_clock::now();
  std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  auto milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%S", &utc);
  std::array<char, 40> with_millis{};
  std::snprintf(with_millis.data(), with_millis.size(), "%s.%03dZ", text.data(),
                static_cast<int>(milliseconds));
  return with_millis.data();
}

}  // namespace

sdk::ExtensionInfo CronTrigger::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.trigger.cron";
  info.display_name = "Schedule Trigger";
  info.description =
      "Starts the workflow on a cron schedule (minute hour day-of-month month day-of-week, "
      "optionally preceded by a seconds field) in a time zone; catch_up says what happens to "
      "ticks missed while no instance was running.";
  info.category = sdk::Category::Trigger;
  info.config_schema =
      R"({"type":"object","properties":{)"
      R"("expression":{"type":"string","minLength":1,"maxLength":200,)"
      R"("description":"Five fields, six with a leading seconds field, or )"
      R"(@hourly/@daily/@weekly/@monthly/@yearly, e.g. \"*/15 9-17 * * MON-FRI\""},)"
      R"("timezone":{"type":"string","default":"UTC","maxLength":64,)"
      R"("pattern":"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z][A-Za-z0-9_+-]*)*$",)"
      R"("description":"IANA time zone name"},)"
      R"("catch_up":{"type":"string","enum":["none","last"],"default":"none",)"
      R"("description":"Ticks missed while no instance ran: none skips them, last fires )"
      R"(the most recent one once"}},)"
      R"("required":["expression"],"additionalProperties":false})";
  info.outputs = {{"main"}};
  return info;
}

CronTrigger::CronTrigger(Json config) : config_(std::move(config)) {
  readSchedule(config_, ConfigPhase::Create);
}

sdk::NodeResult CronTrigger::execute(sdk::NodeContext& context) const {
  Schedule schedule = readSchedule(runConfig(context, config_), ConfigPhase::Execute);
  Json tick = mainInput(context);
  Json output = Json::object();
  if (const Json* scheduled_at = tick.find("scheduled_at");
      scheduled_at != nullptr && scheduled_at->isString()) {
    output["scheduled_at"] = *scheduled_at;
  }
  const Json* fired_at = tick.find("fired_at");
  output["fired_at"] = fired_at != nullptr && fired_at->isString() ? *fired_at : Json(nowIso8601());
  output["expression"] = Json(schedule.expression);
  output["timezone"] = Json(schedule.timezone);
  return sdk::NodeResult::on("main", output);
}

}  // namespace orchestra::plugins::core
