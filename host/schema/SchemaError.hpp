// The exception Schema::compile throws for a schema it cannot use: the message names the JSON
// pointer of the offending keyword ("#/properties/port/minimum"), so a plugin author can fix it.
#pragma once

#include <stdexcept>
#include <string>

namespace orchestra::schema {

class SchemaError : public std::runtime_error {
 public:
  explicit SchemaError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace orchestra::schema
