// A fake auth::EmailSender for tests: keeps every message it is handed instead of sending it,
// and can be told to fail, as an unreachable mail server would.
#pragma once

#include <mutex>
#include <optional>
#include <vector>

#include "host/auth/EmailSender.hpp"

namespace orchestra::testing {

class RecordingEmailSender final : public auth::EmailSender {
 public:
  void send(const auth::EmailMessage& message) override {
    std::lock_guard lock(mutex_);
    if (failing_) throw auth::EmailDeliveryError("recording sender told to fail");
    sent_.push_back(message);
  }

  // From now on send() throws EmailDeliveryError and records nothing.
  void failFromNowOn() {
    std::lock_guard lock(mutex_);
    failing_ = true;
  }

  std::vector<auth::EmailMessage> sent() const {
    std::lock_guard lock(mutex_);
    return sent_;
  }

  std::optional<auth::EmailMessage> last() const {
    std::lock_guard lock(mutex_);
    if (sent_.empty()) return std::nullopt;
    return sent_.back();
  }

 private:
  mutable std::mutex mutex_;
  bool failing_ = false;
  std::vector<auth::EmailMessage> sent_;
};

}  // namespace orchestra::testing
