#include "host/app/RuntimeSubsystem.hpp"

#include <charconv>

#include "host/config/ConfigError.hpp"
#include "host/observability/Logger.hpp"
#include "host/secrets/SecretService.hpp"

namespace orchestra::app {

runtime::RuntimeSettings runtimeSettingsFrom(const config::RuntimeConfig& config) {
  runtime::RuntimeSettings settings;
  settings.max_running_executions = static_cast<std::size_t>(config.max_running_executions);
  settings.node_threads = static_cast<std::size_t>(config.node_threads);
  settings.lease = std::chrono::milliseconds(config.lease_ms);
  settings.heartbeat = std::chrono::milliseconds(config.heartbeat_ms);
  settings.poll_interval = std::chrono::milliseconds(config.poll_interval_ms);
  settings.retry.max_retries = config.retry_max;
  settings.retry.delays.clear();
  for (const std::string& text : config.retry_delays_ms) {
    std::int64_t delay = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), delay);
    if (error != std::errc() || end != text.data() + text.size() || delay < 0) {
      throw config::ConfigError("runtime.retry_delays_ms: '" + text +
                                "' is not a non-negative number of milliseconds");
    }
    settings.retry.delays.emplace_back(delay);
  }
  settings.node_timeout = std::chrono::milliseconds(config.node_timeout_ms);
  settings.execution_timeout = std::chrono::milliseconds(config.execution_timeout_ms);
  settings.max_node_output_bytes = static_cast<std::size_t>(config.max_node_output_bytes);
  settings.max_execution_data_bytes = static_cast<std::size_t>(config.max_execution_data_bytes);
  settings.max_foreach_items = static_cast<std::size_t>(config.max_foreach_items);
  settings.max_loop_iterations = static_cast<std::size_t>(config.max_loop_iterations);
  settings.max_queue_depth = static_cast<std::size_t>(config.max_queue_depth);
  return settings;
}

RuntimeSubsystem::~RuntimeSubsystem() = default;

void RuntimeSubsystem::initialize(Poco::Util::Application&) {
  const config::RuntimeConfig& config = context_.config.runtime;
  bus::EventBus& events = context_.events.get();
  runtime_ = std::make_unique<runtime::Runtime>(
      context_.database.get(), context_.plugins.get(), runtimeSettingsFrom(config), events,
      config.inline_commits == "each" ? runtime::InlineCommits::Each
                                      : runtime::InlineCommits::Together,
      context_.metrics.get(), nullptr, &context_.secrets.get());
  retention_ = std::make_unique<runtime::RetentionJob>(
      context_.database.get(),
      runtime::RetentionSettings{std::chrono::hours(config.retention_max_age_hours),
                                 config.retention_max_executions,
                                 std::chrono::milliseconds(config.retention_interval_ms)});
  if (config.enabled) {
    runtime_->start();
    retention_->start();
  }
  // After the runtime starts: triggers queue executions into it. Event triggers run even when
  // this instance runs no executions, so POST /events still queues for the instances that do.
  event_triggers_ = std::make_unique<runtime::EventTriggers>(context_.database.get(), *runtime_,
                                                             context_.local_events.get());
  event_triggers_->start();
  if (config.enabled && config.cron_enabled) {
    cron_ = std::make_unique<runtime::CronScheduler>(
        context_.database.get(), *runtime_, std::chrono::milliseconds(config.cron_interval_ms));
    cron_->start();
  }
  context_.runtime.publish(*runtime_);
  context_.event_triggers.publish(*event_triggers_);
  observability::logInfo(
      "runtime", config.enabled ? "running executions" : "queueing only (runtime.enabled false)",
      {{"owner", runtime_->owner()},
       {"max_running_executions", static_cast<std::int64_t>(config.max_running_executions)},
       {"cron", cron_ != nullptr}});
}

void RuntimeSubsystem::uninitialize() {
  context_.event_triggers.withdraw();
  context_.runtime.withdraw();
  // Triggers stop before the runtime they start executions in.
  if (cron_) cron_->stop();
  cron_.reset();
  if (event_triggers_) event_triggers_->stop();
  event_triggers_.reset();
  if (retention_) retention_->stop();
  retention_.reset();
  if (runtime_) runtime_->stop(std::chrono::milliseconds(5000));
  runtime_.reset();
}

}  // namespace orchestra::app
