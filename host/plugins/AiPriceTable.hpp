// What an AI call costs: the operator's price table (ai.prices, USD per million tokens of each
// kind, per model) applied to a call's usage, and the most a call can cost before it is made.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "host/store/AiLedgerRepository.hpp"

namespace orchestra::plugins {

struct ModelPrices {
  double input = 0;           // USD per million input tokens not served from a cache
  double output = 0;          // USD per million output tokens
  double cache_read = 0;      // USD per million input tokens read from a prompt cache
  double cache_creation = 0;  // USD per million input tokens written to a prompt cache
  double image = 0;           // USD per generated image
};

class AiPriceTable {
 public:
  AiPriceTable() = default;
  // `prices_json` as ConfigChecks accepted it ({"<model>": {"input": 3, ...}}).
  static AiPriceTable fromJson(const std::string& prices_json);

  // The model's prices: an exact match, else the longest listed prefix of the name (a dated
  // "claude-sonnet-4-5-20250929" priced as "claude-sonnet-4-5"); zero for an unknown model.
  ModelPrices pricesOf(std::string_view model) const;
  double cost(std::string_view model, const store::AiTokenCounts& usage) const;
  // The most a chat call could cost: `prompt_bytes` read as that many tokens at most (a token
  // is at least one byte) and all `max_output_tokens` spent.
  double worstCaseCost(std::string_view model, std::uint64_t prompt_bytes,
                       std::uint64_t max_output_tokens) const;

 private:
  std::map<std::string, ModelPrices, std::less<>> prices_;
};

}  // namespace orchestra::plugins
