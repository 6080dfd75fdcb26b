#include "host/schema/JsonTraits.hpp"

#include <algorithm>

namespace orchestra::schema {

namespace {

std::string_view nameOf(const rapidjson::Value::Member& member) {
  return {member.name.GetString(), member.name.GetStringLength()};
}

// Searched from the end, so that of several members with one name the last is found: the one
// Poco's parser keeps, and so the one both representations validate. (By index: comparing two
// RapidJSON member iterators is ambiguous under C++20's reversed operators.)
template <typename Object, typename Member>
Member* findLast(Object& object, std::string_view name) {
  const auto first = object.MemberBegin();
  for (auto index = object.MemberCount(); index > 0; --index) {
    Member& member = first[index - 1];
    if (nameOf(member) == name) return &member;
  }
  return nullptr;
}

}  // namespace

JsonTraits<rapidjson::Value>::Members::Members(const Object& object) {
  const auto first = object.MemberBegin();
  members_.reserve(object.MemberCount());
  for (rapidjson::SizeType index = 0; index < object.MemberCount(); ++index)
    members_.push_back(&first[index]);
  if (members_.size() < 2) return;
  // Stable, so members of one name stay in document order and the last of each run is the one
  // written last.
  std::stable_sort(members_.begin(), members_.end(), [](const Member* left, const Member* right) {
    return nameOf(*left) < nameOf(*right);
  });
  const auto last_of_each_name = [&] {
    auto kept = members_.begin();
    for (auto member = members_.begin(); member != members_.end(); ++member) {
      const auto next = member + 1;
      if (next != members_.end() && nameOf(**next) == nameOf(**member)) continue;
      *kept++ = *member;
    }
    return kept;
  };
  members_.erase(last_of_each_name(), members_.end());
}

const rapidjson::Value* JsonTraits<rapidjson::Value>::lastMember(const Object& object,
                                                                 std::string_view name) {
  const Member* found = findLast<const Object, const Member>(object, name);
  return found == nullptr ? nullptr : &found->value;
}

rapidjson::Value* JsonTraits<rapidjson::Value>::lastMember(Object& object, std::string_view name) {
  Member* found = findLast<Object, Member>(object, name);
  return found == nullptr ? nullptr : &found->value;
}

}  // namespace orchestra::schema
