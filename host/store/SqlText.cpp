#include "host/store/SqlText.hpp"

#include <cctype>
#include <functional>

#include "host/store/StoreError.hpp"

namespace orchestra::store {
namespace {

bool isIdentifierChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '$';
}

bool isIdentifierStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// Walks `sql` and calls `on_code(position)` for every character outside literals, quoted
// identifiers, comments and dollar-quoted bodies. One scanner for both jobs keeps the two
// views of "what is code" from drifting apart.
void forEachCodeChar(std::string_view sql, const std::function<void(std::size_t)>& on_code) {
  const std::size_t size = sql.size();
  std::size_t i = 0;
  auto unterminated = [&](std::string_view what) {
    throw StoreError("unterminated " + std::string(what) + " in SQL text");
  };
  while (i < size) {
    const char c = sql[i];
    const char next = i + 1 < size ? sql[i + 1] : '\0';
    if (c == '-' && next == '-') {
      const std::size_t end = sql.find('\n', i);
      i = end == std::string_view::npos ? size : end;
      continue;
    }
    if (c == '/' && next == '*') {
      // PostgreSQL nests block comments; SQLite does not, but nested ones never occur there.
      int depth = 1;
      i += 2;
      while (i < size && depth > 0) {
        if (sql[i] == '/' && i + 1 < size && sql[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (sql[i] == '*' && i + 1 < size && sql[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      }
      if (depth > 0) unterminated("block comment");
      continue;
    }
    if (c == '\'' || c == '"') {
      // E'...' strings let a backslash escape the quote; everywhere else a quote is doubled.
      const bool backslash_escapes = c == '\'' && i > 0 &&
                                     (sql[i - 1] == 'E' || sql[i - 1] == 'e') &&
                                     (i < 2 || !isIdentifierChar(sql[i - 2]));
      ++i;
      bool closed = false;
      while (i < size) {
        if (backslash_escapes && sql[i] == '\\') {
          i += 2;
          continue;
        }
        if (sql[i] == c) {
          if (i + 1 < size && sql[i + 1] == c) {
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        ++i;
      }
      if (!closed) unterminated(c == '\'' ? "string literal" : "quoted identifier");
      continue;
    }
    if (c == '$' && (i == 0 || !isIdentifierChar(sql[i - 1])) &&
        (next == '$' || isIdentifierStart(next))) {
      std::size_t tag_end = i + 1;
      while (tag_end < size && sql[tag_end] != '$' && isIdentifierChar(sql[tag_end]))
        ++tag_end;
      if (tag_end < size && sql[tag_end] == '$') {
        const std::string_view tag = sql.substr(i, tag_end - i + 1);
        const std::size_t close = sql.find(tag, tag_end + 1);
        if (close == std::string_view::npos) unterminated("dollar-quoted body");
        i = close + tag.size();
        continue;
      }
    }
    on_code(i);
    ++i;
  }
}

std::string_view trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin])) != 0)
    ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1])) != 0)
    --end;
  return text.substr(begin, end - begin);
}

int lineOf(std::string_view script, std::size_t position) {
  int line = 1;
  for (std::size_t i = 0; i < position && i < script.size(); ++i) {
    if (script[i] == '\n') ++line;
  }
  return line;
}

}  // namespace

std::vector<SqlStatement> splitSqlStatements(std::string_view script) {
  std::vector<SqlStatement> statements;
  std::size_t start = 0;
  // Whether the current piece holds code, not only comments: a trailing comment after the last
  // ';' must not become an empty statement.
  bool has_code = false;
  std::size_t first_code = 0;
  auto finish = [&](std::size_t end) {
    if (has_code) {
      const std::string_view piece = trim(script.substr(start, end - start));
      statements.push_back({std::string(piece), lineOf(script, first_code)});
    }
    has_code = false;
  };
  forEachCodeChar(script, [&](std::size_t i) {
    if (script[i] == ';') {
      finish(i);
      start = i + 1;
    } else if (std::isspace(static_cast<unsigned char>(script[i])) == 0) {
      if (!has_code) first_code = i;
      has_code = true;
    }
  });
  finish(script.size());
  // A piece can start with a comment; its line is where its code begins, which is what an
  // error message should point at.
  return statements;
}

std::string rewritePlaceholdersToDollar(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  std::size_t copied = 0;
  int number = 0;
  forEachCodeChar(sql, [&](std::size_t i) {
    if (sql[i] != '?') return;
    out.append(sql.substr(copied, i - copied));
    out += '$';
    out += std::to_string(++number);
    copied = i + 1;
  });
  out.append(sql.substr(copied));
  return out;
}

}  // namespace orchestra::store
