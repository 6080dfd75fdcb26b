// The secrets one execution has read, through {{ secrets.NAME }} or a plugin's host_secret,
// and the redaction of their values: everything the runtime persists or publishes for the
// execution passes through redact() first, so no value reaches a row, a log or an event.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "host/plugins/ExecutionSecrets.hpp"
#include "host/runtime/SecretSource.hpp"

namespace orchestra::runtime {

inline constexpr const char* kRedacted = "[redacted]";

class ExecutionSecretValues final : public plugins::ExecutionSecrets {
 public:
  // `source` (null: this host has no secrets) must outlive this object.
  ExecutionSecretValues(SecretSource* source, std::string workspace_id)
      : source_(source), workspace_id_(std::move(workspace_id)) {}
  ~ExecutionSecretValues() override;
  ExecutionSecretValues(const ExecutionSecretValues&) = delete;
  ExecutionSecretValues& operator=(const ExecutionSecretValues&) = delete;

  bool available() const noexcept { return source_ != nullptr; }
  // plugins::ExecutionSecrets: from the execution's workspace, remembered for redaction. Read
  // from the store once per name: every node of the execution sees the same value.
  std::optional<std::string> reveal(const std::string& name) override;

  // Replaces in `text` every value revealed so far, as is and as it reads inside a JSON string
  // (escaped once or twice), with "[redacted]". Costs one atomic load when none was revealed.
  void redact(std::string& text) const override;
  void redact(std::optional<std::string>& text) const {
    if (text) redact(*text);
  }

 private:
  void remember(const std::string& name, const std::string& value);

  SecretSource* source_;
  std::string workspace_id_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string, std::less<>> values_;  // by name
  std::vector<std::string> patterns_;  // longest first, so a value inside another goes last
  std::atomic<bool> any_revealed_{false};
};

}  // namespace orchestra::runtime
