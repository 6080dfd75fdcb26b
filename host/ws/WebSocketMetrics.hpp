// The WebSocket hub's Prometheus series: open connections, messages queued to clients, and
// clients closed for being too slow or for their session.
#pragma once

#include "host/observability/Metrics.hpp"

namespace prometheus {
class Counter;
class Gauge;
}  // namespace prometheus

namespace orchestra::ws {

class WebSocketMetrics {
 public:
  explicit WebSocketMetrics(observability::Metrics& metrics);

  void connectionOpened();
  void connectionClosed();
  void messagesQueued(std::size_t count);
  void closedTooSlow();
  void closedForSession();

 private:
  prometheus::Gauge* connections_;
  prometheus::Counter* messages_;
  prometheus::Counter* too_slow_;
  prometheus::Counter* session_;
};

}  // namespace orchestra::ws
