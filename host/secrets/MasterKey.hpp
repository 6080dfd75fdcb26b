// The operator's master key: base64 of 32 bytes in an environment variable, never in the
// database or the configuration file. It only wraps the per-workspace data keys.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "host/secrets/SecretCipher.hpp"

namespace orchestra::secrets {

class MasterKey {
 public:
  // The key in `text` (base64 of exactly 32 bytes, surrounding whitespace ignored); throws
  // config::ConfigError naming `variable` (never the value) when it is anything else.
  static MasterKey parse(std::string_view variable, std::string_view text);
  // The key in environment variable `variable`, or nullopt when it is unset or empty.
  static std::optional<MasterKey> fromEnvironment(const std::string& variable);

  const KeyBytes& key() const noexcept { return key_; }
  // A fingerprint that names the key without revealing it (16 hex digits of a SHA-256 over
  // it), stored with every key it wraps so that a host started with another key can say so.
  const std::string& id() const noexcept { return id_; }

 private:
  explicit MasterKey(const KeyBytes& key);

  KeyBytes key_;
  std::string id_;
};

}  // namespace orchestra::secrets
