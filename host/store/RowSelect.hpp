// One SELECT read row by row through a repository's column binder (a `Columns` type with
// bindInto(statement) and row()): the loop every row-mapping repository shares.
#pragma once

#include <Poco/Data/Session.h>
#include <Poco/Data/Statement.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/store/Dialect.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::store {

// Runs `portable_sql` with `parameters` bound in order, one row per fetch. Errors: StoreError
// saying `what` ("cannot read agents").
template <class Columns>
auto selectRows(const Dialect& dialect, Poco::Data::Session& session,
                const std::string& portable_sql, std::vector<std::string>& parameters,
                std::string_view what) {
  std::vector<decltype(std::declval<Columns&>().row())> rows;
  Columns row_columns;
  Poco::Data::Statement statement(session);
  statement << dialect.sql(portable_sql);
  for (auto& parameter : parameters)
    statement, Poco::Data::Keywords::use(parameter);
  row_columns.bindInto(statement);
  statement, Poco::Data::Keywords::range(0, 1);
  translatingErrors(dialect, what, [&] {
    while (!statement.done()) {
      if (statement.execute() == 0) break;
      rows.push_back(row_columns.row());
    }
  });
  return rows;
}

}  // namespace orchestra::store
