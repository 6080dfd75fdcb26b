#include "host/secrets/MasterKey.hpp"

#include <cstdlib>

#include "host/config/ConfigError.hpp"
#include "host/text/Sha256.hpp"

namespace orchestra::secrets {

namespace {

std::string_view trimmed(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

MasterKey::MasterKey(const KeyBytes& key) : key_(key) {
  // A domain prefix keeps this digest from ever equalling another use of SHA-256 over the key.
  std::string input = "orchestra master key id\n" + std::string(key_.view());
  id_ = text::sha256Hex(input).substr(0, 16);
  wipe(input);
}

MasterKey MasterKey::parse(std::string_view variable, std::string_view text) {
  auto bytes = base64Decode(trimmed(text));
  std::optional<KeyBytes> key = bytes ? KeyBytes::fromBytes(*bytes) : std::nullopt;
  if (bytes) wipe(*bytes);
  if (!key) {
    throw config::ConfigError(std::string(variable) +
                              ": the master key must be the base64 of exactly 32 random bytes "
                              "(e.g. `openssl rand -base64 32`)");
  }
  return MasterKey(*key);
}

std::optional<MasterKey> MasterKey::fromEnvironment(const std::string& variable) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read at start-up, before threads that set variables
  const char* value = std::getenv(variable.c_str());
  if (value == nullptr || trimmed(value).empty()) return std::nullopt;
  return parse(variable, value);
}

}  // namespace orchestra::secrets
