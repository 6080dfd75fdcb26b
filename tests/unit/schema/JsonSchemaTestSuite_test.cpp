// Runs the official JSON-Schema-Test-Suite (Debian's json-schema-test-suite package, installed
// by packaging/setup-deps.sh --test) for every keyword we support, expecting each case's verdict,
// once with each case's data parsed by Poco::JSON and once parsed by RapidJSON.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "host/schema/Schema.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::schema {
namespace {

constexpr std::string_view kSuiteDirectory = "/usr/share/json-schema-test-suite/tests/draft7";

// Files of draft7/ for the keywords we implement. Not listed, because they test what we do not
// support: refRemote.json (remote references), optional/content.json (contentMediaType and
// contentEncoding), optional/bignum.json (integers beyond 64 bits), optional/ecmascript-regex.json
// (full ECMA-262 regex semantics) and the formats we do not check (idn-email, idn-hostname, iri,
// iri-reference, relative-json-pointer, uri-template).
constexpr auto kSupportedFiles = std::to_array<std::string_view>({
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
});

// Groups (test_case empty) or single cases we deliberately do not pass, with the reason.
struct Skip {
  std::string_view file;
  std::string_view group;
  std::string_view test_case;  // empty: the whole group
  std::string_view reason;
};

constexpr auto kSkips = std::to_array<Skip>({
    {"ref.json", "remote ref, containing refs itself", "",
     "needs the draft-07 meta-schema fetched by URI (remote references are not supported)"},
    {"ref.json", "Recursive references between schemas", "",
     R"(resolves "$ref": "node" against "$id" (only "#..." pointers are supported))"},
    {"definitions.json", "valid definition", "",
     "needs the draft-07 meta-schema fetched by URI (remote references are not supported)"},
    {"definitions.json", "invalid definition", "",
     "needs the draft-07 meta-schema fetched by URI (remote references are not supported)"},
});

struct SuiteCounts {
  int run = 0;
  int passed = 0;
  int skipped = 0;
};

using testing::Representation;

std::string readFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The case's verdict and issues from the representation under test.
struct Outcome {
  bool verdict = false;
  ValidationResult result;
};

Outcome check(const Schema& schema, const Poco::JSON::Object& test, const rapidjson::Value* data) {
  if (data != nullptr) return {schema.isValid(*data), schema.validate(*data)};
  return {schema.isValid(test.get("data")), schema.validate(test.get("data"))};
}

const Skip* findSkip(std::string_view file, std::string_view group, std::string_view test_case) {
  const auto found = std::find_if(std::begin(kSkips), std::end(kSkips), [&](const Skip& skip) {
    return skip.file == file && skip.group == group &&
           (skip.test_case.empty() || skip.test_case == test_case);
  });
  return found == std::end(kSkips) ? nullptr : &*found;
}

// Schemas are always compiled from Poco's parse. `rapid_group` is the same group parsed by
// RapidJSON, whose case data (at the same index) is validated in the RapidJSON run; null in the
// Poco run.
void runGroup(std::string_view file, const Poco::JSON::Object& group,
              const rapidjson::Value* rapid_group, SuiteCounts& counts,
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
  for (unsigned index = 0; index < cases->size(); ++index) {
    const auto& test = *cases->getObject(index);
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
    const rapidjson::Value* rapid_data =
        rapid_group == nullptr ? nullptr : &(*rapid_group)["tests"][index]["data"];
    const auto [verdict, result] = check(*schema, test, rapid_data);
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

class JsonSchemaTestSuite : public testing::OnBothRepresentations {};

INSTANTIATE_TEST_SUITE_P(Both, JsonSchemaTestSuite, testing::representations(),
                         testing::representationName);

TEST_P(JsonSchemaTestSuite, SupportedKeywordsGiveTheSuiteVerdicts) {
  ASSERT_TRUE(std::filesystem::is_directory(kSuiteDirectory))
      << kSuiteDirectory << " is missing: run packaging/setup-deps.sh --test";
  SuiteCounts counts;
  std::vector<const Skip*> used_skips;
  for (const std::string_view file : kSupportedFiles) {
    const auto path = std::filesystem::path(kSuiteDirectory) / file;
    ASSERT_TRUE(std::filesystem::is_regular_file(path)) << path << " is missing";
    const std::string text = readFile(path);
    const auto groups = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Array::Ptr>();
    rapidjson::Document rapid_groups;
    if (GetParam() == Representation::RapidJson) testing::parseRapidJson(text, rapid_groups);
    for (unsigned index = 0; index < groups->size(); ++index) {
      const rapidjson::Value* rapid_group =
          GetParam() == Representation::RapidJson ? &rapid_groups[index] : nullptr;
      runGroup(file, *groups->getObject(index), rapid_group, counts, used_skips);
    }
  }
  for (const Skip& skip : kSkips) {
    EXPECT_NE(std::find(used_skips.begin(), used_skips.end(), &skip), used_skips.end())
        << "stale skip entry: " << skip.file << " / " << skip.group;
  }
  std::cout << "[ suite    ] draft7 (" << testing::representationName({GetParam(), 0})
            << "): " << counts.run << " cases run, " << counts.passed << " passed, "
            << counts.skipped << " skipped (" << std::size(kSkips) << " skip entries), "
            << std::size(kSupportedFiles) << " files\n";
  EXPECT_EQ(counts.passed, counts.run);
  EXPECT_GT(counts.run, 300);
}

}  // namespace
}  // namespace orchestra::schema
