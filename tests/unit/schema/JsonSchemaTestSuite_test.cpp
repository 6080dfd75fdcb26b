// Runs the official JSON-Schema-Test-Suite (Debian's json-schema-test-suite package, installed
// by packaging/setup-deps.sh --test) for every keyword we support, expecting each case's verdict.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/Schema.hpp"

namespace orchestra::schema {
namespace {

constexpr std::string_view kSuiteDirectory = "/usr/share/json-schema-test-suite/tests/draft7";

// Files of draft7/ for the keywords we implement. Not listed, because they test what we do not
// support: refRemote.json (remote references), optional/content.json (contentMediaType and
// contentEncoding), optional/bignum.json (integers beyond 64 bits), optional/ecmascript-regex.json
// (full ECMA-262 regex semantics) and the formats we do not check (idn-email, idn-hostname, iri,
// iri-reference, relative-json-pointer, uri-template).
constexpr std::string_view kSupportedFiles[] = {
    "additionalItems.json",
    "additionalProperties.json",
    "allOf.json",
    "anyOf.json",
    "boolean_schema.json",
    "const.json",
    "contains.json",
    "default.json",
    "definitions.json",
    "dependencies.json",
    "enum.json",
    "exclusiveMaximum.json",
    "exclusiveMinimum.json",
    "if-then-else.json",
    "items.json",
    "maxItems.json",
    "maxLength.json",
    "maxProperties.json",
    "maximum.json",
    "minItems.json",
    "minLength.json",
    "minProperties.json",
    "minimum.json",
    "multipleOf.json",
    "not.json",
    "oneOf.json",
    "pattern.json",
    "patternProperties.json",
    "properties.json",
    "propertyNames.json",
    "ref.json",
    "required.json",
    "type.json",
    "uniqueItems.json",
    "optional/zeroTerminatedFloats.json",
    "optional/format/date-time.json",
    "optional/format/date.json",
    "optional/format/email.json",
    "optional/format/hostname.json",
    "optional/format/ipv4.json",
    "optional/format/ipv6.json",
    "optional/format/json-pointer.json",
    "optional/format/regex.json",
    "optional/format/time.json",
    "optional/format/uri-reference.json",
    "optional/format/uri.json",
};

// Groups (test_case empty) or single cases we deliberately do not pass, with the reason.
struct Skip {
  std::string_view file;
  std::string_view group;
  std::string_view test_case;  // empty: the whole group
  std::string_view reason;
};

constexpr Skip kSkips[] = {
    {"ref.json", "remote ref, containing refs itself", "",
     "needs the draft-07 meta-schema fetched by URI (remote references are not supported)"},
    {"ref.json", "Recursive references between schemas", "",
     "resolves \"$ref\": \"node\" against \"$id\" (only \"#...\" pointers are supported)"},
    {"definitions.json", "valid definition", "",
     "needs the draft-07 meta-schema fetched by URI (remote references are not supported)"},
    {"definitions.json", "invalid definition", "",
     "needs the draft-07 meta-schema fetched by URI (remote references are not supported)"},
};

struct SuiteCounts {
  int run = 0;
  int passed = 0;
  int skipped = 0;
};

Poco::Dynamic::Var parseFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return Poco::JSON::Parser().parse(text.str());
}

const Skip* findSkip(std::string_view file, std::string_view group, std::string_view test_case) {
  const auto found = std::find_if(std::begin(kSkips), std::end(kSkips), [&](const Skip& skip) {
    return skip.file == file && skip.group == group &&
           (skip.test_case.empty() || skip.test_case == test_case);
  });
  return found == std::end(kSkips) ? nullptr : &*found;
}

void runGroup(std::string_view file, const Poco::JSON::Object& group, SuiteCounts& counts,
              std::vector<const Skip*>& used_skips) {
  const auto description = group.getValue<std::string>("description");
  const Poco::JSON::Array::Ptr cases = group.getArray("tests");
  std::optional<Schema> schema;
  std::string compile_error;
  try {
    CompileOptions options;
    options.default_dialect = Dialect::Draft7;  // the suite's files carry no "$schema"
    schema = Schema::compileDocument(group.get("schema"), options);
  } catch (const SchemaError& error) {
    compile_error = error.what();
  }
  for (const auto& entry : *cases) {
    const auto& test = *entry.extract<Poco::JSON::Object::Ptr>();
    const auto case_description = test.getValue<std::string>("description");
    if (const Skip* skip = findSkip(file, description, case_description)) {
      used_skips.push_back(skip);
      ++counts.skipped;
      continue;
    }
    ++counts.run;
    if (!schema) {
      ADD_FAILURE() << file << " / " << description
                    << ": schema did not compile: " << compile_error;
      continue;
    }
    const auto expected = test.getValue<bool>("valid");
    const bool verdict = schema->isValid(test.get("data"));
    const ValidationResult result = schema->validate(test.get("data"));
    // Both entry points must agree, and a failing instance must say why.
    EXPECT_EQ(result.valid(), verdict) << file << " / " << description << " / " << case_description;
    if (verdict == expected) {
      ++counts.passed;
    } else {
      ADD_FAILURE() << file << " / " << description << " / " << case_description << ": expected "
                    << (expected ? "valid" : "invalid");
    }
  }
}

TEST(JsonSchemaTestSuite, SupportedKeywordsGiveTheSuiteVerdicts) {
  ASSERT_TRUE(std::filesystem::is_directory(kSuiteDirectory))
      << kSuiteDirectory << " is missing: run packaging/setup-deps.sh --test";
  SuiteCounts counts;
  std::vector<const Skip*> used_skips;
  for (const std::string_view file : kSupportedFiles) {
    const auto path = std::filesystem::path(kSuiteDirectory) / file;
    ASSERT_TRUE(std::filesystem::is_regular_file(path)) << path << " is missing";
    const Poco::Dynamic::Var groups = parseFile(path);
    for (const auto& group : *groups.extract<Poco::JSON::Array::Ptr>()) {
      runGroup(file, *group.extract<Poco::JSON::Object::Ptr>(), counts, used_skips);
    }
  }
  for (const Skip& skip : kSkips) {
    EXPECT_NE(std::find(used_skips.begin(), used_skips.end(), &skip), used_skips.end())
        << "stale skip entry: " << skip.file << " / " << skip.group;
  }
  std::cout << "[ suite    ] draft7: " << counts.run << " cases run, " << counts.passed
            << " passed, " << counts.skipped << " skipped (" << std::size(kSkips)
            << " skip entries), " << std::size(kSupportedFiles) << " files\n";
  EXPECT_EQ(counts.passed, counts.run);
  EXPECT_GT(counts.run, 300);
}

}  // namespace
}  // namespace orchestra::schema
