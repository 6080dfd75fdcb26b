// The host's metrics: one prometheus-cpp registry that every area registers its families in,
// plus collectors read at scrape time, rendered as the Prometheus text GET /metrics serves.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// Only the code that registers or records a metric includes prometheus-cpp's headers; the rest
// of the host passes a Metrics around.
namespace prometheus {
class Collectable;
class Registry;
}  // namespace prometheus

namespace orchestra::observability {

// What a scrape response's Content-Type header must say for the text format we serve.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

class Metrics {
 public:
  // An empty registry and no collectors (tests); the host uses defaultMetrics().
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Register families here (prometheus::BuildCounter().Name(…).Register(registry())).
  // Registering a name again with the same type returns the existing family.
  prometheus::Registry& registry() noexcept { return *registry_; }
  // For owners of cached series (prometheus::Counter&, …): holding the registry keeps them valid.
  const std::shared_ptr<prometheus::Registry>& sharedRegistry() const noexcept { return registry_; }

  // Collectors are asked on every exposition(), after the registry. A family whose name the
  // registry or an earlier collector already exposes is dropped: a name twice would make the
  // whole scrape invalid. Meant for start-up; safe alongside scrapes.
  void addCollector(std::shared_ptr<const prometheus::Collectable> collector);

  // Prometheus text format 0.0.4 (serve with kPrometheusContentType). A family appears once it
  // has a series; registry families in registration order, then the collectors'.
  std::string exposition() const;

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  mutable std::mutex collectors_mutex_;
  std::vector<std::shared_ptr<const prometheus::Collectable>> collectors_;
};

// The metrics the host serves on /metrics, with the process_* collector already added. Never
// destroyed, so threads still recording during shutdown cannot touch a dead registry.
Metrics& defaultMetrics();

}  // namespace orchestra::observability
