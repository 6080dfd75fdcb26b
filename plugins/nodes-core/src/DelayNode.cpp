#include "DelayNode.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include "ConfigReader.hpp"
#include "RunInputs.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {

int64_t readDurationMs(const Json& config, ConfigPhase phase) {
  ConfigReader reader(config, phase);
  reader.allowOnly({"duration_ms"});
  if (!reader.has("duration_ms")) throw Error::validation("config.duration_ms is required");
  return reader.integer("duration_ms", 0, 0, DelayNode::kMaxDurationMs);
}

}  // namespace

sdk::ExtensionInfo DelayNode::describe() {
  sdk::ExtensionInfo info;
  info.id = "core.delay";
  info.display_name = "Delay";
  info.description = "Waits for a while (at most one hour), then passes its input on.";
  info.category = sdk::Category::Logic;
  info.config_schema = R"({"type":"object","properties":{)"
                       R"("duration_ms":{"type":"integer","minimum":0,"maximum":3600000}},)"
                       R"("required":["duration_ms"],"additionalProperties":false})";
  info.inputs = {{"main"}};
  info.outputs = {{"main"}};
  return info;
}

DelayNode::DelayNode(const Json& config) : config_(config) {
  readDurationMs(config_, ConfigPhase::Create);
}

sdk::NodeResult DelayNode::execute(sdk::NodeContext& context) const {
  int64_t duration_ms = readDurationMs(runConfig(context, config_), ConfigPhase::Execute);
  // A steady clock: a wall-clock jump must neither cut the wait short nor stretch it.
  auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(duration_ms);
  context.throwIfCancelled();
  while (true) {
    auto now = std::chrono::steady_clock::now();
    if (now >= until) break;
    auto slice = std::min<std::chrono::steady_clock::duration>(
        until - now, std::chrono::milliseconds(kPollIntervalMs));
    std::this_thread::sleep_for(slice);
    context.throwIfCancelled();
  }
  return sdk::NodeResult::on("main", mainInput(context));
}

}  // namespace orchestra::plugins::core
