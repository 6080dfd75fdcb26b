#include "host/config/EnvironmentOverrides.hpp"

#include <type_traits>
#include <variant>

#include "host/config/ConfigSchema.hpp"
#include "host/config/TextConversion.hpp"

namespace orchestra::config {

void applyEnvironmentOverrides(Config& config, const Environment& environment,
                               ValueReader& reader) {
  for (const auto& field : fieldsOf<Config>()) {
    if (field.key.environment_variable.empty()) continue;
    const auto text = environment.get(field.key.environment_variable);
    if (!text) continue;
    const ValueOrigin origin{field.key.environment_variable, field.key.path, field.key.secret};
    std::visit(
        [&](auto target) {
          if constexpr (!std::is_same_v<decltype(target), ObjectListTarget<Config>>) {
            assignText(field.key, target(config), *text, origin);
          }
        },
        field.target);
    reader.remember(origin);
  }
}

}  // namespace orchestra::config
