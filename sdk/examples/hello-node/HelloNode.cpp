// The smallest useful Orchestra plugin: one node type, com.example.hello/greet, that greets
// config.name on its "main" output port and reports progress while doing so.
#include <orchestra/sdk/Sdk.hpp>

namespace sdk = orchestra::sdk;

namespace {

class Greet : public sdk::NodeType {
 public:
  static sdk::ExtensionInfo describe() {
    sdk::ExtensionInfo info;
    info.id = "com.example.hello/greet";
    info.display_name = "Greet";
    info.description = "Says hello to someone.";
    info.category = sdk::Category::Action;
    info.config_schema = R"({
      "type": "object",
      "properties": {"name": {"type": "string", "description": "Who to greet"}},
      "required": ["name"]
    })";
    info.inputs = {{"main", ORC_PORT_OPTIONAL}};
    info.outputs = {{"main", 0}};
    return info;
  }

  // The saved config may still hold {{ expressions }}: read config per run, in execute().
  explicit Greet(const sdk::Json& /*config*/) {}

  sdk::NodeResult execute(sdk::NodeContext& context) const override {
    context.emitProgress("greeting", 0);
    std::string name = context.config().stringOr("name", "world");
    if (name.empty()) throw sdk::Error::validation("config.name must not be empty");
    context.throwIfCancelled();
    sdk::Json output = sdk::Json::object();
    output["greeting"] = "Hello, " + name + "!";
    context.emitProgress("greeted", 100);
    return sdk::NodeResult::on("main", output);
  }
};

struct HelloPlugin {
  static constexpr sdk::PluginInfo info{"com.example.hello", "1.0.0", "Hello",
                                        "An example plugin with one node type."};
  static void init(sdk::Registrar& registrar) { registrar.addNodeType<Greet>(); }
};

}  // namespace

ORCHESTRA_PLUGIN(HelloPlugin)
