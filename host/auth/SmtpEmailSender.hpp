// email.provider "smtp": hands each message to an SMTP server with Poco's SMTP client, upgraded
// with STARTTLS (certificate verified) and authenticated when configured, within a timeout.
#pragma once

#include "host/auth/EmailSender.hpp"
#include "host/config/Config.hpp"

namespace orchestra::auth {

class SmtpEmailSender final : public EmailSender {
 public:
  SmtpEmailSender(config::SmtpSettings settings, std::string from);

  void send(const EmailMessage& message) override;

 private:
  config::SmtpSettings settings_;
  std::string from_;
};

}  // namespace orchestra::auth
