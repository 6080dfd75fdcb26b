// Typed, bounds-checked reading of a node's config JSON, shared by every core node.
// At create time {{ expressions }} are not resolved yet, so typed checks on them wait for execute.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "orchestra/sdk/Json.hpp"

namespace orchestra::plugins::core {

// When the config is read: on create (expressions still unresolved) or on execute (resolved).
enum class ConfigPhase { Create, Execute };

// True for a string that still carries a {{ expression }} the runtime will resolve.
bool isUnresolvedExpression(const sdk::Json& value);

// Every getter throws sdk::Error::validation naming the key. A value that is an unresolved
// expression at create time is accepted as-is and the getter returns the fallback: the
// resolved value is checked again on execute.
class ConfigReader {
 public:
  ConfigReader(const sdk::Json& config, ConfigPhase phase, std::string_view where = "config");

  // The schema says additionalProperties:false. The host (and FakeHost) enforce it on the saved
  // config before create; the config each run receives is resolved by the host and not
  // validated again, so execute checks it here, like every other rule this reader applies.
  void allowOnly(std::initializer_list<std::string_view> keys) const;

  ConfigPhase phase() const { return phase_; }
  bool has(std::string_view key) const;
  // True when the key's value must wait for execute to be checked.
  bool deferred(std::string_view key) const;

  // Absent or null -> null.
  const sdk::Json& value(std::string_view key) const;
  std::optional<std::string> optionalString(std::string_view key) const;
  std::string requiredString(std::string_view key) const;
  // One of `allowed`; `fallback` when absent (or deferred).
  std::string enumString(std::string_view key, std::initializer_list<std::string_view> allowed,
                         std::string_view fallback) const;
  int64_t integer(std::string_view key, int64_t fallback, int64_t min, int64_t max) const;
  bool boolean(std::string_view key, bool fallback) const;
  // An object member, or nullopt when absent.
  const sdk::Json* object(std::string_view key) const;
  const sdk::Json* array(std::string_view key) const;

  // "config.<key>" for messages.
  std::string name(std::string_view key) const;

 private:
  const sdk::Json& config_;
  ConfigPhase phase_;
  std::string where_;
};

}  // namespace orchestra::plugins::core
