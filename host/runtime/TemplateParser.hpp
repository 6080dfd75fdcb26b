// Parses the studio's template syntax into a CompiledTemplate. The grammar (no code runs, only
// references to data are allowed):
//
//   template := { text | "\{{" | "\\{{" | "{{" ws expr ws "}}" }
//                 "\{{" is a literal "{{"; "\\{{" is a literal "\" followed by an expression;
//                 any other "\" and any lone "{", "}" or "}}" are literal text
//   expr     := root { "." name | "[" index "]" | "[" quoted "]" }      (no spaces inside)
//   root     := "trigger" | "nodes" | "item" | "execution" | "workflow" | "env" | "secrets"
//   name     := [A-Za-z_][A-Za-z0-9_]*      ("nodes.http-1" is refused: write nodes["http-1"])
//   index    := [0-9]{1,9}
//   quoted   := '"' { char | "\" char } '"' | "'" { char | "\" char } "'"
//   ws       := { " " | "\t" | "\r" | "\n" }
//
// nodes must be followed by a node id (nodes.fetch, nodes["http-1"]); env and secrets by exactly
// one variable name and nothing else. Text between expressions is copied byte for byte, so NUL
// bytes and invalid UTF-8 pass through unchanged. Offsets in errors count bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "host/runtime/CompiledTemplate.hpp"
#include "host/runtime/ExpressionErrors.hpp"

namespace orchestra::runtime {

// Bounds that keep a hostile template cheap to refuse; parse errors name them.
inline constexpr std::size_t kMaxTemplateBytes = std::size_t{1024} * 1024;
inline constexpr std::size_t kMaxExpressionBytes = 1024;  // from `{{` to `}}` inclusive
inline constexpr std::size_t kMaxPathSteps = 32;
inline constexpr std::size_t kMaxExpressionsPerTemplate = 1000;

struct ParsedTemplate {
  std::optional<CompiledTemplate> compiled;  // set when the text is valid
  std::optional<TemplateParseError> error;   // else the first problem found
  bool ok() const { return compiled.has_value(); }
};

ParsedTemplate parseTemplate(std::string_view text);

// True when `text` needs parsing at all; strings without "{{" are plain values.
inline bool looksLikeTemplate(std::string_view text) {
  return text.find("{{") != std::string_view::npos;
}

}  // namespace orchestra::runtime
