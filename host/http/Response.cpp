#include "host/http/Response.hpp"

#include <Poco/String.h>

namespace orchestra::http {

namespace {
bool equalsIgnoreCase(std::string_view left, std::string_view right) {
  if (left.size() != right.size()) return false;
  for (std::size_t i = 0; i < left.size(); ++i) {
    if (Poco::Ascii::toLower(left[i]) != Poco::Ascii::toLower(right[i])) return false;
  }
  return true;
}
}  // namespace

void Response::setHeader(std::string_view name, std::string value) {
  for (auto& [existing_name, existing_value] : headers) {
    if (equalsIgnoreCase(existing_name, name)) {
      existing_value = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::string(name), std::move(value));
}

const std::string* Response::findHeader(std::string_view name) const {
  for (const auto& [existing_name, existing_value] : headers) {
    if (equalsIgnoreCase(existing_name, name)) return &existing_value;
  }
  return nullptr;
}

}  // namespace orchestra::http
