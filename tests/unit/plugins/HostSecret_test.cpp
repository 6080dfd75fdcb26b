// host_secret as plugins see it: only inside a node's execution, only the secrets the runtime
// installed for that execution (never the host's environment), and refusals as status codes.
#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <stdexcept>

#include "host/plugins/ExecutionSecrets.hpp"
#include "host/plugins/HostApi.hpp"

namespace orchestra::plugins {
namespace {

class FakeSecrets final : public ExecutionSecrets {
 public:
  std::optional<std::string> reveal(const std::string& name) override {
    if (name == "BROKEN") throw std::runtime_error("secret 'BROKEN' cannot be decrypted");
    const auto found = values_.find(name);
    if (found == values_.end()) return std::nullopt;
    return found->second;
  }
  std::map<std::string, std::string> values_ = {{"API_KEY", "sk-123"}};
};

class HostSecret : public ::testing::Test {
 protected:
  orc_status secret(const std::string& name, std::string& value) {
    orc_buffer buffer{nullptr, 0};
    const orc_status status = api_.host_secret(api_.host, {name.data(), name.size()}, &buffer);
    value = takeBuffer(buffer);
    return status;
  }

  orc_host host_{"test.plugin", "plugin.test.plugin", nullptr};
  orc_host_api api_ = makeHostApi(&host_);
};

TEST_F(HostSecret, ReadsOnlyTheSecretsOfTheRunningExecution) {
  std::string value;
  EXPECT_EQ(secret("API_KEY", value), ORC_ERR_PERMISSION_DENIED);  // no execution here
  FakeSecrets secrets;
  {
    const ExecutionSecretsScope scope(&secrets);
    EXPECT_EQ(secret("API_KEY", value), ORC_OK);
    EXPECT_EQ(value, "sk-123");
    EXPECT_EQ(secret("MISSING", value), ORC_ERR_NOT_FOUND);
    EXPECT_EQ(secret("BROKEN", value), ORC_ERR_PERMISSION_DENIED);
    EXPECT_EQ(value, "");
  }
  EXPECT_EQ(currentExecutionSecrets(), nullptr);
  EXPECT_EQ(secret("API_KEY", value), ORC_ERR_PERMISSION_DENIED);
  EXPECT_EQ(api_.host_secret(api_.host, {"API_KEY", 7}, nullptr), ORC_ERR_INVALID_ARGUMENT);
}

TEST_F(HostSecret, TheEnvironmentIsNoFallback) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread
  ::setenv("ORCHESTRA_SECRET_API_KEY", "from-the-environment", 1);
  std::string value;
  EXPECT_EQ(secret("API_KEY", value), ORC_ERR_PERMISSION_DENIED);
  FakeSecrets secrets;
  secrets.values_.clear();
  const ExecutionSecretsScope scope(&secrets);
  EXPECT_EQ(secret("API_KEY", value), ORC_ERR_NOT_FOUND);
  // NOLINTNEXTLINE(concurrency-mt-unsafe): the test's one thread
  ::unsetenv("ORCHESTRA_SECRET_API_KEY");
}

TEST_F(HostSecret, ScopesNestAndRestore) {
  FakeSecrets outer;
  FakeSecrets inner;
  inner.values_ = {{"API_KEY", "inner"}};
  const ExecutionSecretsScope outer_scope(&outer);
  {
    const ExecutionSecretsScope inner_scope(&inner);
    std::string value;
    EXPECT_EQ(secret("API_KEY", value), ORC_OK);
    EXPECT_EQ(value, "inner");
  }
  EXPECT_EQ(currentExecutionSecrets(), &outer);
}

}  // namespace
}  // namespace orchestra::plugins
