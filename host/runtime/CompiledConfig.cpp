#include "host/runtime/CompiledConfig.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <utility>

#include "host/runtime/TemplateParser.hpp"
#include "host/schema/JsonPointer.hpp"
#include "host/schema/JsonValue.hpp"
#include "host/text/JsonWriter.hpp"

namespace orchestra::runtime {

using Poco::Dynamic::Var;

struct CompiledConfig::Node {
  enum class Kind : std::uint8_t { Constant, Template, Object, Array };
  Kind kind = Kind::Constant;
  Var constant;                          // Constant: the original value, shared
  std::string constant_json;             // Constant: its JSON text, for evaluateJson
  std::optional<CompiledTemplate> text;  // Template
  std::vector<std::string> keys;         // Object: member names, parallel to children
  std::vector<std::string> keys_json;    // Object: the names as JSON strings, quoted
  std::vector<Node> children;            // Object members or Array items
};

namespace {

using Node = CompiledConfig::Node;

TemplateParseError tooDeepError() {
  return {0, "nested deeper than " + std::to_string(kMaxConfigDepth) + " levels"};
}

class Compiler {
 public:
  Node compile(const Var& value, std::size_t depth) {
    if (const auto* object = schema::jsonObject(value)) {
      if (tooDeep(depth)) return constant(value);
      Node node{Node::Kind::Object, {}, {}, std::nullopt, {}, {}, {}};
      bool templated = false;
      for (const auto& [key, member] : *object) {
        const std::size_t length = pointer_.size();
        schema::appendPointerSegment(pointer_, key);
        node.keys.push_back(key);
        node.keys_json.push_back(text::toJson(Var(key)));
        node.children.push_back(compile(member, depth + 1));
        templated = templated || node.children.back().kind != Node::Kind::Constant;
        pointer_.resize(length);
      }
      return templated ? std::move(node) : constant(value);
    }
    if (const auto* array = schema::jsonArray(value)) {
      if (tooDeep(depth)) return constant(value);
      Node node{Node::Kind::Array, {}, {}, std::nullopt, {}, {}, {}};
      bool templated = false;
      std::size_t index = 0;
      for (const Var& item : *array) {
        const std::size_t length = pointer_.size();
        schema::appendPointerSegment(pointer_, std::to_string(index++));
        node.children.push_back(compile(item, depth + 1));
        templated = templated || node.children.back().kind != Node::Kind::Constant;
        pointer_.resize(length);
      }
      return templated ? std::move(node) : constant(value);
    }
    if (schema::jsonKind(value) == schema::JsonKind::String) {
      const auto& text = value.extract<std::string>();
      if (!looksLikeTemplate(text)) return constant(value);
      ParsedTemplate parsed = parseTemplate(text);
      if (!parsed.ok()) {
        errors_.push_back({pointer_, std::move(*parsed.error)});
        return constant(value);
      }
      return Node{Node::Kind::Template, {}, {}, std::move(parsed.compiled), {}, {}, {}};
    }
    return constant(value);
  }

  std::vector<ConfigParseError> takeErrors() { return std::move(errors_); }

 private:
  static Node constant(const Var& value) {
    return Node{Node::Kind::Constant, value, {}, std::nullopt, {}, {}, {}};
  }

  bool tooDeep(std::size_t depth) {
    if (depth < kMaxConfigDepth) return false;
    errors_.push_back({pointer_, tooDeepError()});
    return true;
  }

  std::string pointer_;
  std::vector<ConfigParseError> errors_;
};

// Compiler's walk over a compact document, keeping only what a save reports.
class TemplateInspector {
 public:
  explicit TemplateInspector(const std::function<void(const ConfigReference&)>& on_reference)
      : on_reference_(on_reference) {}

  void inspect(text::JsonView value, std::size_t depth) {
    if (value.isObject() || value.isArray()) {
      if (depth >= kMaxConfigDepth) {
        errors_.push_back({pointer_, tooDeepError()});
        return;
      }
      if (value.isArray()) {
        for (std::size_t i = 0; i < value.size(); ++i) {
          const std::size_t length = pointer_.size();
          schema::appendPointerSegment(pointer_, std::to_string(i));
          inspect(value.at(i), depth + 1);
          pointer_.resize(length);
        }
        return;
      }
      // Members as Poco's parser gives them to compile(): by name, the last of a repeated name.
      std::map<std::string_view, std::size_t> members;
      for (std::size_t i = 0; i < value.size(); ++i)
        members[value.keyAt(i)] = i;
      for (const auto& [name, index] : members) {
        const std::size_t length = pointer_.size();
        schema::appendPointerSegment(pointer_, name);
        inspect(value.valueAt(index), depth + 1);
        pointer_.resize(length);
      }
      return;
    }
    if (!value.isString()) return;
    const std::string_view text = value.as<std::string_view>();
    if (!looksLikeTemplate(text)) return;
    ParsedTemplate parsed = parseTemplate(text);
    if (!parsed.ok()) {
      errors_.push_back({pointer_, std::move(*parsed.error)});
      return;
    }
    for (TemplateReference& reference : parsed.compiled->references())
      on_reference_({pointer_, std::move(reference)});
  }

  std::vector<ConfigParseError> takeErrors() { return std::move(errors_); }

 private:
  const std::function<void(const ConfigReference&)>& on_reference_;
  std::string pointer_;
  std::vector<ConfigParseError> errors_;
};

// Evaluates `node`; on failure fills `error` with `pointer` left at the failing string.
Var evaluateNode(const Node& node, const EvaluationContext& context, std::string& pointer,
                 std::optional<ConfigEvaluationError>& error) {
  switch (node.kind) {
    case Node::Kind::Constant:
      return node.constant;
    case Node::Kind::Template: {
      TemplateValue value = node.text->evaluate(context);
      if (!value.ok()) error = ConfigEvaluationError{pointer, std::move(*value.error)};
      Var result;
      result.swap(value.value);  // Poco 1.11's Var cannot be moved; swapping avoids a copy
      return result;
    }
    case Node::Kind::Object: {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        const std::size_t length = pointer.size();
        schema::appendPointerSegment(pointer, node.keys[i]);
        object->set(node.keys[i], evaluateNode(node.children[i], context, pointer, error));
        if (error) return {};
        pointer.resize(length);
      }
      return object;
    }
    case Node::Kind::Array: {
      Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        const std::size_t length = pointer.size();
        schema::appendPointerSegment(pointer, std::to_string(i));
        array->add(evaluateNode(node.children[i], context, pointer, error));
        if (error) return {};
        pointer.resize(length);
      }
      return array;
    }
  }
  return {};
}

// The JSON text of the constants left in the finished tree (the largest constant parts around
// the templates), once, for writeNode.
void serializeConstants(Node& node) {
  for (Node& child : node.children) {
    if (child.kind == Node::Kind::Constant) {
      child.constant_json = text::toJson(child.constant);
    } else {
      serializeConstants(child);
    }
  }
}

// evaluateNode written as JSON text; false with `error` set (and `pointer` at the failing
// string) when a template failed.
bool writeNode(const Node& node, const EvaluationContext& context, std::string& pointer,
               std::optional<ConfigEvaluationError>& error, std::string& out) {
  switch (node.kind) {
    case Node::Kind::Constant:
      // Only a config without templates has no serialised text: its root.
      out += node.constant_json.empty() ? text::toJson(node.constant) : node.constant_json;
      return true;
    case Node::Kind::Template: {
      TemplateValue value = node.text->evaluate(context);
      if (!value.ok()) {
        error = ConfigEvaluationError{pointer, std::move(*value.error)};
        return false;
      }
      out += text::toJson(value.value);
      return true;
    }
    case Node::Kind::Object:
    case Node::Kind::Array: {
      const bool is_object = node.kind == Node::Kind::Object;
      out += is_object ? '{' : '[';
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (i > 0) out += ',';
        const std::size_t length = pointer.size();
        if (is_object) {
          schema::appendPointerSegment(pointer, node.keys[i]);
          out += node.keys_json[i];
          out += ':';
        } else {
          schema::appendPointerSegment(pointer, std::to_string(i));
        }
        if (!writeNode(node.children[i], context, pointer, error, out)) return false;
        pointer.resize(length);
      }
      out += is_object ? '}' : ']';
      return true;
    }
  }
  return false;
}

void collectReferences(const Node& node, std::string& pointer,
                       std::vector<ConfigReference>& references) {
  if (node.kind == Node::Kind::Template) {
    for (TemplateReference& reference : node.text->references())
      references.push_back({pointer, std::move(reference)});
    return;
  }
  for (std::size_t i = 0; i < node.children.size(); ++i) {
    const std::size_t length = pointer.size();
    schema::appendPointerSegment(
        pointer, node.kind == Node::Kind::Object ? node.keys[i] : std::to_string(i));
    collectReferences(node.children[i], pointer, references);
    pointer.resize(length);
  }
}

}  // namespace

CompiledConfigResult CompiledConfig::compile(const Var& config) {
  Compiler compiler;
  Node tree = compiler.compile(config, 0);
  serializeConstants(tree);
  auto root = std::make_shared<const Node>(std::move(tree));
  std::vector<ConfigParseError> errors = compiler.takeErrors();
  if (!errors.empty()) return {std::nullopt, std::move(errors)};
  return {CompiledConfig(std::move(root)), {}};
}

std::vector<ConfigParseError> CompiledConfig::inspect(
    text::JsonView config, const std::function<void(const ConfigReference&)>& on_reference) {
  TemplateInspector inspector(on_reference);
  inspector.inspect(config, 0);
  return inspector.takeErrors();
}

ConfigValue CompiledConfig::evaluate(const EvaluationContext& context) const {
  ConfigValue result;
  std::string pointer;
  result.value = evaluateNode(*root_, context, pointer, result.error);
  if (result.error) result.value = Var();
  return result;
}

std::optional<ConfigEvaluationError> CompiledConfig::evaluateJson(const EvaluationContext& context,
                                                                  std::string& out) const {
  std::optional<ConfigEvaluationError> error;
  std::string pointer;
  writeNode(*root_, context, pointer, error, out);
  return error;
}

std::vector<ConfigReference> CompiledConfig::references() const {
  std::vector<ConfigReference> references;
  std::string pointer;
  collectReferences(*root_, pointer, references);
  return references;
}

bool CompiledConfig::hasTemplates() const {
  return root_->kind != Node::Kind::Constant;
}

}  // namespace orchestra::runtime
