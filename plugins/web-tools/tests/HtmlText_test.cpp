#include "HtmlText.hpp"

#include <gtest/gtest.h>

namespace orchestra::plugins::web_tools {
namespace {

constexpr std::size_t kUnbounded = 1U << 20U;

TEST(HtmlText, KeepsTheTitleAndTheBodyTextWithoutScriptsOrStyles) {
  const PageText page = htmlToText(
      "<!DOCTYPE html><html><head><title>  The &amp; Page </title>"
      "<style>body { color: red }</style><script>var x = '<p>no</p>';</script></head>"
      "<body><!-- hidden --><h1>Heading</h1><p>First   paragraph\n  spans lines.</p>"
      "<SCRIPT type=\"text/javascript\">alert(1)</SCRIPT><p>Second</p></body></html>",
      kUnbounded);
  EXPECT_EQ(page.title, "The & Page");
  EXPECT_EQ(page.text, "Heading\n\nFirst paragraph spans lines.\n\nSecond");
  EXPECT_FALSE(page.truncated);
}

TEST(HtmlText, LineBreaksAndListItemsEndLinesAndCellsAreSpaced) {
  const PageText page = htmlToText(
      "<div>a<br>b<br/>c</div><ul><li>one</li><li>two</li></ul>"
      "<table><tr><td>x</td><td>y</td></tr></table><span>in</span><b>line</b>",
      kUnbounded);
  EXPECT_EQ(page.text, "a\nb\nc\n\none\n\ntwo\n\nx y\n\ninline");
}

TEST(HtmlText, DecodesNamedAndNumericEntitiesAndLeavesUnknownOnes) {
  EXPECT_EQ(decodeEntities("&lt;b&gt; &quot;q&quot; &#39;s&#39; caf&#233; &#x1F600; &nbsp;x"),
            "<b> \"q\" 's' caf\u00E9 \U0001F600  x");
  EXPECT_EQ(decodeEntities("AT&T &unknown; &#xZZ; &#0; & end &"),
            "AT&T &unknown; &#xZZ; &#0; & end &");
  EXPECT_EQ(htmlToText("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", kUnbounded).text,
            "<script>alert(1)</script>");
}

TEST(HtmlText, QuotedGreaterThanSignsInAttributesDoNotEndTheTag) {
  EXPECT_EQ(htmlToText("<a title=\"a > b\" href='x>y'>link</a> text", kUnbounded).text,
            "link text");
}

TEST(HtmlText, ALoneLessThanSignIsText) {
  EXPECT_EQ(htmlToText("<p>1 < 2 and 3 <= 4</p>", kUnbounded).text, "1 < 2 and 3 <= 4");
}

TEST(HtmlText, AnUnclosedScriptHidesTheRestAndACutOffTagEndsTheText) {
  EXPECT_EQ(htmlToText("<p>seen</p><script>never", kUnbounded).text, "seen");
  EXPECT_EQ(htmlToText("<p>seen</p><p class=\"cut", kUnbounded).text, "seen");
}

TEST(HtmlText, TextIsCutAtTheBoundWithoutSplittingACharacter) {
  const PageText page = htmlToText("<p>caf\u00E9s</p>", 4);  // "caf" + the 2-byte é
  EXPECT_TRUE(page.truncated);
  EXPECT_EQ(page.text, "caf");
  EXPECT_EQ(utf8Prefix("caf\u00E9", 5), "caf\u00E9");
  EXPECT_EQ(utf8Prefix("abc", 10), "abc");
}

}  // namespace
}  // namespace orchestra::plugins::web_tools
