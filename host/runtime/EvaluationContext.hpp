// What a template can read while one node of one execution runs. Every source is borrowed
// (pointers and callbacks) so building a context per node costs nothing and copies no JSON.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "host/config/Environment.hpp"

namespace orchestra::runtime {

struct EvaluationContext {
  // JSON values (Poco::JSON objects, arrays or scalars); nullptr when absent here, which makes
  // a reference to them an evaluation error rather than null.
  const Poco::Dynamic::Var* trigger = nullptr;    // {{ trigger.data.email }}
  const Poco::Dynamic::Var* execution = nullptr;  // {{ execution.id }}
  const Poco::Dynamic::Var* workflow = nullptr;   // {{ workflow.id }}
  const Poco::Dynamic::Var* item = nullptr;       // {{ item.name }}: set only inside a loop body

  // {{ nodes.<id>... }}: the recorded result of node <id> (the runtime decides its shape, e.g.
  // {"output": ...}), or nullptr when that node has none. The pointer must stay valid for the
  // duration of the evaluate call.
  std::function<const Poco::Dynamic::Var*(const std::string& node_id)> node_result;

  // {{ env.NAME }}: read from `environment`, and only when NAME is in `allowed_environment`;
  // any other name is refused even when it is set, so a template cannot read the host's keys.
  const config::Environment* environment = nullptr;
  std::span<const std::string> allowed_environment;

  // {{ secrets.NAME }}: the secret's plain text, or nullopt when there is no such secret.
  // Left empty where secrets must not be read.
  std::function<std::optional<std::string>(const std::string& name)> resolve_secret;
};

}  // namespace orchestra::runtime
