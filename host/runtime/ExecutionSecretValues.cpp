#include "host/runtime/ExecutionSecretValues.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <stdexcept>

#include "host/text/JsonEscape.hpp"

namespace orchestra::runtime {

namespace {

// `value` as it appears between the quotes of a JSON string.
std::string escapedInJson(const std::string& value) {
  std::string quoted = text::jsonQuote(value);
  std::string inner = quoted.substr(1, quoted.size() - 2);
  OPENSSL_cleanse(quoted.data(), quoted.size());
  return inner;
}

void replaceAll(std::string& text, const std::string& pattern) {
  for (std::size_t at = text.find(pattern); at != std::string::npos;
       at = text.find(pattern, at + std::char_traits<char>::length(kRedacted))) {
    text.replace(at, pattern.size(), kRedacted);
  }
}

}  // namespace

ExecutionSecretValues::~ExecutionSecretValues() {
  for (std::string& pattern : patterns_)
    OPENSSL_cleanse(pattern.data(), pattern.size());
  for (auto& [name, value] : values_)
    OPENSSL_cleanse(value.data(), value.size());
}

std::optional<std::string> ExecutionSecretValues::reveal(const std::string& name) {
  if (source_ == nullptr) throw std::runtime_error("secrets are not available in this host");
  {
    std::lock_guard lock(mutex_);
    if (const auto known = values_.find(name); known != values_.end()) return known->second;
  }
  auto value = source_->reveal(workspace_id_, name);
  if (value) remember(name, *value);
  return value;
}

void ExecutionSecretValues::remember(const std::string& name, const std::string& value) {
  std::string once = escapedInJson(value);
  std::string twice = escapedInJson(once);
  std::lock_guard lock(mutex_);
  values_.emplace(name, value);
  if (value.empty()) return;  // nothing to find, and "" would match everywhere
  for (std::string* pattern : {&twice, &once}) {
    if (std::find(patterns_.begin(), patterns_.end(), *pattern) == patterns_.end()) {
      patterns_.push_back(*pattern);
    }
  }
  if (std::find(patterns_.begin(), patterns_.end(), value) == patterns_.end()) {
    patterns_.push_back(value);
  }
  std::stable_sort(patterns_.begin(), patterns_.end(),
                   [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  OPENSSL_cleanse(once.data(), once.size());
  OPENSSL_cleanse(twice.data(), twice.size());
  any_revealed_.store(true, std::memory_order_release);
}

void ExecutionSecretValues::redact(std::string& text) const {
  if (!any_revealed_.load(std::memory_order_acquire) || text.empty()) return;
  std::lock_guard lock(mutex_);
  for (const std::string& pattern : patterns_)
    replaceAll(text, pattern);
}

}  // namespace orchestra::runtime
