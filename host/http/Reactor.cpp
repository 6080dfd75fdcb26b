#include "host/http/Reactor.hpp"

#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace orchestra::http {

namespace {

// One-shot: a socket reports once and is then ignored until rearmed, so that exactly one
// thread at a time works on a connection.
constexpr std::uint32_t kArmedEvents = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;

[[noreturn]] void throwSystemError(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

Reactor::Reactor() {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) throwSystemError("epoll_create1");
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) {
    ::close(epoll_fd_);
    throwSystemError("eventfd");
  }
  epoll_event event{};
  event.events = EPOLLIN;
  event.data.ptr = nullptr;  // null marks the wake-up descriptor
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event) != 0) {
    ::close(wake_fd_);
    ::close(epoll_fd_);
    throwSystemError("epoll_ctl");
  }
}

Reactor::~Reactor() {
  if (thread_.joinable()) stop(false);
  ::close(wake_fd_);
  ::close(epoll_fd_);
}

void Reactor::start() {
  next_sweep_ = std::chrono::steady_clock::now() + kSweepInterval;
  thread_ = std::thread([this] { run(); });
}

void Reactor::stop(bool destroy_handlers) {
  if (!thread_.joinable()) return;
  stop_requested_.store(true, std::memory_order_release);
  post([] {});
  thread_.join();
  if (destroy_handlers) {
    handlers_.clear();
  } else {
    // Leaked on purpose: a worker stuck in a handler still points at its connection, and the
    // process is about to exit.
    for (auto& [pointer, handler] : handlers_)
      static_cast<void>(handler.release());
    handlers_.clear();
  }
}

void Reactor::add(std::unique_ptr<ReactorHandler> handler) {
  ReactorHandler* raw = handler.get();
  handlers_.emplace(raw, std::move(handler));
  watch(raw, EPOLL_CTL_ADD);
  if (!raw->released_) raw->onAdded();
}

void Reactor::watch(ReactorHandler* handler, int operation) {
  epoll_event event{};
  event.events = kArmedEvents | (handler->wantsWrite() ? EPOLLOUT : 0U);
  event.data.ptr = handler;
  if (::epoll_ctl(epoll_fd_, operation, handler->fd(), &event) != 0) {
    release(handler);
    return;
  }
  handler->armed_ = true;
}

void Reactor::handOver(ReactorHandler* from, std::unique_ptr<ReactorHandler> to) {
  if (!onReactorThread()) {
    // std::function needs a copyable task: the successor travels in a shared holder.
    auto holder = std::make_shared<std::unique_ptr<ReactorHandler>>(std::move(to));
    post([this, from, holder] { handOver(from, std::move(*holder)); });
    return;
  }
  // The socket is registered under `from`; forget that registration before the successor
  // registers it again.
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, to->fd(), nullptr);
  from->released_ = true;
  handlers_.erase(from);
  add(std::move(to));
}

void Reactor::refresh(ReactorHandler* handler) {
  if (handler->armed_ && !handler->released_) watch(handler, EPOLL_CTL_MOD);
}

void Reactor::rearm(ReactorHandler* handler) {
  if (onReactorThread()) {
    arm(handler);
  } else {
    armFromWorker(handler);
  }
}

void Reactor::armFromWorker(ReactorHandler* handler) {
  // Re-watching here rather than posting to the reactor saves a wake-up of the reactor thread
  // per kept-alive request: the next wake-up it needs is the client's next request.
  epoll_event event{};
  event.events = kArmedEvents | (handler->wantsWrite() ? EPOLLOUT : 0U);
  event.data.ptr = handler;
  const int fd = handler->fd();
  std::lock_guard lock(handler->arming_mutex_);
  // Marked before the socket can report, so that the reactor's disarm on the event always
  // follows (and sees everything the worker wrote before this store).
  handler->armed_.store(true);
  if (::epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, fd, &event) != 0) {
    // Not watched (the kernel is out of memory): fail the socket so the client learns at once;
    // the handler stays marked armed, so the reactor's sweep closes it at its deadline.
    ::shutdown(fd, SHUT_RDWR);
  }
}

void Reactor::arm(ReactorHandler* handler) {
  if (handler->released_ || handler->armed_) return;
  watch(handler, EPOLL_CTL_MOD);
}

void Reactor::release(ReactorHandler* handler) {
  if (!onReactorThread()) {
    post([this, handler] { release(handler); });
    return;
  }
  if (handler->released_) return;
  handler->released_ = true;
  handler->armed_ = false;
  // Destroyed after the current batch of events, which may still name it.
  released_.push_back(handler);
}

void Reactor::post(std::function<void()> task) {
  {
    std::lock_guard lock(tasks_mutex_);
    tasks_.push_back(std::move(task));
  }
  // One write wakes the loop for any number of tasks queued before it runs them.
  if (!wake_pending_.exchange(true, std::memory_order_acq_rel)) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto written = ::write(wake_fd_, &one, sizeof one);
  }
}

void Reactor::forEachHandler(const std::function<void(ReactorHandler&, bool)>& visit) {
  for (auto& [pointer, handler] : handlers_) {
    if (!pointer->released_) visit(*pointer, pointer->armed_);
  }
}

void Reactor::run() {
  std::array<epoll_event, 256> events{};
  while (!stop_requested_.load(std::memory_order_acquire)) {
    const auto until_sweep = std::chrono::duration_cast<std::chrono::milliseconds>(
        next_sweep_ - std::chrono::steady_clock::now());
    const int timeout_ms = static_cast<int>(std::max<std::int64_t>(0, until_sweep.count() + 1));
    const int ready =
        ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), timeout_ms);
    for (int i = 0; i < ready; ++i) {
      auto* handler = static_cast<ReactorHandler*>(events[static_cast<std::size_t>(i)].data.ptr);
      if (handler == nullptr) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto got = ::read(wake_fd_, &count, sizeof count);
        continue;
      }
      if (handler->released_) continue;
      // An exchange, not a store: it synchronises with a worker's rearm, so onReadable() sees
      // what that worker wrote.
      handler->armed_.exchange(false);
      handler->onReadable();
    }
    runPostedTasks();
    if (std::chrono::steady_clock::now() >= next_sweep_) sweep();
    destroyReleased();
  }
  runPostedTasks();
  destroyReleased();
}

void Reactor::runPostedTasks() {
  wake_pending_.store(false, std::memory_order_release);
  std::vector<std::function<void()>> tasks;
  {
    std::lock_guard lock(tasks_mutex_);
    tasks.swap(tasks_);
  }
  for (auto& task : tasks)
    task();
}

void Reactor::sweep() {
  const auto now = std::chrono::steady_clock::now();
  next_sweep_ = now + kSweepInterval;
  for (auto& [pointer, handler] : handlers_) {
    if (pointer->armed_ && !pointer->released_) pointer->onSweep(now);
  }
}

void Reactor::destroyReleased() {
  while (!released_.empty()) {
    std::vector<ReactorHandler*> batch;
    batch.swap(released_);
    for (ReactorHandler* handler : batch) {
      {
        // A worker may still be re-watching this socket (see armFromWorker).
        std::lock_guard lock(handler->arming_mutex_);
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, handler->fd(), nullptr);
      }
      handlers_.erase(handler);  // the destructor closes the socket
    }
  }
}

}  // namespace orchestra::http
