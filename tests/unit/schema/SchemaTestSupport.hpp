// Small helpers for the schema tests: JSON text to a Poco value and back, so each test can be
// written as schema text, instance text and the expected outcome.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <string>
#include <string_view>

namespace orchestra::schema::testing {

// Any JSON text, scalars included (Poco's parser accepts only an object or array at the top).
inline Poco::Dynamic::Var json(std::string_view text) {
  const Poco::Dynamic::Var wrapped = Poco::JSON::Parser().parse("[" + std::string(text) + "]");
  return wrapped.extract<Poco::JSON::Array::Ptr>()->get(0);
}

// Compact JSON with object members in key order, for comparing whole documents.
inline std::string text(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

}  // namespace orchestra::schema::testing
