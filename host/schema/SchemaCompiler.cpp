#include "host/schema/SchemaCompiler.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <optional>
#include <unordered_set>

#include "host/schema/JsonPointer.hpp"
#include "host/schema/JsonValue.hpp"
#include "host/schema/SchemaError.hpp"

namespace orchestra::schema {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

[[noreturn]] void invalid(const std::string& pointer, std::string_view problem) {
  throw SchemaError("invalid schema at #" + pointer + ": " + std::string(problem));
}

std::string pointerTo(const std::string& pointer, std::string_view segment) {
  std::string result = pointer;
  appendPointerSegment(result, segment);
  return result;
}

std::optional<Var> member(const Object& json, const std::string& keyword) {
  if (!json.has(keyword)) return std::nullopt;
  return json.get(keyword);
}

double numberKeyword(const Var& value, const std::string& pointer) {
  if (!isNumber(jsonKind(value))) invalid(pointer, "must be a number");
  return numberValue(value);
}

std::size_t countKeyword(const Var& value, const std::string& pointer) {
  if (!isIntegral(value) || numberValue(value) < 0) {
    invalid(pointer, "must be a non-negative integer");
  }
  constexpr double kLargestCount = 1e18;  // beyond any real length, and exact in a size_t
  return static_cast<std::size_t>(std::min(numberValue(value), kLargestCount));
}

bool booleanKeyword(const Var& value, const std::string& pointer) {
  if (jsonKind(value) != JsonKind::Boolean) invalid(pointer, "must be true or false");
  return value.extract<bool>();
}

const std::string& stringKeyword(const Var& value, const std::string& pointer) {
  if (jsonKind(value) != JsonKind::String) invalid(pointer, "must be a string");
  return value.extract<std::string>();
}

std::vector<std::string> stringArrayKeyword(const Var& value, const std::string& pointer) {
  const Poco::JSON::Array* array = jsonArray(value);
  if (array == nullptr) invalid(pointer, "must be an array of strings");
  std::vector<std::string> strings;
  for (const Var& item : *array) {
    if (jsonKind(item) != JsonKind::String) invalid(pointer, "must be an array of strings");
    strings.push_back(item.extract<std::string>());
  }
  return strings;
}

std::optional<JsonType> typeNamed(std::string_view name) {
  if (name == "null") return JsonType::Null;
  if (name == "boolean") return JsonType::Boolean;
  if (name == "object") return JsonType::Object;
  if (name == "array") return JsonType::Array;
  if (name == "number") return JsonType::Number;
  if (name == "integer") return JsonType::Integer;
  if (name == "string") return JsonType::String;
  return std::nullopt;
}

JsonTypeSet typeKeyword(const Var& value, const std::string& pointer) {
  constexpr std::string_view kExpected =
      "must be a type name (null, boolean, object, array, number, integer, string) or an array "
      "of them";
  std::vector<Var> names;
  if (const Poco::JSON::Array* array = jsonArray(value)) {
    names.assign(array->begin(), array->end());
    if (names.empty()) invalid(pointer, kExpected);
  } else {
    names.push_back(value);
  }
  JsonTypeSet types = 0;
  for (const Var& name : names) {
    const auto type =
        jsonKind(name) == JsonKind::String ? typeNamed(name.extract<std::string>()) : std::nullopt;
    if (!type) invalid(pointer, kExpected);
    types |= typeBit(*type);
  }
  return types;
}

bool namesDraft7OrOlder(std::string_view meta_schema) {
  for (const std::string_view draft : {"draft-03", "draft-04", "draft-06", "draft-07"}) {
    if (meta_schema.find(draft) != std::string_view::npos) return true;
  }
  return false;
}

// The value at `pointer` inside `document`, if there is one.
std::optional<Var> valueAt(const Var& document, const std::string& pointer) {
  const auto segments = pointerSegments(pointer);
  if (!segments) return std::nullopt;
  Var current = document;
  for (const std::string& segment : *segments) {
    if (const Object* object = jsonObject(current)) {
      if (!object->has(segment)) return std::nullopt;
      current = object->get(segment);
    } else if (const Poco::JSON::Array* array = jsonArray(current)) {
      unsigned index = 0;
      const auto parsed = std::from_chars(segment.data(), segment.data() + segment.size(), index);
      if (parsed.ec != std::errc{} || parsed.ptr != segment.data() + segment.size() ||
          index >= array->size()) {
        return std::nullopt;
      }
      current = array->get(index);
    } else {
      return std::nullopt;
    }
  }
  return current;
}

}  // namespace

SchemaCompiler::SchemaCompiler(const Var& document, const CompileOptions& options)
    : document_(document), options_(options) {
  draft7_refs_ = options.default_dialect == Dialect::Draft7;
  if (const Object* root = jsonObject(document); root != nullptr && root->has("$schema")) {
    const Var meta_schema = root->get("$schema");
    if (jsonKind(meta_schema) == JsonKind::String) {
      draft7_refs_ = namesDraft7OrOlder(meta_schema.extract<std::string>());
    }
  }
}

std::shared_ptr<const SchemaTree> SchemaCompiler::compile() {
  tree_->root = compileSchema(document_, "");
  resolveReferences();
  rejectReferenceCycles();
  return {std::move(tree_)};
}

SchemaNode* SchemaCompiler::compileSchema(const Var& json, const std::string& pointer) {
  if (const auto found = nodes_by_pointer_.find(pointer); found != nodes_by_pointer_.end()) {
    return found->second;
  }
  SchemaNode* node = tree_->nodes.emplace_back(std::make_unique<SchemaNode>()).get();
  node->location = "#" + pointer;
  nodes_by_pointer_.emplace(pointer, node);
  const JsonKind kind = jsonKind(json);
  if (kind == JsonKind::Boolean) {
    node->constant = json.extract<bool>();
  } else if (kind == JsonKind::Object) {
    compileKeywords(*node, *jsonObject(json), pointer);
  } else {
    invalid(pointer, "a schema must be an object or a boolean");
  }
  return node;
}

void SchemaCompiler::compileKeywords(SchemaNode& node, const Object& json,
                                     const std::string& pointer) {
  if (const auto reference = member(json, "$ref")) {
    addReference(node, *reference, pointerTo(pointer, "$ref"));
    if (draft7_refs_) {
      node.ref_replaces_siblings = true;
      return;
    }
  }
  if (const auto type = member(json, "type")) {
    node.types = typeKeyword(*type, pointerTo(pointer, "type"));
  }
  if (const auto values = member(json, "enum")) {
    const Poco::JSON::Array* array = jsonArray(*values);
    if (array == nullptr) invalid(pointerTo(pointer, "enum"), "must be an array");
    auto& copies = node.enum_values.emplace();
    for (const Var& value : *array)
      copies.push_back(deepCopy(value));
  }
  if (const auto value = member(json, "const")) node.const_value = deepCopy(*value);
  if (const auto value = member(json, "default")) node.default_value = deepCopy(*value);
  if (const auto value = member(json, "secret")) {
    node.secret = booleanKeyword(*value, pointerTo(pointer, "secret"));
  }
  compileNumberKeywords(node, json, pointer);
  compileStringKeywords(node, json, pointer);
  compileArrayKeywords(node, json, pointer);
  compileObjectKeywords(node, json, pointer);
  compileDependencies(node, json, pointer);
  compileCombinators(node, json, pointer);
  compileDefinitions(json, pointer);
}

void SchemaCompiler::compileNumberKeywords(SchemaNode& node, const Object& json,
                                           const std::string& pointer) {
  if (const auto value = member(json, "minimum")) {
    node.minimum = numberKeyword(*value, pointerTo(pointer, "minimum"));
  }
  if (const auto value = member(json, "maximum")) {
    node.maximum = numberKeyword(*value, pointerTo(pointer, "maximum"));
  }
  // Draft 4 wrote exclusiveness as a boolean beside minimum/maximum; schemas in the wild still
  // do, so that form is read as the numeric one it means.
  if (const auto value = member(json, "exclusiveMinimum")) {
    if (jsonKind(*value) == JsonKind::Boolean) {
      if (value->extract<bool>() && node.minimum) {
        node.exclusive_minimum = node.minimum;
        node.minimum.reset();
      }
    } else {
      node.exclusive_minimum = numberKeyword(*value, pointerTo(pointer, "exclusiveMinimum"));
    }
  }
  if (const auto value = member(json, "exclusiveMaximum")) {
    if (jsonKind(*value) == JsonKind::Boolean) {
      if (value->extract<bool>() && node.maximum) {
        node.exclusive_maximum = node.maximum;
        node.maximum.reset();
      }
    } else {
      node.exclusive_maximum = numberKeyword(*value, pointerTo(pointer, "exclusiveMaximum"));
    }
  }
  if (const auto value = member(json, "multipleOf")) {
    const std::string keyword_pointer = pointerTo(pointer, "multipleOf");
    node.multiple_of = numberKeyword(*value, keyword_pointer);
    if (*node.multiple_of <= 0) invalid(keyword_pointer, "must be greater than 0");
  }
}

void SchemaCompiler::compileStringKeywords(SchemaNode& node, const Object& json,
                                           const std::string& pointer) {
  if (const auto value = member(json, "minLength")) {
    node.min_length = countKeyword(*value, pointerTo(pointer, "minLength"));
  }
  if (const auto value = member(json, "maxLength")) {
    node.max_length = countKeyword(*value, pointerTo(pointer, "maxLength"));
  }
  if (const auto value = member(json, "pattern")) {
    const std::string keyword_pointer = pointerTo(pointer, "pattern");
    const std::string& source = stringKeyword(*value, keyword_pointer);
    node.pattern = Pattern::compile(source, options_.max_pattern_subject_bytes);
    if (!node.pattern) {
      invalid(keyword_pointer, "\"" + source + "\" is not a valid (ECMAScript) regular expression");
    }
  }
  if (const auto value = member(json, "format")) {
    const std::string& name = stringKeyword(*value, pointerTo(pointer, "format"));
    node.format = options_.assert_formats ? formatNamed(name) : Format::Unknown;
  }
}

void SchemaCompiler::compileArrayKeywords(SchemaNode& node, const Object& json,
                                          const std::string& pointer) {
  const auto items = member(json, "items");
  if (json.has("prefixItems")) {
    node.prefix_items = childArray(json.get("prefixItems"), pointer, "prefixItems");
    if (items) node.items = child(*items, pointer, "items");
  } else if (items && jsonArray(*items) != nullptr) {
    // Draft 7's tuple form: "items" lists the positions, "additionalItems" covers the rest.
    node.prefix_items = childArray(*items, pointer, "items");
    if (const auto additional = member(json, "additionalItems")) {
      node.items = child(*additional, pointer, "additionalItems");
    }
  } else if (items) {
    node.items = child(*items, pointer, "items");
  }
  if (const auto value = member(json, "minItems")) {
    node.min_items = countKeyword(*value, pointerTo(pointer, "minItems"));
  }
  if (const auto value = member(json, "maxItems")) {
    node.max_items = countKeyword(*value, pointerTo(pointer, "maxItems"));
  }
  if (const auto value = member(json, "uniqueItems")) {
    node.unique_items = booleanKeyword(*value, pointerTo(pointer, "uniqueItems"));
  }
  if (const auto value = member(json, "contains"))
    node.contains = child(*value, pointer, "contains");
}

void SchemaCompiler::compileObjectKeywords(SchemaNode& node, const Object& json,
                                           const std::string& pointer) {
  if (const auto value = member(json, "properties")) {
    const std::string keyword_pointer = pointerTo(pointer, "properties");
    const Object* properties = jsonObject(*value);
    if (properties == nullptr) invalid(keyword_pointer, "must be an object");
    for (const auto& [name, schema] : *properties) {
      node.properties.push_back({name, compileSchema(schema, pointerTo(keyword_pointer, name))});
    }
    // std::map iterates in key order, so the rules are already sorted for findProperty.
  }
  if (const auto value = member(json, "patternProperties")) {
    const std::string keyword_pointer = pointerTo(pointer, "patternProperties");
    const Object* patterns = jsonObject(*value);
    if (patterns == nullptr) invalid(keyword_pointer, "must be an object");
    for (const auto& [source, schema] : *patterns) {
      const std::string schema_pointer = pointerTo(keyword_pointer, source);
      auto pattern = Pattern::compile(source, options_.max_pattern_subject_bytes);
      if (!pattern) {
        invalid(schema_pointer,
                "\"" + source + "\" is not a valid (ECMAScript) regular expression");
      }
      node.pattern_properties.push_back(
          {std::move(*pattern), compileSchema(schema, schema_pointer)});
    }
  }
  if (const auto value = member(json, "additionalProperties")) {
    node.additional_properties = child(*value, pointer, "additionalProperties");
  }
  if (const auto value = member(json, "required")) {
    node.required = stringArrayKeyword(*value, pointerTo(pointer, "required"));
  }
  if (const auto value = member(json, "minProperties")) {
    node.min_properties = countKeyword(*value, pointerTo(pointer, "minProperties"));
  }
  if (const auto value = member(json, "maxProperties")) {
    node.max_properties = countKeyword(*value, pointerTo(pointer, "maxProperties"));
  }
  if (const auto value = member(json, "propertyNames")) {
    node.property_names = child(*value, pointer, "propertyNames");
  }
}

void SchemaCompiler::compileDependencies(SchemaNode& node, const Object& json,
                                         const std::string& pointer) {
  // Draft 7 "dependencies" mixes both forms; 2019-09 split it into the two keywords below.
  for (const std::string keyword : {"dependencies", "dependentRequired", "dependentSchemas"}) {
    const auto value = member(json, keyword);
    if (!value) continue;
    const std::string keyword_pointer = pointerTo(pointer, keyword);
    const Object* dependencies = jsonObject(*value);
    if (dependencies == nullptr) invalid(keyword_pointer, "must be an object");
    for (const auto& [property, dependency] : *dependencies) {
      const std::string dependency_pointer = pointerTo(keyword_pointer, property);
      const bool is_list = jsonArray(dependency) != nullptr;
      if (keyword == "dependentRequired" || (keyword == "dependencies" && is_list)) {
        node.dependent_required.push_back(
            {property, stringArrayKeyword(dependency, dependency_pointer)});
      } else {
        node.dependent_schemas.push_back({property, compileSchema(dependency, dependency_pointer)});
      }
    }
  }
}

void SchemaCompiler::compileCombinators(SchemaNode& node, const Object& json,
                                        const std::string& pointer) {
  if (const auto value = member(json, "allOf")) node.all_of = childArray(*value, pointer, "allOf");
  if (const auto value = member(json, "anyOf")) node.any_of = childArray(*value, pointer, "anyOf");
  if (const auto value = member(json, "oneOf")) node.one_of = childArray(*value, pointer, "oneOf");
  if (const auto value = member(json, "not")) node.not_schema = child(*value, pointer, "not");
  // "then" and "else" mean nothing without "if", as the specification says.
  if (const auto condition = member(json, "if")) {
    node.if_schema = child(*condition, pointer, "if");
    if (const auto value = member(json, "then")) node.then_schema = child(*value, pointer, "then");
    if (const auto value = member(json, "else")) node.else_schema = child(*value, pointer, "else");
  }
}

void SchemaCompiler::compileDefinitions(const Object& json, const std::string& pointer) {
  // Compiled even when nothing refers to them, so a broken definition is reported at once.
  for (const std::string keyword : {"$defs", "definitions"}) {
    const auto value = member(json, keyword);
    if (!value) continue;
    const std::string keyword_pointer = pointerTo(pointer, keyword);
    const Object* definitions = jsonObject(*value);
    if (definitions == nullptr) invalid(keyword_pointer, "must be an object");
    for (const auto& [name, schema] : *definitions) {
      compileSchema(schema, pointerTo(keyword_pointer, name));
    }
  }
}

void SchemaCompiler::addReference(SchemaNode& node, const Var& reference,
                                  const std::string& pointer) {
  const std::string& text = stringKeyword(reference, pointer);
  auto target = localReferencePointer(text);
  if (!target) {
    invalid(pointer, "\"" + text +
                         "\": only references inside this schema (\"#\" or \"#/$defs/...\") are "
                         "supported");
  }
  pending_references_.push_back({&node, std::move(*target), pointer});
}

const SchemaNode* SchemaCompiler::child(const Var& json, const std::string& pointer,
                                        std::string_view keyword) {
  return compileSchema(json, pointerTo(pointer, keyword));
}

std::vector<const SchemaNode*> SchemaCompiler::childArray(const Var& json,
                                                          const std::string& pointer,
                                                          std::string_view keyword) {
  const std::string keyword_pointer = pointerTo(pointer, keyword);
  const Poco::JSON::Array* array = jsonArray(json);
  if (array == nullptr || array->size() == 0) {
    invalid(keyword_pointer, "must be a non-empty array of schemas");
  }
  std::vector<const SchemaNode*> children;
  for (std::size_t index = 0; index < array->size(); ++index) {
    children.push_back(compileSchema(array->get(static_cast<unsigned>(index)),
                                     pointerTo(keyword_pointer, std::to_string(index))));
  }
  return children;
}

void SchemaCompiler::resolveReferences() {
  // Compiling a target may find further references, hence a work list rather than one pass.
  while (!pending_references_.empty()) {
    const PendingReference reference = std::move(pending_references_.back());
    pending_references_.pop_back();
    const auto found = nodes_by_pointer_.find(reference.pointer);
    if (found != nodes_by_pointer_.end()) {
      reference.node->ref = found->second;
      continue;
    }
    const auto target = valueAt(document_, reference.pointer);
    if (!target) {
      invalid(reference.location, "\"#" + reference.pointer + "\" does not exist in this schema");
    }
    reference.node->ref = compileSchema(*target, reference.pointer);
  }
}

void SchemaCompiler::rejectReferenceCycles() const {
  // Keywords that apply to the same instance ("$ref", allOf, not, ...) must not lead back to
  // their own schema: validation would recurse without ever reaching a smaller value.
  enum class Mark : std::uint8_t { Visiting, Done };
  std::unordered_map<const SchemaNode*, Mark> marks;
  const auto visit = [&marks](const SchemaNode* node, const auto& self) -> void {
    if (node == nullptr) return;
    const auto [mark, inserted] = marks.emplace(node, Mark::Visiting);
    if (!inserted) {
      if (mark->second == Mark::Visiting) {
        invalid(node->location.substr(1),
                "\"$ref\" (or a combinator) leads back to this schema without descending into a "
                "property or item");
      }
      return;
    }
    self(node->ref, self);
    for (const auto* group : {&node->all_of, &node->any_of, &node->one_of}) {
      for (const SchemaNode* branch : *group)
        self(branch, self);
    }
    for (const SchemaNode* branch :
         {node->not_schema, node->if_schema, node->then_schema, node->else_schema}) {
      self(branch, self);
    }
    for (const DependentSchemaRule& rule : node->dependent_schemas)
      self(rule.schema, self);
    marks[node] = Mark::Done;
  };
  for (const auto& node : tree_->nodes)
    visit(node.get(), visit);
}

}  // namespace orchestra::schema
