#include "OpenAiPlugin.hpp"

#include "OpenAiProvider.hpp"

namespace orchestra::plugins::openai {

void OpenAiPlugin::init(sdk::Registrar& registrar) {
  registrar.addAiProvider<OpenAiProvider>();
}

}  // namespace orchestra::plugins::openai
