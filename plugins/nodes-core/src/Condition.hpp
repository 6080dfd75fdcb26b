// One comparison "left <operator> right" over concrete JSON values, shared by core.if and
// core.switch; the runtime has already resolved the {{ expressions }} that produced the values.
#pragma once

#include <string>
#include <string_view>

#include "ConfigReader.hpp"
#include "orchestra/sdk/Json.hpp"

namespace orchestra::plugins::core {

enum class ConditionOperator {
  Eq,
  Ne,
  Gt,
  Gte,
  Lt,
  Lte,
  Contains,
  StartsWith,
  EndsWith,
  IsEmpty,
  IsNotEmpty,
  Matches,
};

class Condition {
 public:
  // std::regex recurses per character; these bounds keep a hostile pattern or a huge input
  // from exhausting a worker thread's stack or CPU.
  static constexpr size_t kMaxPatternBytes = 512;
  static constexpr size_t kMaxRegexSubjectBytes = size_t{16} * 1024;

  // `config` is {"left":…, "operator":"eq", "right":…, "case_sensitive":true}. At create time
  // a literal regex is compiled once so a bad pattern is refused before any run.
  static Condition parse(const sdk::Json& config, ConfigPhase phase, std::string_view where);

  // The JSON Schema of the object parse() reads (embedded by if and switch).
  static std::string schema();

  // Throws sdk::Error::validation when the operands cannot be compared with the operator
  // (e.g. "gt" between an object and a number, "matches" on a non-string).
  bool evaluate() const;

  ConditionOperator op() const { return op_; }

 private:
  bool compareEqual() const;
  int compareOrdered() const;
  bool evaluateText() const;
  bool evaluateContains() const;
  bool evaluateMatches() const;

  sdk::Json left_;
  sdk::Json right_;
  ConditionOperator op_ = ConditionOperator::Eq;
  std::string operator_name_;
  bool case_sensitive_ = true;
  std::string where_;
};

}  // namespace orchestra::plugins::core
