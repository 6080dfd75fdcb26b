// Config values whose real value is only known when a node runs: strings holding a
// {{ template }}. Schema checks at save and create time skip them; the run checks the result.
#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>
#include <string_view>
#include <vector>

#include "host/schema/ValidationResult.hpp"
#include "host/text/JsonDocument.hpp"

namespace orchestra::schema {

// A string containing "{{": its value is computed per run.
bool isDeferredValue(const Poco::Dynamic::Var& value);
bool isDeferredText(std::string_view text);

// The value at `segments` inside `root` (objects by key, arrays by index), or an empty Var.
Poco::Dynamic::Var valueAtSegments(const Poco::Dynamic::Var& root,
                                   const std::vector<std::string>& segments);

// True when the issue's instance path names a deferred value inside `instance`: the schema
// judged a template's text, not the value it will have.
bool isIssueAtDeferredValue(const Poco::Dynamic::Var& instance, const ValidationIssue& issue);
// The same for a compact document (a request body's config, checked at save).
bool isIssueAtDeferredValue(text::JsonView instance, const ValidationIssue& issue);

}  // namespace orchestra::schema
