// Reading a trigger node's saved config (CompiledNode::config) where the host, not the node,
// acts on it: the cron scheduler and the event triggers.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace orchestra::runtime {

// The string at `key`, or `fallback` when the config is not an object or the key is absent or
// not a string.
inline std::string triggerConfigString(const Poco::Dynamic::Var& config, const std::string& key,
                                       const std::string& fallback = "") {
  if (config.type() != typeid(Poco::JSON::Object::Ptr)) return fallback;
  const auto& object = config.extract<Poco::JSON::Object::Ptr>();
  if (object.isNull() || !object->has(key) || !object->get(key).isString()) return fallback;
  return object->getValue<std::string>(key);
}

}  // namespace orchestra::runtime
