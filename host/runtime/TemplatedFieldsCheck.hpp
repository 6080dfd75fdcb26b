// Whether a node's JSON Schema can judge its templated config fields at all: when it accepts any
// value wherever a template sits, the config is checked once when the graph is compiled and each
// run skips the schema check of the evaluated config.
#pragma once

#include <Poco/Dynamic/Var.h>

namespace orchestra::runtime {

// True when no value a template in `config` (a string holding "{{") could produce changes the
// verdict of `schema_document` (a JSON Schema, parsed) on the whole config: every template sits
// where the schema accepts anything, and every keyword on the way there looks only at the
// structure the config itself fixes (types, keys, counts), never at the values below.
//
// Conservative: a keyword it does not know to be value-blind ($ref, enum, const, pattern
// properties, uniqueItems, contains, if/then/else, dependencies, tuple items ...) on the way to
// a template, or any constraint at the template itself, makes it false, and the run checks
// the evaluated config as before. Boolean schemas: true accepts anything; false is "judges".
bool schemaIgnoresTemplatedValues(const Poco::Dynamic::Var& config,
                                  const Poco::Dynamic::Var& schema_document);

}  // namespace orchestra::runtime
