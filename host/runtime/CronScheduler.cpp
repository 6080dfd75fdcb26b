#include "host/runtime/CronScheduler.hpp"

#include <set>

#include "host/observability/Logger.hpp"
#include "host/runtime/TriggerConfig.hpp"
#include "host/store/StoreError.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::runtime {

namespace {

using Clock = std::chrono::system_clock;
using std::chrono::milliseconds;

constexpr std::string_view kCronTriggerType = "core.trigger.cron";
constexpr std::chrono::hours kPruneEvery{1};
constexpr std::chrono::hours kKeepTicks{24};

}  // namespace

CronScheduler::CronScheduler(store::Database& database, Runtime& runtime, milliseconds interval)
    : runtime_(runtime),
      workflows_(database),
      ticks_(database),
      interval_(interval),
      on_time_window_(std::max(milliseconds(10'000), interval * 5)) {}

CronScheduler::~CronScheduler() {
  stop();
}

void CronScheduler::start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { loop(); });
}

void CronScheduler::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void CronScheduler::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    scan(Clock::now());
    lock.lock();
    // Wake just after the next whole interval so per-second ticks are seen within it.
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

void CronScheduler::scan(Clock::time_point now) {
  std::vector<store::WorkflowRow> rows;
  try {
    rows = workflows_.publishedWithNodeType(kCronTriggerType);
  } catch (const std::exception& error) {
    observability::logWarning("cron", "cannot list cron triggers; retrying next scan",
                              {{"error", error.what()}});
    return;
  }
  std::set<TriggerKey> seen;
  for (const store::WorkflowRow& row : rows) {
    const CompileResult compiled = runtime_.workflows().get(row.id, row.version);
    if (!compiled.workflow) continue;  // the runtime reports why when something starts it
    for (const CompiledNode& node : compiled.workflow->nodes) {
      if (node.type_id != kCronTriggerType) continue;
      TriggerKey key{row.id, node.id};
      seen.insert(key);
      auto [found, inserted] = triggers_.try_emplace(key);
      Trigger& trigger = found->second;
      if (inserted) trigger.cursor = startingCursor(key, now);
      trigger.workspace_id = row.workspace_id;
      trigger.user_id = row.user_id;
      trigger.version = row.version;
      trigger.catch_up_last = triggerConfigString(node.config, "catch_up", "none") == "last";
      const std::string expression = triggerConfigString(node.config, "expression", "");
      const std::string timezone = triggerConfigString(node.config, "timezone", "UTC");
      if (inserted || expression != trigger.expression || timezone != trigger.timezone) {
        trigger.expression = expression;
        trigger.timezone = timezone;
        trigger.schedule.reset();
        try {
          trigger.schedule.emplace(expression, timezone);
        } catch (const std::invalid_argument& error) {
          observability::logWarning(
              "cron", "a cron trigger cannot be scheduled",
              {{"workflow_id", row.id}, {"node_id", node.id}, {"error", error.what()}});
        }
      }
      fireDue(key, trigger, now);
    }
  }
  // Unpublished, deleted or edited away: forget them, so a later publish starts afresh.
  std::erase_if(triggers_, [&seen](const auto& entry) { return seen.count(entry.first) == 0; });
  first_scan_ = false;

  if (now >= next_prune_) {
    next_prune_ = now + kPruneEvery;
    try {
      ticks_.prune(cronTimestamp(now - kKeepTicks));
    } catch (const std::exception& error) {
      observability::logWarning("cron", "cannot prune cron ticks", {{"error", error.what()}});
    }
  }
}

// On this process's first scan the fleet's last fired tick says what was missed while no
// instance ran; a trigger published later starts now (ticks before its publish are not
// "missed").
Clock::time_point CronScheduler::startingCursor(const TriggerKey& key, Clock::time_point now) {
  if (!first_scan_) return now;
  try {
    if (const auto last = ticks_.lastTick(key.first, key.second)) {
      if (const auto parsed = parseCronTimestamp(*last)) return std::min(*parsed, now);
    }
  } catch (const std::exception& error) {
    observability::logWarning("cron", "cannot read the last cron tick; missed ticks are skipped",
                              {{"workflow_id", key.first}, {"error", error.what()}});
  }
  return now;
}

void CronScheduler::fireDue(const TriggerKey& key, Trigger& trigger, Clock::time_point now) {
  if (!trigger.schedule) return;
  const CronSchedule& schedule = *trigger.schedule;
  std::optional<CronTime> next = schedule.nextAfter(trigger.cursor);
  const Clock::time_point on_time_from = now - on_time_window_;
  if (next && *next < on_time_from) {
    // Ticks from `next` to `on_time_from` were missed: no instance ran (or scanned) then.
    const std::optional<CronTime> latest =
        schedule.latestAtOrBefore(on_time_from - milliseconds(1));
    if (trigger.catch_up_last && latest && !fire(key, trigger, *latest, now, true)) return;
    observability::logInfo("cron",
                           trigger.catch_up_last ? "fired the latest missed tick"
                                                 : "skipped missed ticks (catch_up none)",
                           {{"workflow_id", key.first},
                            {"node_id", key.second},
                            {"first_missed", cronTimestamp(*next)},
                            {"last_missed", latest ? cronTimestamp(*latest) : std::string()}});
    trigger.cursor = latest ? Clock::time_point(*latest) : on_time_from;
    next = schedule.nextAfter(trigger.cursor);
  }
  while (next && *next <= now) {
    if (!fire(key, trigger, *next, now, false)) return;
    trigger.cursor = *next;
    next = schedule.nextAfter(*next);
  }
}

bool CronScheduler::fire(const TriggerKey& key, const Trigger& trigger, CronTime tick,
                         Clock::time_point now, bool caught_up) {
  const std::string scheduled_at = cronTimestamp(tick);
  text::JsonWriter data;
  data.beginObject()
      .field("scheduled_at", scheduled_at)
      .field("fired_at", cronTimestamp(now))
      .field("expression", trigger.expression)
      .field("timezone", trigger.timezone);
  if (caught_up) data.field("catch_up", true);
  data.endObject();
  StartRequest request;
  request.workspace_id = trigger.workspace_id;
  request.workflow_id = key.first;
  request.user_id = trigger.user_id;
  request.workflow_version = trigger.version;
  request.trigger_type = "cron";
  request.trigger_data_json = std::move(data).finish();
  // The tick is recorded in the execution's own transaction: fired exactly when queued.
  request.cron_tick = store::CronTickClaim{key.first, key.second, scheduled_at};
  try {
    runtime_.startExecution(request);
  } catch (const store::StoreError& error) {
    if (error.kind() == store::StoreErrorKind::UniqueViolation) return true;  // fired elsewhere
    observability::logWarning("cron", "cannot queue a cron tick's execution; retrying next scan",
                              {{"workflow_id", key.first}, {"error", error.what()}});
    return false;
  } catch (const std::exception& error) {
    // Refused before anything was written (a full queue, a stopping host): the tick is not
    // recorded, so the next scan (here or on another instance) tries it again.
    observability::logWarning("cron", "cannot queue a cron tick's execution; retrying next scan",
                              {{"workflow_id", key.first}, {"error", error.what()}});
    return false;
  }
  return true;
}

}  // namespace orchestra::runtime
