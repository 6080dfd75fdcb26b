// The one line a version list shows for each save ("3 nodes added, 1 connection removed"),
// computed by comparing nodes and connections by id.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/store/WorkflowRepository.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::workflows {

// An array's objects by their "id" (the first of a repeated id), each as its canonical hash
// (text::canonicalJsonHash: members in name order), so equal entries match whatever their member
// order. A save compares two graphs through these, parsing one at a time: holding both documents
// and their canonical texts cost ~12 times the graph. Two different entries sharing a 64-bit hash
// would go uncounted as "changed", in a summary line that nothing else reads.
using EntryFingerprints = std::unordered_map<std::string, std::uint64_t>;
EntryFingerprints fingerprintEntries(text::JsonView array);

// Compares `before` with `after`; empty when the arrays hold the same entries. `what` is the
// singular noun ("node", "connection").
std::string describeArrayChanges(const EntryFingerprints& before, const EntryFingerprints& after,
                                 const std::string& what);

// Joins the non-empty parts of a summary with ", ".
std::string joinChanges(const std::vector<std::string>& parts);

// What the summary compares of one version, without its texts: taken from the stored version
// before a save's graph is checked, it lets the save drop that version's texts (a graph's size
// again) while the new graph is checked.
struct VersionDigest {
  std::string name;
  std::optional<std::string> description;
  EntryFingerprints nodes;
  EntryFingerprints connections;
  std::uint64_t settings = 0;  // canonicalJsonHash; absent or not an object reads as {}
  std::vector<std::string> tags;
};
VersionDigest digestOf(const store::WorkflowContent& content);

// "renamed, 2 nodes added, settings changed", or "no changes".
std::string describeChanges(const VersionDigest& before, const VersionDigest& after);

}  // namespace orchestra::workflows
