#include "host/plugins/AiPriceTable.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace orchestra::plugins {

namespace {

constexpr double kPerMillion = 1'000'000.0;

double amount(const Poco::JSON::Object& object, const std::string& key) {
  return object.has(key) ? object.getValue<double>(key) : 0.0;
}

}  // namespace

AiPriceTable AiPriceTable::fromJson(const std::string& prices_json) {
  AiPriceTable table;
  Poco::JSON::Parser parser;
  const auto root =
      parser.parse(prices_json.empty() ? "{}" : prices_json).extract<Poco::JSON::Object::Ptr>();
  for (const auto& [model, value] : *root) {
    const auto entry = value.extract<Poco::JSON::Object::Ptr>();
    table.prices_[model] =
        ModelPrices{amount(*entry, "input"), amount(*entry, "output"), amount(*entry, "cache_read"),
                    amount(*entry, "cache_creation"), amount(*entry, "image")};
  }
  return table;
}

ModelPrices AiPriceTable::pricesOf(std::string_view model) const {
  if (const auto exact = prices_.find(model); exact != prices_.end()) return exact->second;
  const ModelPrices* best = nullptr;
  std::size_t best_length = 0;
  for (const auto& [name, prices] : prices_) {
    if (model.starts_with(name) && name.size() > best_length) {
      best = &prices;
      best_length = name.size();
    }
  }
  return best == nullptr ? ModelPrices{} : *best;
}

double AiPriceTable::cost(std::string_view model, const store::AiTokenCounts& usage) const {
  const ModelPrices prices = pricesOf(model);
  const std::uint64_t cached = std::min(usage.cached_input_tokens, usage.input_tokens);
  const auto plain_input = static_cast<double>(usage.input_tokens - cached);
  return (plain_input * prices.input + static_cast<double>(cached) * prices.cache_read +
          static_cast<double>(usage.cache_creation_input_tokens) * prices.cache_creation +
          static_cast<double>(usage.output_tokens) * prices.output) /
             kPerMillion +
         static_cast<double>(usage.image_count) * prices.image;
}

double AiPriceTable::worstCaseCost(std::string_view model, std::uint64_t prompt_bytes,
                                   std::uint64_t max_output_tokens) const {
  const ModelPrices prices = pricesOf(model);
  return (static_cast<double>(prompt_bytes) * std::max(prices.input, prices.cache_creation) +
          static_cast<double>(max_output_tokens) * prices.output) /
         kPerMillion;
}

}  // namespace orchestra::plugins
