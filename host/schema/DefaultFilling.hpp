// Completing an instance with the "default"s its schema declares, so a plugin receives every
// configuration key even when the user wrote only the ones they changed.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <rapidjson/fwd.h>

#include "host/schema/SchemaNode.hpp"

namespace orchestra::schema {

// Adds each missing property that has a "default" (a deep copy of it), then does the same inside
// every property and item that is present, following "$ref" and "allOf". `instance` is edited in
// place, so it must share nothing with the caller (see deepCopy). A nested object that is absent
// is not created, unless its own "default" (e.g. {}) says so; its inner defaults then fill it.
void fillDefaults(const SchemaNode& node, Poco::Dynamic::Var& instance);

// The same for a RapidJSON value: each default is deep-copied with `allocator`, which must be
// the allocator of the document holding `instance`, and appended after the members already
// there. Of several members with one name the last is filled, the one the validator reads.
void fillDefaults(const SchemaNode& node, rapidjson::Value& instance,
                  rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>& allocator);

}  // namespace orchestra::schema
