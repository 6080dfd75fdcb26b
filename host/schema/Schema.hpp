// A JSON Schema compiled once and then used many times: validating plugin and node configs (with
// messages for the UI), filling in their defaults and redacting their secrets.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <rapidjson/fwd.h>

#include <memory>
#include <string_view>

#include "host/schema/CompileOptions.hpp"
#include "host/schema/SchemaError.hpp"
#include "host/schema/ValidationResult.hpp"

namespace orchestra::schema {

struct SchemaTree;

// rapidjson::Document::AllocatorType, named without including the whole of RapidJSON.
using RapidJsonAllocator = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;

// Supported: type, enum, const, the numeric, string, array and object keywords, format (see
// Formats.hpp), allOf/anyOf/oneOf/not, if/then/else, dependencies, "$ref" to "#..." pointers,
// $defs/definitions, boolean schemas, default and our `secret`. Unknown keywords are ignored, as
// the specification says; "$id", "$anchor", remote and dynamic references are not supported.
//
// Copies are cheap and share the compiled tree; every const member may be called from many
// threads at once.
class Schema {
 public:
  // Throws SchemaError when the text is not JSON or not a schema we can use; the message names
  // the offending keyword's JSON pointer: `invalid schema at #/properties/port/minimum: ...`.
  static Schema compile(std::string_view schema_json, const CompileOptions& options = {});
  // The same for a document already parsed with Poco::JSON (a separate name, because a Var
  // converts from const char* and would make compile("{...}") ambiguous).
  static Schema compileDocument(const Poco::Dynamic::Var& schema_document,
                                const CompileOptions& options = {});

  // Every issue found, in a stable order (properties in name order). Values that Poco::JSON
  // produces (Object/Array, by Ptr or by value, strings, numbers, bools, empty for null).
  ValidationResult validate(const Poco::Dynamic::Var& instance) const;

  // The verdict alone: builds no messages and stops at the first problem.
  bool isValid(const Poco::Dynamic::Var& instance) const;

  // A deep copy of `instance` with missing properties set to their defaults, recursively (see
  // DefaultFilling.hpp). Fill before validating, so that a required key with a default passes.
  Poco::Dynamic::Var applyDefaults(const Poco::Dynamic::Var& instance) const;
  // The same without the copy, for a document the caller alone holds whose containers are all
  // Object::Ptr / Array::Ptr (as Poco's parser makes them): a request body just parsed, which
  // would otherwise exist twice while it is validated.
  void applyDefaultsInPlace(Poco::Dynamic::Var& instance) const;

  // The same for a RapidJSON value (request bodies: its DOM costs a tenth of Poco's), with the
  // same verdicts, issues, paths and messages as for the same text parsed by Poco::JSON. An
  // object that repeats a name is read as Poco's parser reads it: the last member of that name
  // counts and the others are ignored. RapidJSON's own FindMember and operator[] return the
  // FIRST: whoever reads a validated document with duplicate names must remove them first (or
  // refuse the body), or it reads a value that was never validated. Numbers are compared as
  // Poco's would be if the document was parsed with kParseFullPrecisionFlag (the default flags
  // round some decimals differently from Poco's strtod).
  ValidationResult validate(const rapidjson::Value& instance) const;
  bool isValid(const rapidjson::Value& instance) const;
  // Fills `instance` in place; each default is deep-copied with `allocator`, which must be the
  // allocator of the document that holds `instance` (document.GetAllocator()), so the defaults
  // live as long as the document and nothing refers back into the schema. Missing members are
  // appended after those already there.
  void applyDefaultsInPlace(rapidjson::Value& instance, RapidJsonAllocator& allocator) const;

  // A deep copy of `instance` with every `"secret": true` value replaced by "***".
  Poco::Dynamic::Var redactSecrets(const Poco::Dynamic::Var& instance) const;

 private:
  explicit Schema(std::shared_ptr<const SchemaTree> tree) : tree_(std::move(tree)) {}

  std::shared_ptr<const SchemaTree> tree_;
};

}  // namespace orchestra::schema
