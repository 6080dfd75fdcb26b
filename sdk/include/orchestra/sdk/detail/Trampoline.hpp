// The noexcept boundary every on_* hook goes through: exceptions become a status, an error class
// and a message in the host's orc_result, so a throwing plugin fails an operation, not the host.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "orchestra/abi.h"
#include "orchestra/sdk/Error.hpp"
#include "orchestra/sdk/HostApi.hpp"
#include "orchestra/sdk/Json.hpp"

namespace orchestra::sdk::detail {

// The object behind an orc_instance*: the author's object plus the host it may call.
template <class Base>
struct InstanceHolder {
  const HostApi* host;
  std::unique_ptr<Base> object;
};

template <class Base>
InstanceHolder<Base>* holderOf(orc_instance* instance) {
  return reinterpret_cast<InstanceHolder<Base>*>(instance);
}

inline bool resultUsable(const orc_result* result) {
  return result != nullptr && result->struct_size >= ORC_V1_0_SIZE_RESULT;
}

// Best effort: a message that cannot be allocated is dropped, the status still goes back.
inline orc_status fail(const HostApi& host, orc_result* result, orc_status status,
                       ErrorClass error_class, std::string_view message,
                       int64_t retry_after_ms = 0) noexcept {
  if (status == ORC_OK) status = ORC_ERR_FAILED;  // an Error always fails the operation
  if (!resultUsable(result)) return status;
  result->error_class = static_cast<orc_error_class>(error_class);
  // A host older than v1.3 handed a smaller result: the field is not ours to write there.
  if (result->struct_size >= ORC_V1_3_SIZE_RESULT) result->retry_after_ms = retry_after_ms;
  try {
    HostBuffer previous = host.adoptBuffer(std::exchange(result->error_message, orc_buffer{}));
    result->error_message = host.allocate(message).release();
  } catch (...) {
    result->error_message = orc_buffer{};
  }
  return status;
}

// Stores `bytes` as the operation's payload (throws when the host cannot allocate).
inline void setData(const HostApi& host, orc_result* result, std::string_view bytes) {
  HostBuffer previous = host.adoptBuffer(std::exchange(result->data, orc_buffer{}));
  result->data = host.allocate(bytes).release();
}

// A copy of a host struct in a zeroed struct of ours, refusing one smaller than ABI v1.0's.
template <class Raw>
Raw copyHostStruct(const Raw* raw, size_t v1_0_size, const char* what) {
  if (raw == nullptr || raw->struct_size < v1_0_size) {
    throw Error(ORC_ERR_VERSION, ErrorClass::Permanent,
                std::string(what) + " is smaller than ABI v1.0's");
  }
  Raw copy{};
  std::memcpy(&copy, raw, std::min<size_t>(raw->struct_size, sizeof copy));
  return copy;
}

inline Json parseJsonArgument(orc_str text, const char* what) {
  std::string_view view = toStringView(text);
  if (view.empty()) return Json::object();
  try {
    return Json::parse(view);
  } catch (const JsonError& error) {
    throw Error::validation(std::string(what) + ": " + error.what());
  }
}

template <class Body>
orc_status guarded(const HostApi& host, orc_result* result, Body&& body) noexcept {
  if (!resultUsable(result)) return ORC_ERR_VERSION;
  try {
    return std::forward<Body>(body)();
  } catch (const Error& error) {
    return fail(host, result, error.status(), error.errorClass(), error.what(),
                error.retryAfterMs());
  } catch (const JsonError& error) {
    return fail(host, result, ORC_ERR_INVALID_ARGUMENT, ErrorClass::Validation, error.what());
  } catch (const std::bad_alloc&) {
    return fail(host, result, ORC_ERR_NO_MEMORY, ErrorClass::Transient, "out of memory");
  } catch (const std::exception& error) {
    return fail(host, result, ORC_ERR_INTERNAL, ErrorClass::Permanent, error.what());
  } catch (...) {
    return fail(host, result, ORC_ERR_INTERNAL, ErrorClass::Permanent,
                "the plugin threw a non-standard exception");
  }
}

// on_create for every kind: builds the author's object from the validated config.
template <class Base, class Concrete>
struct Factory {
  static orc_status create(const HostApi& host, orc_str config_json, orc_instance** out_instance,
                           orc_result* result) noexcept {
    return guarded(host, result, [&] {
      if (out_instance == nullptr) throw Error::validation("no place for the instance");
      Json config = parseJsonArgument(config_json, "config");
      std::unique_ptr<Base> object;
      if constexpr (std::is_constructible_v<Concrete, const Json&, const HostApi&>) {
        object = std::make_unique<Concrete>(config, host);
      } else {
        object = std::make_unique<Concrete>(config);
      }
      auto holder =
          std::make_unique<InstanceHolder<Base>>(InstanceHolder<Base>{&host, std::move(object)});
      *out_instance = reinterpret_cast<orc_instance*>(holder.release());
      return ORC_OK;
    });
  }
  static void destroy(orc_instance* instance) noexcept {
    // Destructors are noexcept: one that throws terminates, as in any C++ program.
    delete holderOf<Base>(instance);
  }
};

}  // namespace orchestra::sdk::detail
