#include "host/workflows/ChangeSummary.hpp"

#include <map>

#include "host/text/JsonWriter.hpp"

namespace orchestra::workflows {

namespace {

// id -> the entry's canonical JSON text (members sorted), so equal entries have equal text.
std::map<std::string, std::string> entriesById(text::JsonView array) {
  std::map<std::string, std::string> entries;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const text::JsonView entry = array.at(i);
    if (!entry.isObject() || !entry.has("id")) continue;
    const text::JsonView id = entry.get("id");
    entries.emplace(id.isString() ? id.as<std::string>() : text::toJson(id),
                    text::toCanonicalJson(entry));
  }
  return entries;
}

std::string counted(std::size_t count, const std::string& what, const char* verb) {
  return std::to_string(count) + " " + what + (count == 1 ? "" : "s") + " " + verb;
}

}  // namespace

std::string describeArrayChanges(text::JsonView before, text::JsonView after,
                                 const std::string& what) {
  const auto old_entries = entriesById(before);
  const auto new_entries = entriesById(after);
  std::size_t added = 0;
  std::size_t removed = 0;
  std::size_t changed = 0;
  for (const auto& [id, json] : new_entries) {
    const auto old_entry = old_entries.find(id);
    if (old_entry == old_entries.end()) {
      ++added;
    } else if (old_entry->second != json) {
      ++changed;
    }
  }
  for (const auto& [id, json] : old_entries) {
    if (new_entries.count(id) == 0) ++removed;
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

}  // namespace orchestra::workflows
