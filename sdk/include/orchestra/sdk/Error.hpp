// The one exception type plugin code throws to fail an operation with a status and error class;
// the SDK's trampolines turn it (and any other exception) into an ABI status, never a crash.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

#include "orchestra/abi.h"

namespace orchestra::sdk {

enum class ErrorClass : orc_error_class {
  None = ORC_ERROR_CLASS_NONE,
  Transient = ORC_ERROR_CLASS_TRANSIENT,
  Permanent = ORC_ERROR_CLASS_PERMANENT,
  Validation = ORC_ERROR_CLASS_VALIDATION,
};

inline const char* statusName(orc_status status) {
  switch (status) {
    case ORC_OK:
      return "ok";
    case ORC_ERR_INVALID_ARGUMENT:
      return "invalid argument";
    case ORC_ERR_NOT_FOUND:
      return "not found";
    case ORC_ERR_ALREADY_EXISTS:
      return "already exists";
    case ORC_ERR_UNSUPPORTED:
      return "unsupported";
    case ORC_ERR_CANCELLED:
      return "cancelled";
    case ORC_ERR_TIMEOUT:
      return "timeout";
    case ORC_ERR_NO_MEMORY:
      return "out of memory";
    case ORC_ERR_PERMISSION_DENIED:
      return "permission denied";
    case ORC_ERR_UNAVAILABLE:
      return "unavailable";
    case ORC_ERR_VERSION:
      return "ABI version mismatch";
    case ORC_ERR_CLOSED:
      return "closed";
    case ORC_ERR_INTERNAL:
      return "internal error";
    case ORC_ERR_FAILED:
      return "failed";
    default:
      return "unknown status";
  }
}

// The class the runtime derives when a failure reports ORC_ERROR_CLASS_NONE (see abi.h).
inline ErrorClass defaultErrorClass(orc_status status) {
  switch (status) {
    case ORC_OK:
      return ErrorClass::None;
    case ORC_ERR_TIMEOUT:
    case ORC_ERR_UNAVAILABLE:
      return ErrorClass::Transient;
    case ORC_ERR_INVALID_ARGUMENT:
      return ErrorClass::Validation;
    default:
      return ErrorClass::Permanent;
  }
}

class Error : public std::runtime_error {
 public:
  Error(orc_status status, ErrorClass error_class, const std::string& message,
        int64_t retry_after_ms = 0)
      : std::runtime_error(message),
        status_(status),
        error_class_(error_class),
        retry_after_ms_(retry_after_ms > 0 ? retry_after_ms : 0) {}

  // Retry may help: network failure, 429, 5xx, a timeout. `retry_after_ms`: see retryAfter().
  static Error transient(const std::string& message, int64_t retry_after_ms = 0) {
    return Error(ORC_ERR_UNAVAILABLE, ErrorClass::Transient, message, retry_after_ms);
  }
  // Retrying will fail the same way.
  static Error permanent(const std::string& message) {
    return Error(ORC_ERR_FAILED, ErrorClass::Permanent, message);
  }
  // The input or config is wrong; the user must change it.
  static Error validation(const std::string& message) {
    return Error(ORC_ERR_INVALID_ARGUMENT, ErrorClass::Validation, message);
  }
  static Error cancelled() { return Error(ORC_ERR_CANCELLED, ErrorClass::Permanent, "cancelled"); }
  static Error notFound(const std::string& message) {
    return Error(ORC_ERR_NOT_FOUND, ErrorClass::Permanent, message);
  }
  static Error unsupported(const std::string& message) {
    return Error(ORC_ERR_UNSUPPORTED, ErrorClass::Permanent, message);
  }
  // A failed host call: the status says what happened, the class follows from it.
  static Error fromStatus(orc_status status, const std::string& message) {
    return Error(status, defaultErrorClass(status), message);
  }

  orc_status status() const { return status_; }
  ErrorClass errorClass() const { return error_class_; }

  // A transient failure's "not before": the earliest the operation may succeed again, in ms
  // from now (a provider's Retry-After). The runtime waits at least this long before the next
  // attempt (host ABI >= 1.3; older hosts ignore it). 0 = no opinion.
  // `throw Error::transient("rate limited", 2000);` (or set it here on an Error in hand).
  Error& retryAfter(int64_t retry_after_ms) {
    retry_after_ms_ = retry_after_ms > 0 ? retry_after_ms : 0;
    return *this;
  }
  int64_t retryAfterMs() const { return retry_after_ms_; }

 private:
  orc_status status_;
  ErrorClass error_class_;
  int64_t retry_after_ms_ = 0;
};

}  // namespace orchestra::sdk
