// The rule engine: which rules apply to an incident, most specific first,
// with their texts expanded.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <re2/set.h>
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
  RuleSet(RuleSet&&) = default;
  RuleSet& operator=(RuleSet&&) = default;
  /// Adds a layer of rules: a rule whose id is already present replaces the
  /// earlier one (user rules override built-in ones).
  void AddLayer(std::vector<Rule> rules);

  const std::vector<Rule>& rules() const { return rules_; }
  size_t size() const { return rules_.size(); }

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
  void NumberLineLeaves();
  const RE2::Set* LineSet() const;
  MatchInput Input(const Incident& incident, std::vector<bool>* hits) const;

  std::vector<Rule> rules_;
  // One RE2::Set of every `line:` pattern: each line of an incident is
  // scanned once, whatever the number of rules. Compiling it costs more
  // than a few incidents' worth of direct matching, so it is built only
  // once the input turns out to be large (a log, not a paste).
  std::vector<const Regex*> line_patterns_;  // by set_index
  // What matching learns as it goes, shared by the threads of tbexplain -j
  // (which match incidents of several inputs at once): the set, built by
  // the first thread to need it, and the incidents matched so far.
  struct Lazy {
    std::once_flag line_set_built;
    std::unique_ptr<RE2::Set> line_set;
    std::atomic<size_t> incidents_seen{0};
  };
  std::unique_ptr<Lazy> lazy_ = std::make_unique<Lazy>();
};

}  // namespace tbx
