// A metric family of one type (Counter, Gauge or Histogram): the label names fixed at
// registration and one child time series per tuple of label values, created on first use.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "host/observability/LabelValuesKey.hpp"
#include "host/observability/MetricFamily.hpp"
#include "host/observability/PrometheusText.hpp"

namespace orchestra::observability {

template <typename Child>
class Family final : public MetricFamily {
 public:
  using Settings = typename Child::Settings;

  Family(std::string name, std::string help, std::vector<std::string> label_names,
         Settings settings)
      : MetricFamily(std::move(name), std::move(help), std::move(label_names), Child::kType),
        settings_(std::move(settings)) {
    // A family without labels has exactly one series; it is exposed (as 0) from the start.
    if (labelNames().empty()) withLabels({});
  }

  MetricType type() const noexcept override { return Child::kType; }
  const Settings& settings() const noexcept { return settings_; }

  // The child for these label values (in label-name order), created on first use. The
  // reference stays valid as long as the registry, so callers with fixed labels may cache it.
  // After the first call for a tuple this takes a shared lock and never allocates.
  // Throws std::invalid_argument when the number of values is not the number of label names.
  Child& withLabels(std::initializer_list<std::string_view> values) {
    return withLabels(std::span<const std::string_view>(values.begin(), values.size()));
  }

  Child& withLabels(std::span<const std::string_view> values) {
    if (values.size() != labelNames().size()) throwLabelCountMismatch(values.size());
    {
      std::shared_lock lock(mutex_);
      if (const auto found = children_.find(values); found != children_.end()) {
        return *found->second.child;
      }
    }
    return insertChild(values);
  }

  // The only child of a family registered without label names.
  Child& unlabelled() { return withLabels({}); }

  void appendExposition(std::string& out) const override {
    appendFamilyHeader(out, name(), help(), type());
    std::vector<std::pair<const std::vector<std::string>*, const Entry*>> ordered;
    {
      std::shared_lock lock(mutex_);
      ordered.reserve(children_.size());
      for (const auto& [values, entry] : children_)
        ordered.emplace_back(&values, &entry);
    }
    // Scrapes compare as text in tests and diffs; a hash map's order would change between runs.
    std::sort(ordered.begin(), ordered.end(),
              [](const auto& left, const auto& right) { return *left.first < *right.first; });
    for (const auto& [values, entry] : ordered) {
      entry->child->appendSamples(out, name(), entry->rendered_labels);
    }
  }

 private:
  struct Entry {
    std::string rendered_labels;  // `a="x",b="y"`, escaped once instead of at every scrape
    std::unique_ptr<Child> child;
  };

  Child& insertChild(std::span<const std::string_view> values) {
    std::unique_lock lock(mutex_);
    // Another thread may have inserted the same tuple between our two locks.
    if (const auto found = children_.find(values); found != children_.end()) {
      return *found->second.child;
    }
    Entry entry{renderLabels(values), std::make_unique<Child>(settings_)};
    std::vector<std::string> key(values.begin(), values.end());
    return *children_.emplace(std::move(key), std::move(entry)).first->second.child;
  }

  std::string renderLabels(std::span<const std::string_view> values) const {
    std::string rendered;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) rendered += ',';
      rendered += labelNames()[i];
      rendered += "=\"";
      appendEscapedLabelValue(rendered, values[i]);
      rendered += '"';
    }
    return rendered;
  }

  [[noreturn]] void throwLabelCountMismatch(std::size_t given) const {
    throw std::invalid_argument("metric \"" + name() + "\": expected " +
                                std::to_string(labelNames().size()) + " label values, got " +
                                std::to_string(given));
  }

  const Settings settings_;  // children keep references into it (histogram bounds)
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::vector<std::string>, Entry, LabelValuesHash, LabelValuesEqual> children_;
};

}  // namespace orchestra::observability
