// How the runtime behaves, from the `runtime:` section of the configuration: how much runs at
// once, leases, default retry and timeout policy, and the limits that protect the host.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace orchestra::runtime {

struct RetryPolicy {
  int max_retries = 3;
  // The wait before retry 1, 2, 3...; the last one repeats. The plan's 5/30/120 s.
  std::vector<std::chrono::milliseconds> delays{std::chrono::seconds(5), std::chrono::seconds(30),
                                                std::chrono::seconds(120)};
  double jitter = 0.2;  // each wait is scaled by a random factor in [1 - jitter, 1 + jitter]
};

struct RuntimeSettings {
  // Executions this instance runs at once (each holds one thread while it runs).
  std::size_t max_running_executions = 64;
  // Threads for nodes that do not run inline (HTTP calls, delays, third-party plugins).
  std::size_t node_threads = 32;
  std::chrono::milliseconds lease{30000};
  std::chrono::milliseconds heartbeat{5000};     // lease renewal and cancel checks
  std::chrono::milliseconds poll_interval{500};  // how often the queue is searched
  RetryPolicy retry;
  std::chrono::milliseconds node_timeout{300000};
  std::chrono::milliseconds execution_timeout{3600000};
  // Limits that protect the host; past them the node or the request fails with a clear error.
  std::size_t max_node_output_bytes = std::size_t{10} * 1024 * 1024;
  std::size_t max_execution_data_bytes = std::size_t{64} * 1024 * 1024;
  std::size_t max_foreach_items = 10000;
  std::size_t max_loop_iterations = 10000;
  std::size_t max_queue_depth = 100000;
  int max_host_deaths = 3;  // claims of one execution that never finished before quarantine
  std::int64_t default_foreach_concurrency = 4;
  // Node types run on the execution's own thread: fast, bounded and trusted (no hand-off, and
  // therefore no timeout enforcement). Everything else runs on the node threads.
  std::vector<std::string> inline_node_types{
      "core.set",          "core.if",           "core.switch",         "core.merge",
      "core.foreach",      "core.loop",         "core.trigger.manual", "core.trigger.webhook",
      "core.trigger.cron", "core.trigger.event"};
};

}  // namespace orchestra::runtime
