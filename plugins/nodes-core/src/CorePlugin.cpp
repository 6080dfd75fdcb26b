#include "CorePlugin.hpp"

#include "CronTrigger.hpp"
#include "DelayNode.hpp"
#include "EventTrigger.hpp"
#include "ForEachNode.hpp"
#include "HttpRequestNode.hpp"
#include "IfNode.hpp"
#include "LoopNode.hpp"
#include "ManualTrigger.hpp"
#include "MergeNode.hpp"
#include "SetNode.hpp"
#include "SwitchNode.hpp"
#include "WebhookTrigger.hpp"

namespace orchestra::plugins::core {

void CorePlugin::init(sdk::Registrar& registrar) {
  registrar.addNodeType<ManualTrigger>();
  registrar.addNodeType<WebhookTrigger>();
  registrar.addNodeType<CronTrigger>();
  registrar.addNodeType<EventTrigger>();
  registrar.addNodeType<IfNode>();
  registrar.addNodeType<LoopNode>();
  registrar.addNodeType<SwitchNode>();
  registrar.addNodeType<MergeNode>();
  registrar.addNodeType<ForEachNode>();
  registrar.addNodeType<SetNode>();
  registrar.addNodeType<DelayNode>();
  registrar.addNodeType<HttpRequestNode>();
}

}  // namespace orchestra::plugins::core
