// Turns a parsed JSON Schema document into a SchemaTree: checks every keyword it knows (throwing
// SchemaError naming the keyword's pointer), compiles patterns and resolves local "$ref"s.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "host/schema/CompileOptions.hpp"
#include "host/schema/SchemaNode.hpp"

namespace orchestra::schema {

class SchemaCompiler {
 public:
  SchemaCompiler(const Poco::Dynamic::Var& document, const CompileOptions& options);

  // Throws SchemaError. Call once per compiler.
  std::shared_ptr<const SchemaTree> compile();

 private:
  struct PendingReference {
    SchemaNode* node;
    std::string pointer;   // the target, a JSON pointer into document_
    std::string location;  // of the "$ref" keyword, for errors
  };

  SchemaNode* compileSchema(const Poco::Dynamic::Var& json, const std::string& pointer);
  void compileKeywords(SchemaNode& node, const Poco::JSON::Object& json,
                       const std::string& pointer);
  void compileNumberKeywords(SchemaNode& node, const Poco::JSON::Object& json,
                             const std::string& pointer);
  void compileStringKeywords(SchemaNode& node, const Poco::JSON::Object& json,
                             const std::string& pointer);
  void compileArrayKeywords(SchemaNode& node, const Poco::JSON::Object& json,
                            const std::string& pointer);
  void compileObjectKeywords(SchemaNode& node, const Poco::JSON::Object& json,
                             const std::string& pointer);
  void compileDependencies(SchemaNode& node, const Poco::JSON::Object& json,
                           const std::string& pointer);
  void compileCombinators(SchemaNode& node, const Poco::JSON::Object& json,
                          const std::string& pointer);
  void compileDefinitions(const Poco::JSON::Object& json, const std::string& pointer);
  void addReference(SchemaNode& node, const Poco::Dynamic::Var& reference,
                    const std::string& pointer);

  // A subschema under `pointer`/`keyword`[/`segment`].
  const SchemaNode* child(const Poco::Dynamic::Var& json, const std::string& pointer,
                          std::string_view keyword);
  std::vector<const SchemaNode*> childArray(const Poco::Dynamic::Var& json,
                                            const std::string& pointer, std::string_view keyword);

  void resolveReferences();
  void rejectReferenceCycles() const;

  const Poco::Dynamic::Var& document_;
  CompileOptions options_;
  bool draft7_refs_ = false;
  std::unique_ptr<SchemaTree> tree_ = std::make_unique<SchemaTree>();
  std::unordered_map<std::string, SchemaNode*> nodes_by_pointer_;
  std::vector<PendingReference> pending_references_;
};

}  // namespace orchestra::schema
