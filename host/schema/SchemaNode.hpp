// The compiled form of a schema: one node per (sub)schema with every keyword parsed, typed and
// checked up front, so validating an instance never reads schema JSON or compiles a regex.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/Formats.hpp"
#include "host/schema/Pattern.hpp"

namespace orchestra::schema {

// The names "type" accepts, as bits of a JsonTypeSet.
enum class JsonType : std::uint8_t { Null, Boolean, Object, Array, Number, Integer, String };
using JsonTypeSet = std::uint8_t;
constexpr JsonTypeSet typeBit(JsonType type) {
  return static_cast<JsonTypeSet>(1U << static_cast<unsigned>(type));
}

struct SchemaNode;

struct PropertyRule {
  std::string name;
  const SchemaNode* schema = nullptr;
};

struct PatternPropertyRule {
  Pattern pattern;
  const SchemaNode* schema = nullptr;
};

struct DependentRequiredRule {
  std::string property;               // when this property is present ...
  std::vector<std::string> required;  // ... these must be present too
};

struct DependentSchemaRule {
  std::string property;
  const SchemaNode* schema = nullptr;  // applies to the whole object when `property` is present
};

// Pointers between nodes are non-owning: SchemaTree owns every node, and "$ref" makes the graph
// cyclic, which is why this is not a tree of unique_ptrs.
struct SchemaNode {
  std::string location;  // "#/properties/port", for error messages about the schema itself

  std::optional<bool> constant;  // a boolean schema: true accepts and false rejects everything
  const SchemaNode* ref = nullptr;
  bool ref_replaces_siblings = false;  // draft 7 "$ref": the other keywords were not compiled

  JsonTypeSet types = 0;  // 0 when there is no "type" keyword
  std::optional<std::vector<Poco::Dynamic::Var>> enum_values;
  std::optional<Poco::Dynamic::Var> const_value;

  std::optional<double> minimum;
  std::optional<double> maximum;
  std::optional<double> exclusive_minimum;
  std::optional<double> exclusive_maximum;
  std::optional<double> multiple_of;

  std::optional<std::size_t> min_length;  // in code points
  std::optional<std::size_t> max_length;
  std::optional<Pattern> pattern;
  Format format = Format::Unknown;  // Unknown also when "format" is absent or not asserted

  std::vector<const SchemaNode*> prefix_items;  // "prefixItems", or "items" as an array
  const SchemaNode* items = nullptr;            // every item after prefix_items
  std::optional<std::size_t> min_items;
  std::optional<std::size_t> max_items;
  bool unique_items = false;
  const SchemaNode* contains = nullptr;

  std::vector<PropertyRule> properties;  // sorted by name (findProperty searches)
  std::vector<PatternPropertyRule> pattern_properties;
  const SchemaNode* additional_properties = nullptr;
  std::vector<std::string> required;
  std::optional<std::size_t> min_properties;
  std::optional<std::size_t> max_properties;
  const SchemaNode* property_names = nullptr;
  std::vector<DependentRequiredRule> dependent_required;
  std::vector<DependentSchemaRule> dependent_schemas;

  std::vector<const SchemaNode*> all_of;
  std::vector<const SchemaNode*> any_of;
  std::vector<const SchemaNode*> one_of;
  const SchemaNode* not_schema = nullptr;
  const SchemaNode* if_schema = nullptr;
  const SchemaNode* then_schema = nullptr;
  const SchemaNode* else_schema = nullptr;

  std::optional<Poco::Dynamic::Var> default_value;  // for applyDefaults
  bool secret = false;                              // our extension, for redactSecrets

  const PropertyRule* findProperty(std::string_view name) const;
  bool isFalse() const { return constant == false; }
};

struct SchemaTree {
  std::vector<std::unique_ptr<SchemaNode>> nodes;
  const SchemaNode* root = nullptr;
};

// Instances nested deeper than this (through a recursive schema) are refused rather than
// walked, so a hostile document cannot exhaust the stack of the thread validating it.
constexpr std::size_t kMaxInstanceDepth = 128;

}  // namespace orchestra::schema
