// email.provider "log": DEVELOPMENT ONLY. Nothing leaves the machine: each message is written to
// the log and as an .eml file to email.outbox_dir, where a developer (or a test) reads the code.
#pragma once

#include <filesystem>
#include <string>

#include "host/auth/EmailSender.hpp"

namespace orchestra::auth {

class LogEmailSender final : public EmailSender {
 public:
  LogEmailSender(std::filesystem::path outbox_dir, std::string from);

  void send(const EmailMessage& message) override;

 private:
  std::filesystem::path outbox_dir_;
  std::string from_;
};

}  // namespace orchestra::auth
