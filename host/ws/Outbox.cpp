#include "host/ws/Outbox.hpp"

#include "host/ws/Frame.hpp"

namespace orchestra::ws {

bool Outbox::push(std::shared_ptr<const std::string> frame) {
  std::lock_guard lock(mutex_);
  if (close_ && close_->code == close_code::kTryAgainLater) return false;  // already dropped
  if (bytes_ + frame->size() > limit_bytes_) {
    // Whatever was queued is dropped: the client could not keep up, and holding more of its
    // backlog would let one slow reader grow the host's memory.
    frames_.clear();
    bytes_ = 0;
    close_ = CloseRequest{close_code::kTryAgainLater, "Client too slow to receive"};
  } else {
    bytes_ += frame->size();
    frames_.push_back(std::move(frame));
  }
  const bool schedule = !flush_pending_;
  flush_pending_ = true;
  return schedule;
}

bool Outbox::requestClose(std::uint16_t code, std::string reason) {
  std::lock_guard lock(mutex_);
  if (!close_) close_ = CloseRequest{code, std::move(reason)};
  const bool schedule = !flush_pending_;
  flush_pending_ = true;
  return schedule;
}

std::shared_ptr<const std::string> Outbox::front() {
  std::lock_guard lock(mutex_);
  return frames_.empty() ? nullptr : frames_.front();
}

void Outbox::popFront() {
  std::lock_guard lock(mutex_);
  if (frames_.empty()) return;
  bytes_ -= frames_.front()->size();
  frames_.pop_front();
}

void Outbox::flushStarted() {
  std::lock_guard lock(mutex_);
  flush_pending_ = false;
}

std::optional<CloseRequest> Outbox::closeRequest() {
  std::lock_guard lock(mutex_);
  return close_;
}

std::size_t Outbox::queuedBytes() {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace orchestra::ws
