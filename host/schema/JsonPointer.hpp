// JSON Pointer (RFC 6901) text handling: building instance paths segment by segment, splitting a
// pointer back into its segments (the `loc` of a 422 body) and reading "#/..." reference fragments.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace orchestra::schema {

// Appends "/" and `segment` with '~' and '/' escaped as "~0" and "~1".
void appendPointerSegment(std::string& pointer, std::string_view segment);

// "/a/0/b~1c" -> {"a", "0", "b/c"}; "" -> {}. Nullopt when the text is not a JSON pointer.
std::optional<std::vector<std::string>> pointerSegments(std::string_view pointer);

// A "$ref" of the form "#" or "#/json/pointer" (percent-encoded, as URI fragments are) as the
// pointer it names; nullopt for anything else (remote or $id-relative references).
std::optional<std::string> localReferencePointer(std::string_view reference);

}  // namespace orchestra::schema
