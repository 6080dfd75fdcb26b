// The web_tools: section and the web tools' rate limit, with the exact start-up messages.
#include <gtest/gtest.h>

#include "tests/unit/config/ConfigTestSupport.hpp"

namespace orchestra::config {
namespace {

using testing::load;
using testing::loadError;

TEST(WebToolsConfig, DefaultsAreJinaAndAreOverridden) {
  const Config defaults = load("");
  EXPECT_EQ(defaults.web_tools.search_url, "https://s.jina.ai");
  EXPECT_EQ(defaults.web_tools.reader_url, "https://r.jina.ai");
  EXPECT_EQ(defaults.web_tools.api_key_secret, "JINA_API_KEY");
  EXPECT_EQ(defaults.rate_limits.web_tools_limit, 300);
  const Config config = load(
      "web_tools:\n  search_url: \"http://search.local\"\n  reader_url: \"https://reader.local\"\n"
      "  api_key_secret: \"\"\nrate_limits:\n  web_tools_limit: 5\n");
  EXPECT_EQ(config.web_tools.search_url, "http://search.local");
  EXPECT_EQ(config.web_tools.reader_url, "https://reader.local");
  EXPECT_EQ(config.web_tools.api_key_secret, "");
  EXPECT_EQ(config.rate_limits.web_tools_limit, 5);
}

TEST(WebToolsConfig, AServiceThatIsNotAnHttpUrlStopsStartUp) {
  EXPECT_EQ(loadError("web_tools:\n  search_url: \"ftp://x\"\n"),
            "test.yaml:2: web_tools.search_url: must be an http:// or https:// URL");
  EXPECT_EQ(loadError("web_tools:\n  reader_url: \"https://\"\n"),
            "test.yaml:2: web_tools.reader_url: must be an http:// or https:// URL");
}

}  // namespace
}  // namespace orchestra::config
