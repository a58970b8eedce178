// A rule: when it applies (a condition over an incident) and what it says.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/condition.h"
#include "rules/template.h"

namespace tbx {

enum class Severity { kError, kWarning, kInfo };
std::string_view SeverityName(Severity s);

enum class Scope { kIncident, kInput };

struct RemediationStep {
  Template text;
  std::optional<Template> command;
};

struct RuleCacheFile;  // rules/cache.cc
/// Where the rest of a rule read from the rule cache is.
struct EncodedRule {
  std::shared_ptr<const RuleCacheFile> file;
  size_t offset = 0, size = 0;
};

struct Rule {
  std::string id;
  Template title;
  Severity severity = Severity::kError;
  int priority = 50;                 ///< 0..100
  Scope scope = Scope::kIncident;
  bool fallback = false;             ///< shown only when no specific rule matched
  Condition match;
  Template explanation;
  std::vector<RemediationStep> remediation;
  std::vector<std::string> references;
  std::vector<std::string> examples_match;     ///< absolute or relative to cwd
  std::vector<std::string> examples_no_match;
  // Where it was defined.
  std::string file;
  int line = 0;
  int column = 0;
  /// The rule index's key for it (RuleIndex::Keys), when the rule cache
  /// recorded one; otherwise found when the rules are indexed.
  std::optional<ConditionKey> key;
  /// A rule read from the rule cache is its id, severity, priority, scope,
  /// fallback flag and key until it is first needed; then the rest is
  /// decoded from here (DecodeRule, called by RuleSet).
  std::optional<EncodedRule> encoded;
};

}  // namespace tbx
