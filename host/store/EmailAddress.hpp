// The one canonical form of an email address (trimmed, lower-cased), used wherever an address is
// stored or looked up, so that "Ann@Example.com " and "ann@example.com" are one user.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::store {

std::string normalizeEmail(std::string_view email);

}  // namespace orchestra::store
