// The one line a version list shows for each save ("3 nodes added, 1 connection removed"),
// computed by comparing nodes and connections by id.
#pragma once

#include <string>
#include <vector>

#include "host/text/JsonDocument.hpp"

namespace orchestra::workflows {

// Compares `before` with `after` (arrays of objects with an "id"); "no graph changes" when the
// graphs are equal. `what` is the singular noun ("node", "connection").
std::string describeArrayChanges(text::JsonView before, text::JsonView after,
                                 const std::string& what);

// Joins the non-empty parts of a summary with ", ".
std::string joinChanges(const std::vector<std::string>& parts);

}  // namespace orchestra::workflows
