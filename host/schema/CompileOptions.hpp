// The choices a caller makes when compiling a schema: whether "format" is checked, which draft's
// $ref rule applies when the schema does not say, and how long a string a pattern may search.
#pragma once

#include <cstddef>
#include <cstdint>

#include "host/schema/Pattern.hpp"

namespace orchestra::schema {

// Only one rule differs between the drafts we accept: in draft 7 (and older) "$ref" replaces its
// sibling keywords; from 2019-09 on, it is checked alongside them. A "$schema" naming
// draft-04/06/07 selects Draft7 whatever the default.
enum class Dialect : std::uint8_t { Draft7, Draft2020_12 };

struct CompileOptions {
  // The specification makes "format" an annotation; plugin configs want "uri" to mean a URI, so
  // we assert it unless told otherwise. Unknown format names are never checked.
  bool assert_formats = true;
  Dialect default_dialect = Dialect::Draft2020_12;
  // Strings longer than this fail "pattern" instead of being searched (see Pattern).
  std::size_t max_pattern_subject_bytes = Pattern::kDefaultMaxSubjectBytes;
};

}  // namespace orchestra::schema
