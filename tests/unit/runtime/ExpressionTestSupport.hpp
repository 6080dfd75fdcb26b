// Helpers for the expression tests: parse-or-fail shortcuts and one evaluation context with a
// trigger, two node results, an environment and a secret, built from JSON text.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/runtime/TemplateParser.hpp"
#include "tests/unit/schema/SchemaTestSupport.hpp"

namespace orchestra::runtime::testing {

using schema::testing::json;
using schema::testing::text;

inline CompiledTemplate compiled(std::string_view template_text) {
  ParsedTemplate parsed = parseTemplate(template_text);
  EXPECT_TRUE(parsed.ok()) << "parse error: " << parsed.error->describe();
  return parsed.ok() ? std::move(*parsed.compiled) : CompiledTemplate({});
}

inline TemplateParseError parseError(std::string_view template_text) {
  ParsedTemplate parsed = parseTemplate(template_text);
  EXPECT_FALSE(parsed.ok()) << "parsed although it should not: " << template_text;
  return parsed.ok() ? TemplateParseError{} : *parsed.error;
}

class ExpressionContext {
 public:
  ExpressionContext() {
    context_.trigger = &trigger_;
    context_.node_result = [this](const std::string& id) -> const Poco::Dynamic::Var* {
      const auto found = nodes_.find(id);
      return found == nodes_.end() ? nullptr : &found->second;
    };
    context_.environment = &environment_;
    context_.allowed_environment = allowed_environment_;
    context_.resolve_secret = [this](const std::string& name) -> std::optional<std::string> {
      secrets_asked_.push_back(name);
      if (name == "API_KEY") return "sk-1";
      return std::nullopt;
    };
  }
  ExpressionContext(const ExpressionContext&) = delete;  // the callbacks capture `this`
  ExpressionContext& operator=(const ExpressionContext&) = delete;

  const EvaluationContext& get() const { return context_; }
  EvaluationContext& get() { return context_; }
  const std::vector<std::string>& secretsAsked() const { return secrets_asked_; }

  // A single-expression or mixed template evaluated against this context.
  TemplateValue evaluate(std::string_view template_text) const {
    return compiled(template_text).evaluate(context_);
  }
  // The evaluation error of `template_text`, described as a studio user would read it.
  std::string failure(std::string_view template_text) const {
    const TemplateValue value = evaluate(template_text);
    EXPECT_FALSE(value.ok()) << "evaluated although it should not: " << template_text;
    return value.ok() ? std::string() : value.error->describe();
  }

 private:
  Poco::Dynamic::Var trigger_ = json(R"({"data": {
      "email": "ann@example.com", "count": 3, "ratio": 1.5, "ok": true, "none": null,
      "tags": ["x", "y"], "profile": {"name": "Ann"}}})");
  std::map<std::string, Poco::Dynamic::Var> nodes_ = {
      {"fetch", json(R"({"output": {"status": 200, "body": {"title": "Hi",
                         "items": [{"id": 7}, {"id": 8}]}}})")},
      {"http-1", json(R"({"output": "plain text"})")},
  };
  config::Environment environment_{{"REGION", "eu-west"}, {"DATABASE_PASSWORD", "hunter2"}};
  std::vector<std::string> allowed_environment_ = {"REGION", "UNSET_BUT_ALLOWED"};
  std::vector<std::string> secrets_asked_;
  EvaluationContext context_;
};

}  // namespace orchestra::runtime::testing
