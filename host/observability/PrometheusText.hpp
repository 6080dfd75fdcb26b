// The pieces of the Prometheus text exposition format 0.0.4 that every metric family shares:
// name validation, HELP and label-value escaping, and number formatting.
#pragma once

#include <string>
#include <string_view>

namespace orchestra::observability {

// What a scrape response's Content-Type header must say for this format.
inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

enum class MetricType { Counter, Gauge, Histogram };

// "counter", "gauge" or "histogram", as written on a `# TYPE` line.
std::string_view metricTypeName(MetricType type) noexcept;

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool isValidMetricName(std::string_view name) noexcept;

// [a-zA-Z_][a-zA-Z0-9_]* and not starting with "__" (reserved for Prometheus itself).
bool isValidLabelName(std::string_view name) noexcept;

// Backslash and newline escaped, as a `# HELP` line requires.
void appendEscapedHelp(std::string& out, std::string_view help);

// Backslash, double quote and newline escaped, as a label value between quotes requires.
void appendEscapedLabelValue(std::string& out, std::string_view value);

// Shortest text that parses back to the same double: integers without a fraction ("10"),
// plain decimals where they are short ("0.0005"), exponents otherwise ("1e-05"), and "+Inf",
// "-Inf", "NaN" as Prometheus spells them.
void appendSampleValue(std::string& out, double value);

// `# HELP name help` and `# TYPE name type`, each with its newline.
void appendFamilyHeader(std::string& out, std::string_view name, std::string_view help,
                        MetricType type);

// One sample line: `name_suffix{labels} value`; `labels` is already rendered (`a="x",b="y"`)
// and may be empty, in which case the braces are left out.
void appendSampleLine(std::string& out, std::string_view name, std::string_view suffix,
                      std::string_view labels, double value);

}  // namespace orchestra::observability
