// How the host sends mail (today: OTP codes). One interface, two providers chosen by
// email.provider: LogEmailSender (development) and SmtpEmailSender.
#pragma once

#include <stdexcept>
#include <string>

namespace orchestra::auth {

struct EmailMessage {
  std::string to;
  std::string subject;
  std::string text_body;
  std::string html_body;
};

// Delivery failed; the message is for the log only (it may name servers), never for clients.
class EmailDeliveryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class EmailSender {
 public:
  virtual ~EmailSender() = default;
  // Throws EmailDeliveryError when the message could not be handed over.
  virtual void send(const EmailMessage& message) = 0;
};

}  // namespace orchestra::auth
