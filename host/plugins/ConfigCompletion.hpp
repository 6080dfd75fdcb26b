// One pipeline for every configuration a plugin receives (its own at init, a node's at
// creation): parse, fill the schema's defaults, validate, and hand over the completed JSON.
#pragma once

#include <string>
#include <string_view>

#include "host/schema/Schema.hpp"

namespace orchestra::plugins {

struct CompletedConfig {
  std::string json;     // the config with defaults filled in, when `problem` is empty
  std::string problem;  // "config invalid at \"/port\": must be an integer", or JSON errors

  bool ok() const { return problem.empty(); }
};

// Whether a {{ template }} string may stand where the schema wants another value: a node
// created once for many runs gets its templates resolved per run, and the run is checked then.
enum class TemplatedValues { Refuse, Defer };

// An empty text is the empty object. Defaults come first, so that a required key with a
// default is satisfied. Only the first issue is named: plugins report one reason.
CompletedConfig completeConfig(const schema::Schema& schema, std::string_view config_json,
                               TemplatedValues templated = TemplatedValues::Refuse);

}  // namespace orchestra::plugins
