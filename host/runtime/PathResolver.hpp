// Finds the JSON value an expression names in an evaluation context, without copying JSON: the
// answer points into the context's own values (or into `scratch` for env and secret strings).
#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

#include "host/runtime/EvaluationContext.hpp"
#include "host/runtime/Expression.hpp"

namespace orchestra::runtime {

// The value, or nullptr with `problem` set ("'body' has no member 'title'"). A missing member,
// an index out of range or a step into the wrong type is always a problem, never null: a typo
// in a path must not quietly send an empty value to an API. An explicit JSON null is a value.
const Poco::Dynamic::Var* resolvePath(const Expression& expression,
                                      const EvaluationContext& context, Poco::Dynamic::Var& scratch,
                                      std::string& problem);

}  // namespace orchestra::runtime
