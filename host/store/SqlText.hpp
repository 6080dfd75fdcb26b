// Reading SQL text without parsing it: where the code is (outside string literals, quoted
// identifiers, comments and PostgreSQL dollar-quoted bodies), so `?` and `;` are found safely.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace orchestra::store {

struct SqlStatement {
  std::string text;    // without the terminating ';', trimmed
  int first_line = 1;  // 1-based line of the statement's first character in the script
};

// Splits a script at top-level semicolons; pieces holding only whitespace and comments are
// dropped. Throws StoreError when a literal, quoted identifier or comment never ends.
std::vector<SqlStatement> splitSqlStatements(std::string_view script);

// Rewrites each top-level `?` to `$1`, `$2`, ... (PostgreSQL's positional parameters). A `?`
// inside literals and comments stays. PostgreSQL's jsonb operators `?`, `?|` and `?&` would be
// rewritten too: write jsonb_exists(), jsonb_exists_any(), jsonb_exists_all() instead.
std::string rewritePlaceholdersToDollar(std::string_view sql);

}  // namespace orchestra::store
