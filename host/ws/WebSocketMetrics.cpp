#include "host/ws/WebSocketMetrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

namespace orchestra::ws {

WebSocketMetrics::WebSocketMetrics(observability::Metrics& metrics) {
  auto& registry = metrics.registry();
  connections_ = &prometheus::BuildGauge()
                      .Name("websocket_connections")
                      .Help("WebSocket connections open on this instance")
                      .Register(registry)
                      .Add({});
  messages_ = &prometheus::BuildCounter()
                   .Name("websocket_messages_total")
                   .Help("Messages queued to WebSocket clients (one per client per event)")
                   .Register(registry)
                   .Add({});
  auto& closed = prometheus::BuildCounter()
                     .Name("websocket_closed_by_host_total")
                     .Help("WebSockets the host closed, by reason")
                     .Register(registry);
  too_slow_ = &closed.Add({{"reason", "too_slow"}});
  session_ = &closed.Add({{"reason", "session"}});
}

void WebSocketMetrics::connectionOpened() {
  connections_->Increment();
}

void WebSocketMetrics::connectionClosed() {
  connections_->Decrement();
}

void WebSocketMetrics::messagesQueued(std::size_t count) {
  messages_->Increment(static_cast<double>(count));
}

void WebSocketMetrics::closedTooSlow() {
  too_slow_->Increment();
}

void WebSocketMetrics::closedForSession() {
  session_->Increment();
}

}  // namespace orchestra::ws
