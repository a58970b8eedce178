// The rule index: which rules can match an incident, found without
// evaluating the others.
//
// Every regex of a rule has literals that each of its matches contains
// (RequiredLiterals), and a leaf condition holds only if each of its regexes
// matches one of the texts its predicate reads (PredicateDef::texts). So a
// rule can hold only if its key (KeyOf: the most selective regex an `all`
// needs, every branch's for an `any`, nothing under a `not`) occurs in the
// incident's texts. The index maps each key literal to its rules; an
// incident's texts are searched once for all the literals, and only the
// rules whose literal occurs, with the few that have no key, are evaluated.
// Its cost per incident grows with the incident's size and the number of
// rules found, not with the number of rules.
//
// Example:
//   std::vector<ConditionKey> keys = RuleIndex::Keys(conditions);
//   RuleIndex index({&keys[0], &keys[1]});  // an empty key: always a candidate
//   for (uint32_t rule : index.Candidates(input)) Evaluate(rule);
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/condition.h"
#include "rules/rule.h"
#include "util/literal_search.h"

namespace tbx {

class RuleIndex {
 public:
  RuleIndex() = default;
  /// `*keys[i]` is rule i's key; an empty one makes rule i a candidate for
  /// every incident, a null one leaves rule i out altogether.
  explicit RuleIndex(const std::vector<const ConditionKey*>& keys);
  /// The index of `rules`' incident-scope rules, their keys chosen among
  /// themselves (Keys): a folder's, as RuleSet and the rule cache build it.
  static RuleIndex Of(const std::vector<Rule>& rules);

  /// The index as bytes to store (the rule cache), and read back in place
  /// (`keep` keeps `bytes` alive; they must be 8-byte aligned), as
  /// LiteralSearch's image. FromImage returns false if the sizes do not
  /// add up; damaged contents give wrong candidates (rule numbers need not
  /// be below any bound: the caller checks them), never a read outside.
  std::string_view image() const { return image_; }
  static bool FromImage(std::string_view bytes, std::shared_ptr<const void> keep, RuleIndex* out);

  /// The key of each condition (KeyOf; null: none), chosen among those it
  /// could have for literals that few others need: a literal that the
  /// regexes of many rules require ("rustc", "Error") is found in many
  /// incidents, one that few do ("E0308") in few.
  static std::vector<ConditionKey> Keys(const std::vector<const Condition*>& conditions);

  /// The rules, ascending, that may match `in`: every rule that matches is
  /// among them.
  std::vector<uint32_t> Candidates(const MatchInput& in) const;

  /// Rules that are candidates for every incident (they have no key).
  size_t keyless() const { return always_.size(); }

 private:
  std::shared_ptr<const void> keep_;  // owns image_
  std::string_view image_;
  LiteralSearch search_;
  // The rules of literal k: rules_[first_[k]] up to rules_[first_[k + 1]].
  std::span<const uint32_t> first_, rules_;
  std::span<const uint32_t> always_;
};

}  // namespace tbx
