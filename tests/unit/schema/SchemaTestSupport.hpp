// Small helpers for the schema tests: JSON text to a Poco value and back, so each test can be
// written as schema text, instance text and the expected outcome; and the same text parsed into
// either representation the validator reads (Poco::JSON or RapidJSON), so one test runs on both.
#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

#include "host/schema/Schema.hpp"

namespace orchestra::schema::testing {

// Any JSON text, scalars included (Poco's parser accepts only an object or array at the top).
inline Poco::Dynamic::Var json(std::string_view text) {
  const Poco::Dynamic::Var wrapped = Poco::JSON::Parser().parse("[" + std::string(text) + "]");
  return wrapped.extract<Poco::JSON::Array::Ptr>()->get(0);
}

// Compact JSON with object members in key order, for comparing whole documents.
inline std::string text(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::condense(value, out);
  return out.str();
}

// Full precision, so that every decimal becomes the double Poco's parser makes of it.
inline void parseRapidJson(std::string_view text, rapidjson::Document& document) {
  document.Parse<rapidjson::kParseFullPrecisionFlag>(text.data(), text.size());
  if (document.HasParseError()) {
    throw std::invalid_argument(std::string("not JSON: ") +
                                rapidjson::GetParseError_En(document.GetParseError()));
  }
}

// Compact JSON of a RapidJSON value as written (members in document order, duplicates kept).
inline std::string rapidJsonText(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

enum class Representation { Poco, RapidJson };

inline std::string representationName(const ::testing::TestParamInfo<Representation>& info) {
  return info.param == Representation::Poco ? "Poco" : "RapidJson";
}

// One instance, parsed from text into the representation under test.
class Instance {
 public:
  static constexpr std::size_t kDeepestFilledDocument = 1024;

  Instance(std::string_view text, Representation representation) : representation_(representation) {
    if (representation == Representation::Poco) {
      poco_ = json(text);
    } else {
      parseRapidJson(text, rapid_);
    }
  }

  ValidationResult validateAgainst(const Schema& schema) const {
    return representation_ == Representation::Poco ? schema.validate(poco_)
                                                   : schema.validate(rapid_);
  }
  bool isValidAgainst(const Schema& schema) const {
    return representation_ == Representation::Poco ? schema.isValid(poco_) : schema.isValid(rapid_);
  }
  // Fills in the schema's defaults the way the HTTP dispatcher does (in place) and returns the
  // result as text(): compact, members in name order, for comparing across representations.
  std::string fillDefaults(const Schema& schema) {
    if (representation_ == Representation::Poco) {
      schema.applyDefaultsInPlace(poco_);
      return text(poco_);
    }
    schema.applyDefaultsInPlace(rapid_, rapid_.GetAllocator());
    // Read back by Poco, deeper than its default limit (a recursive default nests past 128).
    Poco::JSON::Parser parser;
    parser.setDepth(kDeepestFilledDocument);
    return text(parser.parse(rapidJsonText(rapid_)));
  }

 private:
  Representation representation_;
  Poco::Dynamic::Var poco_;
  rapidjson::Document rapid_;
};

// A fixture whose tests run once per representation (instantiate with representations()).
class OnBothRepresentations : public ::testing::TestWithParam<Representation> {
 protected:
  Instance instance(std::string_view text) const { return {text, GetParam()}; }
};

inline auto representations() {
  return ::testing::Values(Representation::Poco, Representation::RapidJson);
}

}  // namespace orchestra::schema::testing
