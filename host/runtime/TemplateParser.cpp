#include "host/runtime/TemplateParser.hpp"

#include <array>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "host/text/EditDistance.hpp"

namespace orchestra::runtime {

namespace {

// Thrown inside the parser only, to unwind to parseTemplate with the first problem found.
struct ParseFailure {
  TemplateParseError error;
};

[[noreturn]] void fail(std::size_t offset, std::string message) {
  throw ParseFailure{{offset, std::move(message)}};
}

bool isSpace(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}
bool isNameStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool isNameChar(char c) {
  return isNameStart(c) || isDigit(c);
}

// A byte as a studio user can read it in a message.
std::string describeByte(char c) {
  if (c > ' ' && c < 0x7f) return std::string("'") + c + "'";
  if (c == ' ') return "a space";
  std::array<char, 16> hex{};
  std::snprintf(hex.data(), hex.size(), "byte 0x%02X", static_cast<unsigned char>(c));
  return hex.data();
}

std::string unknownRootMessage(std::string_view name) {
  std::string_view closest;
  std::size_t closest_edits = 3;  // suggest only within two edits
  for (const std::string_view root : rootNames()) {
    const std::size_t edits = text::editDistance(name, root);
    if (edits < closest_edits) {
      closest_edits = edits;
      closest = root;
    }
  }
  std::string message = "unknown root '" + std::string(name) + "'";
  if (!closest.empty()) return message + " (did you mean '" + std::string(closest) + "'?)";
  const auto roots = rootNames();
  message += " (expected ";
  for (std::size_t i = 0; i < roots.size(); ++i) {
    if (i > 0) message += i + 1 == roots.size() ? " or " : ", ";
    message += roots[i];
  }
  return message + ")";
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  std::vector<TemplatePart> parse() {
    std::size_t position = 0;
    std::size_t expressions = 0;
    while (position < text_.size()) {
      const std::size_t open = text_.find("{{", position);
      if (open == std::string_view::npos) {
        appendLiteral(text_.substr(position));
        break;
      }
      const bool escaped = open > position && text_[open - 1] == '\\';
      const bool escaped_backslash = escaped && open - 1 > position && text_[open - 2] == '\\';
      if (escaped && !escaped_backslash) {  // \{{ is a literal {{
        appendLiteral(text_.substr(position, open - 1 - position));
        appendLiteral("{{");
        position = open + 2;
        continue;
      }
      // Before an expression, \\ stands for one backslash: drop the escaping one.
      appendLiteral(text_.substr(position, open - position - (escaped_backslash ? 1 : 0)));
      if (++expressions > kMaxExpressionsPerTemplate) {
        fail(open, "more than " + std::to_string(kMaxExpressionsPerTemplate) +
                       " expressions in one template");
      }
      position = parseExpression(open);
    }
    return std::move(parts_);
  }

 private:
  void appendLiteral(std::string_view literal) {
    if (literal.empty()) return;
    if (!parts_.empty()) {
      if (auto* text = std::get_if<std::string>(&parts_.back())) {
        text->append(literal);
        return;
      }
    }
    parts_.emplace_back(std::string(literal));
  }

  char at(std::size_t position) const { return position < text_.size() ? text_[position] : '\0'; }

  // Everything between `{{` at `open` and its `}}`; returns the position after the `}}`.
  std::size_t parseExpression(std::size_t open) {
    open_ = open;
    std::size_t position = skipSpaces(open + 2);
    if (text_.compare(position, 2, "}}") == 0) fail(open, "empty expression");
    const std::size_t start = position;
    Expression expression;
    expression.offset = open;
    expression.root = parseRoot(position);
    while (position < text_.size() && (text_[position] == '.' || text_[position] == '[')) {
      if (expression.steps.size() == kMaxPathSteps) {
        fail(position, "more than " + std::to_string(kMaxPathSteps) + " path segments");
      }
      expression.steps.push_back(text_[position] == '.' ? parseDotStep(position)
                                                        : parseBracketStep(position));
    }
    expression.source = std::string(text_.substr(start, position - start));
    position = skipSpaces(position);
    if (text_[position] == '}' && at(position + 1) != '}') {
      fail(position, "expected '}}' to close the '{{' at offset " + std::to_string(open) +
                         ", found a single '}'");
    }
    if (text_.compare(position, 2, "}}") != 0) {
      fail(position, "unexpected " + describeByte(text_[position]) +
                         " in expression (expected '.', '[' or '}}')");
    }
    if (position + 2 - open > kMaxExpressionBytes) {
      fail(open, "expression longer than " + std::to_string(kMaxExpressionBytes) + " bytes");
    }
    checkShape(expression, start);
    parts_.emplace_back(std::move(expression));
    return position + 2;
  }

  // Stops at the end of the text with "unclosed", and at the length limit.
  std::size_t checkBounds(std::size_t position) const {
    if (position >= text_.size()) fail(open_, "unclosed '{{'");
    if (position - open_ >= kMaxExpressionBytes) {
      fail(open_, "expression longer than " + std::to_string(kMaxExpressionBytes) + " bytes");
    }
    return position;
  }

  std::size_t skipSpaces(std::size_t position) const {
    while (checkBounds(position) < text_.size() && isSpace(text_[position]))
      ++position;
    return position;
  }

  std::string_view parseName(std::size_t& position) {
    const std::size_t start = position;
    while (isNameChar(at(checkBounds(position))))
      ++position;
    return text_.substr(start, position - start);
  }

  ExpressionRoot parseRoot(std::size_t& position) {
    if (!isNameStart(text_[position])) {
      fail(position,
           "expected a name such as 'trigger' or 'nodes', found " + describeByte(text_[position]));
    }
    const std::size_t start = position;
    const std::string_view name = parseName(position);
    const auto root = rootNamed(name);
    if (!root) fail(start, unknownRootMessage(name));
    return *root;
  }

  PathStep parseDotStep(std::size_t& position) {
    const std::size_t start = ++position;
    const char first = at(checkBounds(position));
    if (isDigit(first))
      fail(start, "a name cannot start with a digit; write [n] to index an array");
    if (!isNameStart(first)) fail(start, "expected a name after '.', found " + describeByte(first));
    PathStep step{PathStep::Kind::Key, std::string(parseName(position)), 0};
    if (at(position) == '-') refuseDashedName(start);
    return step;
  }

  // `.http-1` reads as a subtraction in most languages; the quoted form says what is meant.
  [[noreturn]] void refuseDashedName(std::size_t start) const {
    std::size_t end = start;
    while (end < text_.size() && (isNameChar(text_[end]) || text_[end] == '-'))
      ++end;
    const std::string name(text_.substr(start, end - start));
    fail(start, "'" + name + "' contains '-': write [\"" + name + "\"] instead of ." + name);
  }

  PathStep parseBracketStep(std::size_t& position) {
    const std::size_t bracket = position++;
    const char first = at(checkBounds(position));
    PathStep step;
    if (isDigit(first)) {
      step.kind = PathStep::Kind::Index;
      step.index = parseIndex(position);
    } else if (first == '"' || first == '\'') {
      step.key = parseQuoted(position);
    } else if (first == '-') {
      fail(position, "an index cannot be negative");
    } else {
      fail(position, "expected an index or a quoted key after '[', found " + describeByte(first));
    }
    if (at(checkBounds(position)) != ']') {
      fail(position, "expected ']' to close the '[' at offset " + std::to_string(bracket) +
                         ", found " + describeByte(text_[position]));
    }
    ++position;
    return step;
  }

  std::size_t parseIndex(std::size_t& position) {
    constexpr std::size_t kMaxIndexDigits = 9;
    const std::size_t start = position;
    std::size_t index = 0;
    while (isDigit(at(checkBounds(position)))) {
      if (position - start == kMaxIndexDigits) fail(start, "index too large");
      index = index * 10 + static_cast<std::size_t>(text_[position] - '0');
      ++position;
    }
    return index;
  }

  std::string parseQuoted(std::size_t& position) {
    const std::size_t quote_offset = position;
    const char quote = text_[position++];
    std::string key;
    while (true) {
      if (position >= text_.size()) fail(quote_offset, "unclosed quoted key");
      checkBounds(position);
      const char c = text_[position++];
      if (c == quote) return key;
      if (c == '\\' && position < text_.size()) {
        key.push_back(text_[position++]);
      } else {
        key.push_back(c);
      }
    }
  }

  // Rules that depend on the root: which steps must follow it.
  static void checkShape(const Expression& expression, std::size_t start) {
    const bool named_first = !expression.steps.empty() &&
                             expression.steps.front().kind == PathStep::Kind::Key &&
                             !expression.steps.front().key.empty();
    switch (expression.root) {
      case ExpressionRoot::Nodes:
        if (!named_first)
          fail(start, "nodes must be followed by a node id: nodes.<id> or nodes[\"<id>\"]");
        break;
      case ExpressionRoot::Env:
      case ExpressionRoot::Secrets: {
        const std::string root(rootName(expression.root));
        if (!named_first || expression.steps.size() != 1) {
          fail(start, root + " takes exactly one name: " + root + ".NAME");
        }
        break;
      }
      default:
        break;
    }
  }

  std::string_view text_;
  std::size_t open_ = 0;  // the `{{` of the expression being parsed
  std::vector<TemplatePart> parts_;
};

}  // namespace

ParsedTemplate parseTemplate(std::string_view text) {
  if (text.size() > kMaxTemplateBytes) {
    return {std::nullopt,
            TemplateParseError{0, "template is " + std::to_string(text.size()) +
                                      " bytes; the limit is " + std::to_string(kMaxTemplateBytes)}};
  }
  try {
    return {CompiledTemplate(Parser(text).parse()), std::nullopt};
  } catch (const ParseFailure& failure) {
    return {std::nullopt, failure.error};
  }
}

}  // namespace orchestra::runtime
