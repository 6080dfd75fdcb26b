// Where the runtime reads the workspace secrets an execution refers to ({{ secrets.NAME }} and
// plugins' host_secret). The secrets service implements it; the runtime only asks by name.
#pragma once

#include <optional>
#include <string>

namespace orchestra::runtime {

class SecretSource {
 public:
  virtual ~SecretSource() = default;
  // The plain text of secret `name` of `workspace_id`; nullopt when there is none. Throws a
  // std::exception whose message suits a node's error (it names the secret, never a value)
  // when the secret exists but cannot be read, or secrets are off. THREAD: any.
  virtual std::optional<std::string> reveal(const std::string& workspace_id,
                                            const std::string& name) = 0;
};

}  // namespace orchestra::runtime
