// How the database's own failures read over HTTP, for every route: a database that cannot be
// reached (or a pool that stayed exhausted) and a transaction the database rolled back as a
// deadlock's victim are worth a retry (503 with Retry-After), not an "internal error".
#pragma once

#include <exception>
#include <optional>

#include "host/errors/ApiError.hpp"

namespace orchestra::api {

// For http::DispatcherOptions::translate_exception: nullopt for anything that is not such a
// store::StoreError (the dispatcher's 500 stays, with the cause in the log).
std::optional<errors::ApiError> apiErrorForStoreFailure(const std::exception_ptr& error);

}  // namespace orchestra::api
