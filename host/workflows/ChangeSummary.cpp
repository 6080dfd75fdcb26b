#include "host/workflows/ChangeSummary.hpp"

#include "host/workflows/StoredJson.hpp"

namespace orchestra::workflows {

namespace {

std::string counted(std::size_t count, const std::string& what, const char* verb) {
  return std::to_string(count) + " " + what + (count == 1 ? "" : "s") + " " + verb;
}

// Each call parses and releases its own document, so a digest holds one array at a time.
EntryFingerprints storedFingerprints(const std::string& json) {
  return fingerprintEntries(storedJson(json).root());
}

std::uint64_t settingsHash(const std::string& json) {
  const text::JsonDocument settings = storedJson(json);
  return settings.root().isObject() ? text::canonicalJsonHash(settings.root())
                                    : text::canonicalJsonHash(text::emptyJsonObject());
}

}  // namespace

EntryFingerprints fingerprintEntries(text::JsonView array) {
  EntryFingerprints entries;
  entries.reserve(array.size());
  for (std::size_t i = 0; i < array.size(); ++i) {
    const text::JsonView entry = array.at(i);
    if (!entry.isObject() || !entry.has("id")) continue;
    const text::JsonView id = entry.get("id");
    entries.emplace(id.isString() ? id.as<std::string>() : text::toJson(id),
                    text::canonicalJsonHash(entry));
  }
  return entries;
}

std::string describeArrayChanges(const EntryFingerprints& before, const EntryFingerprints& after,
                                 const std::string& what) {
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;
  for (const auto& [id, fingerprint] : after) {
    const auto old_entry = before.find(id);
    if (old_entry == before.end()) {
      ++added;
    } else if (old_entry->second != fingerprint) {
      ++changed;
    }
  }
  for (const auto& [id, fingerprint] : before) {
    if (after.count(id) == 0) ++removed;
  }
  std::vector<std::string> parts;
  if (added > 0) parts.push_back(counted(added, what, "added"));
  if (removed > 0) parts.push_back(counted(removed, what, "removed"));
  if (changed > 0) parts.push_back(counted(changed, what, "changed"));
  return joinChanges(parts);
}

std::string joinChanges(const std::vector<std::string>& parts) {
  std::string joined;
  for (const auto& part : parts) {
    if (part.empty()) continue;
    joined += (joined.empty() ? "" : ", ") + part;
  }
  return joined;
}

VersionDigest digestOf(const store::WorkflowContent& content) {
  VersionDigest digest;
  digest.name = content.name;
  digest.description = content.description;
  digest.nodes = storedFingerprints(content.nodes);
  digest.connections = storedFingerprints(content.connections);
  digest.settings = settingsHash(content.settings);
  digest.tags = content.tags;
  return digest;
}

std::string describeChanges(const VersionDigest& before, const VersionDigest& after) {
  std::vector<std::string> parts;
  if (before.name != after.name) parts.emplace_back("renamed");
  parts.push_back(describeArrayChanges(before.nodes, after.nodes, "node"));
  parts.push_back(describeArrayChanges(before.connections, after.connections, "connection"));
  if (before.settings != after.settings) parts.emplace_back("settings changed");
  if (before.tags != after.tags) parts.emplace_back("tags changed");
  if (before.description != after.description) parts.emplace_back("description changed");
  const std::string summary = joinChanges(parts);
  return summary.empty() ? "no changes" : summary;
}

}  // namespace orchestra::workflows
