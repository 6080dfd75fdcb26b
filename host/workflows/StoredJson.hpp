// Stored JSON (a workflow's nodes, connections, settings), which this host wrote, read back.
#pragma once

#include <string>
#include <utility>

#include "host/text/JsonDocument.hpp"

namespace orchestra::workflows {

// A compact document: a graph of megabytes must not become a Poco document of hundreds
// (json_dom_bench). Text that does not parse reads as null, which every caller takes as empty.
inline text::JsonDocument storedJson(const std::string& json) {
  auto parsed = text::JsonDocument::parse(json);
  return parsed ? std::move(*parsed) : text::JsonDocument();
}

}  // namespace orchestra::workflows
