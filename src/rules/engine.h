// The rule engine: which rules apply to an incident, most specific first,
// with their texts expanded.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "incident/incident.h"
#include "rules/cache.h"
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
  RuleSet();
  ~RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  /// Adds a layer of rules: a rule whose id is already present replaces the
  /// earlier one, in its place (user rules override built-in ones).
  void AddLayer(std::vector<Rule> rules);
  /// The same for the rules of a rule cache. They are decoded as they are
  /// first needed, and the cache's index is used as it is: a first layer
  /// from a cache costs the same whatever its number of rules.
  void AddLayer(CompiledRules rules);

  size_t size() const { return size_; }
  /// Rule `i`, whole: decoded from the rule cache the first time it is
  /// needed, by whichever thread needs it first (tbexplain -j).
  const Rule& Get(size_t i) const;
  /// Every rule, whole, in order.
  std::vector<const Rule*> rules() const;

  /// With false, Match evaluates every rule instead of the index's
  /// candidates (RuleIndex): for tests that the index changes nothing.
  void set_indexed(bool indexed) { indexed_ = indexed; }
  /// The incident-scope rules, ascending, that may match `in`: every rule
  /// that matches is among them.
  std::vector<uint32_t> Candidates(const MatchInput& in) const;
  /// Rules that are candidates for every incident (they have no key).
  size_t keyless() const;

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
  // A layer: the rules of one folder, from its YAML or from its cache.
  struct Layer {
    std::vector<Rule> rules;                // read from YAML, whole
    std::optional<CompiledRules> compiled;  // or read from a cache
    RuleIndex index;                        // of `rules`
    std::vector<uint32_t> input;            // `rules`' of `scope: input`
    std::vector<uint32_t> global;           // a rule's number in the set; empty: its own
    size_t size() const { return compiled ? compiled->size() : rules.size(); }
    const RuleIndex& Index() const { return compiled ? compiled->index() : index; }
    std::span<const uint32_t> InputRules() const { return compiled ? compiled->input_rules() : input; }
  };
  // Which layer's rule is rule g of the set.
  struct Source {
    uint32_t layer, local;
    bool operator==(const Source&) const = default;
  };
  void Add(Layer layer);
  Source SourceOf(size_t g) const { return sources_.empty() ? Source{0, static_cast<uint32_t>(g)} : sources_[g]; }
  // The number in the set of layer k's rule `local`, unless a later layer
  // replaced it (or a damaged cache named a rule it does not hold).
  std::optional<uint32_t> Provided(uint32_t k, uint32_t local) const;
  // The `scope: input` rules, ascending.
  std::vector<uint32_t> InputRules() const;
  MatchInput Input(const Incident& incident) const;

  std::vector<Layer> layers_;
  // By rule of the set; empty while the set is one layer from a cache,
  // whose rules are then numbered as there.
  std::vector<Source> sources_;
  // The number of each id in the set, but for a first layer's from a
  // cache (CompiledRules::Find): they view the rules' ids.
  std::unordered_map<std::string_view, uint32_t> ids_;
  size_t size_ = 0;
  // The rules decoded from caches, by number in the set.
  struct Decoded;
  std::unique_ptr<Decoded> decoded_;
  bool indexed_ = true;
};

}  // namespace tbx
