#include "host/auth/SmtpEmailSender.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/StringPartSource.h>

#include <mutex>

#include "host/observability/Logger.hpp"

namespace orchestra::auth {

namespace {
void initializeSslOnce() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}
}  // namespace

SmtpEmailSender::SmtpEmailSender(config::SmtpSettings settings, std::string from)
    : settings_(std::move(settings)), from_(std::move(from)) {
  if (settings_.starttls) initializeSslOnce();
}

void SmtpEmailSender::send(const EmailMessage& message) {
  Poco::Net::MailMessage mail;
  mail.setSender(from_);
  mail.addRecipient(
      Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, message.to));
  mail.setSubject(Poco::Net::MailMessage::encodeWord(message.subject, "UTF-8"));
  // Set before the parts: Poco keeps a multipart type it is given instead of "mixed".
  mail.setContentType("multipart/alternative");
  mail.addPart("", new Poco::Net::StringPartSource(message.text_body, "text/plain; charset=utf-8"),
               Poco::Net::MailMessage::CONTENT_INLINE,
               Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
  mail.addPart("", new Poco::Net::StringPartSource(message.html_body, "text/html; charset=utf-8"),
               Poco::Net::MailMessage::CONTENT_INLINE,
               Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);

  const Poco::Timespan timeout(static_cast<Poco::Timespan::TimeDiff>(settings_.timeout_ms) * 1000);
  try {
    Poco::Net::SecureSMTPClientSession session(settings_.host,
                                               static_cast<Poco::UInt16>(settings_.port));
    session.setTimeout(timeout);
    session.login();
    if (settings_.starttls) {
      Poco::Net::Context::Ptr context =
          new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                 Poco::Net::Context::VERIFY_RELAXED, 9, true);
      // Never fall back to plain text when TLS was asked for: the password would travel in clear.
      if (!session.startTLS(context)) {
        throw EmailDeliveryError("SMTP server " + settings_.host + " does not offer STARTTLS");
      }
    }
    if (!settings_.username.empty()) {
      session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, settings_.username,
                    settings_.password);
    }
    session.sendMessage(mail);
    session.close();
  } catch (const EmailDeliveryError&) {
    throw;
  } catch (const Poco::Exception& error) {
    throw EmailDeliveryError("SMTP delivery via " + settings_.host + ":" +
                             std::to_string(settings_.port) + " failed: " + error.displayText());
  } catch (const std::exception& error) {
    throw EmailDeliveryError("SMTP delivery via " + settings_.host + " failed: " + error.what());
  }
  observability::logInfo("email", "sent", {{"to", message.to}, {"subject", message.subject}});
}

}  // namespace orchestra::auth
