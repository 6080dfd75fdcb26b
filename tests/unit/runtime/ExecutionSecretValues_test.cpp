// Redaction of the secrets an execution read: every revealed value, raw or JSON-escaped,
// becomes "[redacted]"; nothing else changes; a source that refuses says why.
#include "host/runtime/ExecutionSecretValues.hpp"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>

namespace orchestra::runtime {
namespace {

class MapSource final : public SecretSource {
 public:
  std::optional<std::string> reveal(const std::string& workspace_id,
                                    const std::string& name) override {
    if (name == "BROKEN") throw std::runtime_error("secret 'BROKEN' cannot be decrypted");
    ++reads_;
    const auto found = values_.find(workspace_id + "/" + name);
    if (found == values_.end()) return std::nullopt;
    return found->second;
  }
  std::map<std::string, std::string> values_ = {{"w1/TOKEN", "tok-123"},
                                                {"w1/QUOTED", "a\"b\\c"},
                                                {"w1/LONGER", "tok-123-extended"},
                                                {"w1/EMPTY", ""},
                                                {"w2/TOKEN", "other-workspace"}};
  int reads_ = 0;
};

TEST(ExecutionSecretValues, RedactsOnlyWhatWasRevealed) {
  MapSource source;
  ExecutionSecretValues values(&source, "w1");
  std::string text = "Bearer tok-123 and tok-123-extended";
  values.redact(text);
  EXPECT_EQ(text, "Bearer tok-123 and tok-123-extended");  // nothing revealed yet

  EXPECT_EQ(values.reveal("TOKEN"), "tok-123");
  EXPECT_EQ(values.reveal("LONGER"), "tok-123-extended");
  EXPECT_EQ(values.reveal("MISSING"), std::nullopt);
  EXPECT_EQ(values.reveal("EMPTY"), "");
  values.redact(text);
  EXPECT_EQ(text, "Bearer [redacted] and [redacted]");
  std::optional<std::string> repeated = "tok-123tok-123";
  values.redact(repeated);
  EXPECT_EQ(repeated, "[redacted][redacted]");

  // Each name is read from the store once per execution; a missing one is asked again.
  const int reads = source.reads_;
  source.values_["w1/TOKEN"] = "changed meanwhile";
  EXPECT_EQ(values.reveal("TOKEN"), "tok-123");
  EXPECT_EQ(values.reveal("EMPTY"), "");
  EXPECT_EQ(source.reads_, reads);
  EXPECT_EQ(values.reveal("MISSING"), std::nullopt);
  EXPECT_EQ(source.reads_, reads + 1);
}

TEST(ExecutionSecretValues, RedactsJsonEscapedForms) {
  MapSource source;
  ExecutionSecretValues values(&source, "w1");
  EXPECT_EQ(values.reveal("QUOTED"), "a\"b\\c");
  std::string json = R"({"raw":"a\"b\\c","nested":"{\"v\":\"a\\\"b\\\\c\"}"})";
  values.redact(json);
  EXPECT_EQ(json, R"({"raw":"[redacted]","nested":"{\"v\":\"[redacted]\"}"})");
}

TEST(ExecutionSecretValues, ReadsOnlyItsWorkspaceAndPassesRefusalsOn) {
  MapSource source;
  ExecutionSecretValues values(&source, "w2");
  EXPECT_EQ(values.reveal("TOKEN"), "other-workspace");
  EXPECT_THROW(values.reveal("BROKEN"), std::runtime_error);
  ExecutionSecretValues none(nullptr, "w1");
  EXPECT_FALSE(none.available());
  EXPECT_THROW(none.reveal("TOKEN"), std::runtime_error);
}

}  // namespace
}  // namespace orchestra::runtime
