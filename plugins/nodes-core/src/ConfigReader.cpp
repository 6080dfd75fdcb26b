#include "ConfigReader.hpp"

#include "orchestra/sdk/Error.hpp"

namespace orchestra::plugins::core {

using sdk::Error;
using sdk::Json;

namespace {
const Json kNull;
}  // namespace

bool isUnresolvedExpression(const Json& value) {
  return value.isString() && value.asString().find("{{") != std::string::npos;
}

ConfigReader::ConfigReader(const Json& config, ConfigPhase phase, std::string_view where)
    : config_(config), phase_(phase), where_(where) {
  if (!config_.isObject()) throw Error::validation(where_ + " must be a JSON object");
}

void ConfigReader::allowOnly(std::initializer_list<std::string_view> keys) const {
  for (const auto& [key, member] : config_.asObject()) {
    bool known = false;
    for (std::string_view allowed : keys)
      known = known || key == allowed;
    if (!known) throw Error::validation(name(key) + " is not a known setting");
  }
}

bool ConfigReader::has(std::string_view key) const {
  const Json* member = config_.find(key);
  return member != nullptr && !member->isNull();
}

bool ConfigReader::deferred(std::string_view key) const {
  return phase_ == ConfigPhase::Create && isUnresolvedExpression(value(key));
}

const Json& ConfigReader::value(std::string_view key) const {
  const Json* member = config_.find(key);
  return member == nullptr ? kNull : *member;
}

std::string ConfigReader::name(std::string_view key) const {
  return where_ + "." + std::string(key);
}

std::optional<std::string> ConfigReader::optionalString(std::string_view key) const {
  const Json& member = value(key);
  if (member.isNull()) return std::nullopt;
  if (!member.isString()) throw Error::validation(name(key) + " must be a string");
  return member.asString();
}

std::string ConfigReader::requiredString(std::string_view key) const {
  std::optional<std::string> text = optionalString(key);
  if (!text) throw Error::validation(name(key) + " is required");
  return *text;
}

std::string ConfigReader::enumString(std::string_view key,
                                     std::initializer_list<std::string_view> allowed,
                                     std::string_view fallback) const {
  if (deferred(key)) return std::string(fallback);
  std::optional<std::string> text = optionalString(key);
  if (!text) return std::string(fallback);
  std::string choices;
  for (std::string_view choice : allowed) {
    if (*text == choice) return *text;
    choices += choices.empty() ? "" : ", ";
    choices += choice;
  }
  throw Error::validation(name(key) + " must be one of: " + choices);
}

int64_t ConfigReader::integer(std::string_view key, int64_t fallback, int64_t min,
                              int64_t max) const {
  if (deferred(key)) return fallback;
  const Json& member = value(key);
  if (member.isNull()) return fallback;
  if (!member.isInteger()) throw Error::validation(name(key) + " must be an integer");
  auto outOfRange = [&] {
    return Error::validation(name(key) + " must be between " + std::to_string(min) + " and " +
                             std::to_string(max));
  };
  int64_t number = 0;
  try {
    number = member.asInt();  // exact, also above 2^53
  } catch (const sdk::JsonError&) {
    throw outOfRange();  // an integer beyond int64 is beyond any bound too
  }
  if (number < min || number > max) throw outOfRange();
  return number;
}

bool ConfigReader::boolean(std::string_view key, bool fallback) const {
  if (deferred(key)) return fallback;
  const Json& member = value(key);
  if (member.isNull()) return fallback;
  if (!member.isBool()) throw Error::validation(name(key) + " must be true or false");
  return member.asBool();
}

const Json* ConfigReader::object(std::string_view key) const {
  const Json& member = value(key);
  if (member.isNull() || deferred(key)) return nullptr;
  if (!member.isObject()) throw Error::validation(name(key) + " must be an object");
  return &member;
}

const Json* ConfigReader::array(std::string_view key) const {
  const Json& member = value(key);
  if (member.isNull() || deferred(key)) return nullptr;
  if (!member.isArray()) throw Error::validation(name(key) + " must be an array");
  return &member;
}

}  // namespace orchestra::plugins::core
