// The text of the one-time-code mail, plain text and HTML, in one place.
#pragma once

#include <string>

#include "host/auth/EmailSender.hpp"

namespace orchestra::auth {

EmailMessage otpEmail(const std::string& to, const std::string& code, int ttl_seconds);

}  // namespace orchestra::auth
