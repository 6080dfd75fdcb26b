// A config string parsed once into literal text and expressions, then evaluated for every node
// run without looking at the text again. Build one with parseTemplate (TemplateParser.hpp).
#pragma once

#include <Poco/Dynamic/Var.h>

#include <cstddef>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "host/runtime/EvaluationContext.hpp"
#include "host/runtime/Expression.hpp"
#include "host/runtime/ExpressionErrors.hpp"

namespace orchestra::runtime {

// A rendered string larger than this is an evaluation error: a template referencing a big value
// many times must not exhaust memory.
inline constexpr std::size_t kMaxRenderedBytes = std::size_t{16} * 1024 * 1024;

// Literal text (escapes already undone) or an expression, in template order.
using TemplatePart = std::variant<std::string, Expression>;

// What a template reads, for the graph validator: "references a node that is not upstream",
// "item used outside a loop", "env.NAME is not allowed".
struct TemplateReference {
  ExpressionRoot root = ExpressionRoot::Trigger;
  std::string name;        // node id (nodes), variable name (env, secrets); else empty
  std::size_t offset = 0;  // of the `{{` in the template text
  bool operator==(const TemplateReference&) const = default;
};

struct TemplateValue {
  Poco::Dynamic::Var value;  // meaningful only when there is no error
  std::optional<TemplateEvaluationError> error;
  bool ok() const { return !error.has_value(); }
};

struct TemplateText {
  std::string text;  // meaningful only when there is no error
  std::optional<TemplateEvaluationError> error;
  bool ok() const { return !error.has_value(); }
};

// Immutable once built: evaluate and renderText are const and safe on many threads at once.
class CompiledTemplate {
 public:
  // Adjacent literals must already be merged (the parser does); expressions are kept as given.
  explicit CompiledTemplate(std::vector<TemplatePart> parts);

  // Exactly one `{{ expr }}` and no text around it: evaluate() then keeps the value's type.
  bool isSingleExpression() const;
  // No expressions at all (the text only had escapes such as `\{{`): evaluates to that text.
  bool isLiteral() const;
  const std::vector<TemplatePart>& parts() const { return parts_; }
  std::vector<TemplateReference> references() const;

  // A single expression evaluates to the referenced JSON value itself (an object stays an
  // object, a number a number; containers are shared with the context, not copied). Anything
  // else renders to a string, as renderText does.
  TemplateValue evaluate(const EvaluationContext& context) const;

  // Always a string: literal text with each value appended: strings as they are, numbers and
  // booleans as JSON, objects and arrays as compact JSON, null as nothing.
  TemplateText renderText(const EvaluationContext& context) const;

 private:
  std::vector<TemplatePart> parts_;
  std::size_t literal_bytes_ = 0;  // to reserve the rendered string at once
};

}  // namespace orchestra::runtime
