// What goes wrong with a template: a parse error (at save time, with the byte offset the studio
// underlines) or an evaluation error (at run time, naming the path that could not be read).
#pragma once

#include <cstddef>
#include <string>

namespace orchestra::runtime {

struct TemplateParseError {
  std::size_t offset = 0;  // bytes from the start of the template text
  std::string message;     // "unknown root 'trigers' (did you mean 'trigger'?)"

  // "<message> at offset <offset>", for a 422 or a log line.
  std::string describe() const { return message + " at offset " + std::to_string(offset); }
  bool operator==(const TemplateParseError&) const = default;
};

struct TemplateEvaluationError {
  std::string path;     // the expression as written: nodes.fetch.output.body.title
  std::string message;  // 'body' has no member 'title'

  // "<path>: <message>"; just the message when no single path is at fault (output too large).
  std::string describe() const { return path.empty() ? message : path + ": " + message; }
  bool operator==(const TemplateEvaluationError&) const = default;
};

}  // namespace orchestra::runtime
