#include "host/runtime/CompiledTemplate.hpp"

#include <algorithm>
#include <utility>

#include "host/runtime/PathResolver.hpp"
#include "host/schema/JsonValue.hpp"

namespace orchestra::runtime {

namespace {

using Poco::Dynamic::Var;

void appendValue(std::string& out, const Var& value) {
  switch (schema::jsonKind(value)) {
    case schema::JsonKind::Null:
      return;  // "Hello {{ trigger.data.name }}" with a null name reads "Hello ", not "Hello null"
    case schema::JsonKind::String:
      out += value.extract<std::string>();
      return;
    default:
      out += schema::describeValue(value);  // numbers, booleans, compact JSON containers
  }
}

}  // namespace

CompiledTemplate::CompiledTemplate(std::vector<TemplatePart> parts) : parts_(std::move(parts)) {
  for (const TemplatePart& part : parts_) {
    if (const auto* literal = std::get_if<std::string>(&part)) literal_bytes_ += literal->size();
  }
}

bool CompiledTemplate::isSingleExpression() const {
  return parts_.size() == 1 && std::holds_alternative<Expression>(parts_.front());
}

bool CompiledTemplate::isLiteral() const {
  return std::none_of(parts_.begin(), parts_.end(), [](const TemplatePart& part) {
    return std::holds_alternative<Expression>(part);
  });
}

std::vector<TemplateReference> CompiledTemplate::references() const {
  std::vector<TemplateReference> references;
  for (const TemplatePart& part : parts_) {
    const auto* expression = std::get_if<Expression>(&part);
    if (!expression) continue;
    const bool named = expression->root == ExpressionRoot::Nodes ||
                       expression->root == ExpressionRoot::Env ||
                       expression->root == ExpressionRoot::Secrets;
    references.push_back({expression->root, named ? expression->steps.front().key : std::string(),
                          expression->offset});
  }
  return references;
}

TemplateValue CompiledTemplate::evaluate(const EvaluationContext& context) const {
  if (!isSingleExpression()) {
    TemplateText rendered = renderText(context);
    if (!rendered.ok()) return {Var(), std::move(rendered.error)};
    return {Var(rendered.text), std::nullopt};  // Poco 1.11's Var copies what it is given
  }
  const auto& expression = std::get<Expression>(parts_.front());
  Var scratch;
  std::string problem;
  const Var* value = resolvePath(expression, context, scratch, problem);
  if (!value) return {Var(), TemplateEvaluationError{expression.source, std::move(problem)}};
  TemplateValue result;
  if (value == &scratch) {
    result.value.swap(scratch);  // an env or secret string: Poco 1.11's Var cannot be moved
  } else {
    result.value = *value;
  }
  return result;
}

TemplateText CompiledTemplate::renderText(const EvaluationContext& context) const {
  TemplateText result;
  result.text.reserve(literal_bytes_ + 16 * parts_.size());
  Var scratch;
  std::string problem;
  for (const TemplatePart& part : parts_) {
    if (const auto* literal = std::get_if<std::string>(&part)) {
      result.text += *literal;
      continue;
    }
    const auto& expression = std::get<Expression>(part);
    const Var* value = resolvePath(expression, context, scratch, problem);
    if (!value) {
      result.error = TemplateEvaluationError{expression.source, std::move(problem)};
      return result;
    }
    appendValue(result.text, *value);
    if (result.text.size() > kMaxRenderedBytes) {
      result.error = TemplateEvaluationError{
          "", "rendered text is larger than " + std::to_string(kMaxRenderedBytes) + " bytes"};
      return result;
    }
  }
  return result;
}

}  // namespace orchestra::runtime
