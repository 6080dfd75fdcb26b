#include "host/api/StoreFailureResponses.hpp"

#include "host/observability/Logger.hpp"
#include "host/store/StoreError.hpp"

namespace orchestra::api {

std::optional<errors::ApiError> apiErrorForStoreFailure(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const store::StoreError& failure) {
    const char* detail = nullptr;
    switch (failure.kind()) {
      case store::StoreErrorKind::Unavailable:
        detail = "The database is unavailable; retry shortly";
        break;
      case store::StoreErrorKind::TransactionConflict:
        detail = "The change collided with another one; retry it";
        break;
      default:
        return std::nullopt;
    }
    observability::logWarning("store", "request answered 503", {{"error", failure.what()}});
    return errors::ApiError(503, detail).withHeader("Retry-After", "1");
  } catch (...) {
    return std::nullopt;
  }
}

}  // namespace orchestra::api
