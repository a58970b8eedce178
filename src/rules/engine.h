// The rule engine: which rules apply to an incident, most specific first,
// with their texts expanded.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "incident/incident.h"
#include "rules/index.h"
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
  RuleSet(RuleSet&&) = default;
  RuleSet& operator=(RuleSet&&) = default;
  /// Adds a layer of rules: a rule whose id is already present replaces the
  /// earlier one (user rules override built-in ones).
  void AddLayer(std::vector<Rule> rules);

  /// Every rule, whole (rules read from the cache are decoded first).
  const std::vector<Rule>& rules() const;
  size_t size() const { return rules_.size(); }
  /// Rule `i`, whole: decoded from the rule cache the first time it is
  /// needed, by whichever thread needs it first (tbexplain -j).
  const Rule& Get(size_t i) const;

  /// With false, Match evaluates every rule instead of the index's
  /// candidates (RuleIndex): for tests that the index changes nothing.
  void set_indexed(bool indexed) { indexed_ = indexed; }
  const RuleIndex& index() const { return index_; }

  /// The findings of the incident-scope rules for one incident, most
  /// relevant first: more tests met, then higher priority, then severity,
  /// then rule order. Fallback rules appear only when no other rule matched.
  std::vector<Finding> Match(const Incident& incident) const;

  /// A finding of a `scope: input` rule, whose conditions may be met by
  /// different incidents of one input.
  struct InputFinding {
    Finding finding;
    std::vector<size_t> incidents;  ///< ids given to OnIncident, the primary first
  };

  /// Evaluates the `scope: input` rules over the incidents of one input as
  /// they stream by; keeps only what each rule has met so far.
  class InputMatcher {
   public:
    explicit InputMatcher(const RuleSet& rules);
    void OnIncident(const Incident& incident, size_t id);
    /// The input is complete: the rules whose conditions all held.
    std::vector<InputFinding> Finish();

   private:
    struct Met {
      size_t id;
      MatchState state;
      Facts facts;
    };
    struct Progress {
      const Rule* rule;
      std::vector<std::optional<Met>> parts;  // one per child of `all`, or one
    };
    const RuleSet& rules_;
    std::vector<Progress> progress_;
  };

 private:
  void Index();  // the rule index
  MatchInput Input(const Incident& incident) const;

  // Decoding a rule fills in fields of its own; the head (id, priority,
  // severity, scope, fallback, key), which Match reads of other rules, is
  // never written after loading.
  mutable std::vector<Rule> rules_;
  std::unique_ptr<std::once_flag[]> decoded_;  // by rule
  RuleIndex index_;  // of the incident-scope rules
  bool indexed_ = true;
};

}  // namespace tbx
