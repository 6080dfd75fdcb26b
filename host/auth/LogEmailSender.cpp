#include "host/auth/LogEmailSender.hpp"

#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <fstream>

#include "host/observability/Logger.hpp"
#include "host/store/SqlValues.hpp"

namespace orchestra::auth {

LogEmailSender::LogEmailSender(std::filesystem::path outbox_dir, std::string from)
    : outbox_dir_(std::move(outbox_dir)), from_(std::move(from)) {}

void LogEmailSender::send(const EmailMessage& message) {
  std::error_code error;
  std::filesystem::create_directories(outbox_dir_, error);
  if (error) throw EmailDeliveryError("cannot create outbox " + outbox_dir_.string());
  // Time first, so that `ls` lists messages in the order they were sent.
  const std::string name = Poco::DateTimeFormatter::format(Poco::Timestamp(), "%Y%m%dT%H%M%S%i") +
                           "-" + store::newUuid() + ".eml";
  const std::filesystem::path file = outbox_dir_ / name;
  const std::filesystem::path partial = outbox_dir_ / (name + ".partial");
  {
    std::ofstream out(partial, std::ios::binary);
    out << "X-Orchestra-Development-Only: email.provider is \"log\"; this message was NOT sent\r\n"
        << "From: " << from_ << "\r\n"
        << "To: " << message.to << "\r\n"
        << "Subject: " << message.subject << "\r\n"
        << "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        << message.text_body;
    if (!out) throw EmailDeliveryError("cannot write " + partial.string());
  }
  // Renamed into place, so that a reader never sees half a message.
  std::filesystem::rename(partial, file, error);
  if (error) throw EmailDeliveryError("cannot write " + file.string());
  observability::logWarning(
      "email", "DEVELOPMENT ONLY: email not sent (email.provider is log); written to the outbox",
      {{"to", message.to},
       {"subject", message.subject},
       {"file", file.string()},
       {"body", message.text_body}});
}

}  // namespace orchestra::auth
