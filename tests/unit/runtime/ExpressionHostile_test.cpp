// Templates are user input: whatever arrives must end in a result or a clear error, quickly.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "tests/unit/runtime/ExpressionTestSupport.hpp"

namespace orchestra::runtime {
namespace {

using testing::compiled;
using testing::ExpressionContext;
using testing::parseError;

TEST(ExpressionHostile, AHundredKilobyteTemplateRendersExactly) {
  const ExpressionContext context;
  std::string big;
  std::string expected;
  const std::string filler(200, '.');
  while (big.size() < std::size_t{100} * 1024) {  // about 460 expressions, under the limit of 1000
    big += filler + " {{ trigger.data.email }}; ";
    expected += filler + " ann@example.com; ";
  }
  const TemplateValue rendered = context.evaluate(big);
  ASSERT_TRUE(rendered.ok()) << rendered.error->describe();
  // Not EXPECT_EQ: a failure would print 100 KB twice.
  EXPECT_TRUE(rendered.value.extract<std::string>() == expected);
}

TEST(ExpressionHostile, TenThousandOpeningsFailFast) {
  const auto started = std::chrono::steady_clock::now();
  std::string openings;
  for (int i = 0; i < 10000; ++i)
    openings += "{{";
  EXPECT_EQ(parseError(openings),
            (TemplateParseError{2, "expected a name such as 'trigger' or 'nodes', found '{'"}));
  std::string spaced;
  for (int i = 0; i < 10000; ++i)
    spaced += "{{ ";
  EXPECT_EQ(parseError(spaced).offset, 3U);
  std::string escaped;
  for (int i = 0; i < 10000; ++i)
    escaped += "\\{{";
  EXPECT_EQ(compiled(escaped).renderText(EvaluationContext{}).text, std::string(20000, '{'));
  std::string unclosed;
  for (int i = 0; i < 10000; ++i)
    unclosed += "x {{ item ";
  EXPECT_EQ(parseError(unclosed),
            (TemplateParseError{10, "unexpected 'x' in expression (expected '.', '[' or '}}')"}));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(1));
}

TEST(ExpressionHostile, UnbalancedBraces) {
  EXPECT_EQ(parseError("{{ item }} {{ item").describe(), "unclosed '{{' at offset 11");
  EXPECT_EQ(parseError("{{{ item }}}").offset, 2U);
  const ExpressionContext context;
  EXPECT_EQ(compiled("}} { }}} {").renderText(context.get()).text, "}} { }}} {");
  EXPECT_EQ(compiled("{{ trigger.data.count }}}").renderText(context.get()).text, "3}");
}

TEST(ExpressionHostile, NulBytesAndInvalidUtf8InTextPassThrough) {
  const ExpressionContext context;
  const std::string literal("\xff\xfe\0 bad \xc3 utf-8 \xed\xa0\x80 ", 20);
  const TemplateValue rendered = context.evaluate(literal + "{{ trigger.data.count }}" + literal);
  ASSERT_TRUE(rendered.ok());
  EXPECT_EQ(rendered.value.extract<std::string>(), literal + "3" + literal);
  // Inside a quoted key any byte is a byte of the key.
  EXPECT_EQ(context.failure(std::string("{{ trigger[\"a\0\xff\"] }}", 20)),
            std::string("trigger[\"a\0\xff\"]: 'trigger' has no member 'a\0\xff'", 45));
}

}  // namespace
}  // namespace orchestra::runtime
