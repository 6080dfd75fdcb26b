#include "AnthropicPlugin.hpp"

#include "AnthropicProvider.hpp"

namespace orchestra::plugins::anthropic {

void AnthropicPlugin::init(sdk::Registrar& registrar) {
  registrar.addAiProvider<AnthropicProvider>();
}

}  // namespace orchestra::plugins::anthropic
