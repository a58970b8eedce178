// The rule engine: which rules apply to an incident, most specific first,
// with their texts expanded.
#pragma once

#include <string>
#include <vector>

#include "incident/incident.h"
#include "rules/rule.h"

namespace tbx {

struct Finding {
  const Rule* rule = nullptr;
  std::string title;
  std::string explanation;
  struct Step {
    std::string text;
    std::optional<std::string> command;
  };
  std::vector<Step> remediation;
  int specificity = 0;
};

class RuleSet {
 public:
  RuleSet() = default;
  /// Adds a layer of rules: a rule whose id is already present replaces the
  /// earlier one (user rules override built-in ones).
  void AddLayer(std::vector<Rule> rules);

  const std::vector<Rule>& rules() const { return rules_; }
  size_t size() const { return rules_.size(); }

  /// The findings for one incident, most relevant first: more tests met,
  /// then higher priority, then severity, then rule order. Fallback rules
  /// appear only when no other rule matched.
  std::vector<Finding> Match(const Incident& incident) const;

 private:
  std::vector<Rule> rules_;
};

}  // namespace tbx
