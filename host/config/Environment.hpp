// A snapshot of environment variables handed to the configuration loader, so that ${NAME}
// interpolation and ORCHESTRA_* overrides can be tested without touching the process environment.
#pragma once

#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace orchestra::config {

class Environment {
 public:
  Environment() = default;
  Environment(std::initializer_list<std::pair<const std::string, std::string>> variables)
      : variables_(variables) {}

  // Copies the variables of the running process (read once, at start-up).
  static Environment fromProcess();

  // nullopt when the variable is not set; an empty string when it is set to nothing.
  std::optional<std::string> get(std::string_view name) const;
  void set(std::string name, std::string value);

 private:
  std::map<std::string, std::string, std::less<>> variables_;
};

}  // namespace orchestra::config
