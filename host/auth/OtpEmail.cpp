#include "host/auth/OtpEmail.hpp"

namespace orchestra::auth {

EmailMessage otpEmail(const std::string& to, const std::string& code, int ttl_seconds) {
  const std::string minutes = std::to_string((ttl_seconds + 59) / 60);
  EmailMessage message;
  message.to = to;
  message.subject = "Your Orchestra sign-in code: " + code;
  message.text_body = "Your Orchestra sign-in code is " + code + "\r\n\r\nIt expires in " +
                      minutes +
                      " minutes and works once. If you did not ask for it, ignore this mail.\r\n";
  // The code is six digits and the rest is fixed text: nothing here needs HTML escaping.
  message.html_body =
      "<!doctype html><html><body style=\"font-family:sans-serif\"><p>Your Orchestra sign-in "
      "code is</p><p style=\"font-size:28px;letter-spacing:4px\"><strong>" +
      code + "</strong></p><p>It expires in " + minutes +
      " minutes and works once. If you did not ask for it, ignore this mail.</p></body></html>";
  return message;
}

}  // namespace orchestra::auth
