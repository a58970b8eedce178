// Rule self-tests: every rule's `examples.match` inputs must fire it, every
// `examples.no_match` input must not (the whole rule set runs on each, as it
// would for a user).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "rules/engine.h"

namespace tbx {

/// The ids of the rules that produce a finding for the input at `path`;
/// sets `error` if the file cannot be read.
std::set<std::string> FiredRules(const std::string& path, const RuleSet& rules, std::string* error);

struct RuleTestResult {
  int passed = 0;
  int failed = 0;
  std::vector<std::string> failures;  ///< one line each: rule, place, what went wrong
};

/// Runs the examples of every rule in `rules`.
RuleTestResult TestRuleExamples(const RuleSet& rules);

}  // namespace tbx
