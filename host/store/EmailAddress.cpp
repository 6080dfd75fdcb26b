#include "host/store/EmailAddress.hpp"

#include <algorithm>
#include <cctype>

namespace orchestra::store {

std::string normalizeEmail(std::string_view email) {
  std::size_t begin = 0;
  std::size_t end = email.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(email[begin])) != 0)
    ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(email[end - 1])) != 0)
    --end;
  std::string out(email.substr(begin, end - begin));
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace orchestra::store
