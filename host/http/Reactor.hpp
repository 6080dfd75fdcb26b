// The one event loop that owns waiting sockets: an epoll set served by one thread, so that a
// connection waiting for bytes costs a file descriptor and a few hundred bytes, never a thread.
//
// The seam for everything that waits on a socket (HTTP connections between requests today, the
// WebSocket hub's upgraded sockets later): implement ReactorHandler and hand it to add().
//  - OWNERSHIP: the reactor owns every added handler and destroys it, on its own thread, after
//    release(); the handler owns its socket and closes it in its destructor.
//  - ARMING: a handler is one-shot. When its socket becomes readable the reactor disarms it and
//    calls onReadable(); it is watched again only after rearm(). A handler that hands itself to
//    a worker thread simply does not rearm, and the worker calls rearm() or release() when done:
//    whoever holds a disarmed handler is its only user, so handlers need no locks of their own.
//    A worker's rearm() re-watches the socket itself (epoll_ctl is thread-safe) instead of
//    waking the reactor thread to do it; from that call on the worker must not touch the
//    handler, which may already be running onReadable() on the reactor thread.
//  - WRITING: a handler that stays on the reactor (a WebSocket) and finds the kernel's send
//    buffer full answers wantsWrite() with true and calls refresh(): it is then woken by
//    onReadable() when the socket is readable *or* writable.
//  - THREAD: onAdded(), onReadable() and onSweep() run on the reactor thread and must not
//    block. post(), rearm(), release() and handOver() may be called from any thread.
#pragma once

#include <sys/epoll.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace orchestra::http {

class Reactor;

class ReactorHandler {
 public:
  virtual ~ReactorHandler() = default;
  // The socket the reactor watches; the handler closes it in its destructor.
  virtual int fd() const = 0;
  // The socket is readable (or writable, when wantsWrite()), hung up or failed. The handler is
  // disarmed while this runs.
  virtual void onReadable() = 0;
  // Once, on the reactor thread, right after the reactor took the handler.
  virtual void onAdded() {}
  // Whether to be woken when the socket becomes writable too.
  virtual bool wantsWrite() const { return false; }
  // Called about every Reactor::kSweepInterval for each armed handler: deadlines live here.
  virtual void onSweep(std::chrono::steady_clock::time_point now) = 0;

 private:
  friend class Reactor;
  // Set by whoever arms the handler (the reactor, or a worker's rearm()), cleared by the reactor
  // when it disarms it. A worker's release-store publishes the handler's state to the reactor.
  std::atomic<bool> armed_{false};
  bool released_ = false;  // reactor thread only
  // Held by a worker from marking the handler armed until its epoll_ctl returned, and by the
  // reactor before it unregisters and destroys a handler: the reactor (a deadline, shutdown) may
  // release a handler as soon as it is marked armed, and must not close the socket while the
  // worker still names it to epoll.
  std::mutex arming_mutex_;
};

class Reactor {
 public:
  static constexpr std::chrono::milliseconds kSweepInterval{100};

  Reactor();  // throws std::system_error when epoll or its wake-up descriptor cannot be made
  ~Reactor();
  Reactor(const Reactor&) = delete;
  Reactor& operator=(const Reactor&) = delete;

  void start();
  // Ends the loop and joins its thread. Handlers still registered are destroyed only when
  // `destroy_handlers` is set: one a worker still holds must outlive the reactor instead.
  void stop(bool destroy_handlers);

  // Takes ownership and arms the handler. Reactor thread only (the acceptor calls it).
  void add(std::unique_ptr<ReactorHandler> handler);
  // Watches a disarmed handler's socket again: on the reactor thread, or at once from the worker
  // holding the handler (which gives it up with this call).
  void rearm(ReactorHandler* handler);
  // Unregisters and destroys a disarmed (or, on the reactor thread, any) handler.
  void release(ReactorHandler* handler);
  // Replaces a disarmed handler by another on the same socket (a connection upgraded to
  // WebSocket): `from` must have given up its socket (its destructor no longer closes it).
  void handOver(ReactorHandler* from, std::unique_ptr<ReactorHandler> to);
  // Reactor thread: applies a changed wantsWrite() to an armed handler.
  void refresh(ReactorHandler* handler);
  // Runs `task` on the reactor thread, soon.
  void post(std::function<void()> task);
  // Calls `visit` for every registered handler, armed or not. Reactor thread only.
  void forEachHandler(const std::function<void(ReactorHandler&, bool armed)>& visit);

  bool onReactorThread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  void run();
  void arm(ReactorHandler* handler);
  void armFromWorker(ReactorHandler* handler);
  void watch(ReactorHandler* handler, int operation);
  void runPostedTasks();
  void sweep();
  void destroyReleased();

  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_requested_{false};

  std::mutex tasks_mutex_;
  std::vector<std::function<void()>> tasks_;
  std::atomic<bool> wake_pending_{false};

  // Reactor thread only.
  std::unordered_map<ReactorHandler*, std::unique_ptr<ReactorHandler>> handlers_;
  std::vector<ReactorHandler*> released_;
  std::chrono::steady_clock::time_point next_sweep_;
};

}  // namespace orchestra::http
