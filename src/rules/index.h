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
#include <string>
#include <string_view>
#include <vector>

#include "rules/condition.h"
#include "util/bitmap.h"

namespace tbx {

/// Finds which of a set of literals occur in a text: at each position
/// whose first two bytes, lower-cased, begin some literal (a bitmap says),
/// the window of up to four bytes is looked up in a hash table of the
/// literals' first bytes, and the literals found there are compared.
class LiteralSearch {
 public:
  LiteralSearch() = default;
  explicit LiteralSearch(std::vector<KeyLiteral> literals);

  /// Appends to `found` the index of each literal that occurs in `text`
  /// (ASCII case ignored for icase ones), in no particular order, each
  /// possibly more than once.
  void Find(std::string_view text, std::vector<uint32_t>* found) const;

  size_t size() const { return literals_.size(); }

 private:
  struct Slot {
    uint64_t window = 0;  // (length << 32) | lower-cased bytes; 0: empty
    uint32_t begin = 0, end = 0;  // range of by_window_
  };
  static uint32_t Hash(uint64_t window) {
    return static_cast<uint32_t>((window * 0x9E3779B97F4A7C15ull) >> 40);
  }
  const Slot* Lookup(uint64_t window) const;

  std::vector<KeyLiteral> literals_;
  std::vector<uint32_t> by_window_;  // literal indexes, grouped by window
  std::vector<Slot> slots_;          // open addressing, a power of two
  Bitmap16 filter_;  // the low 16 bits of each window's Hash
  Bitmap16 pairs_;   // each literal's first two bytes, lower-cased
  uint8_t lengths_ = 0;              // bit n-1: some literal has an n-byte window
};

class RuleIndex {
 public:
  RuleIndex() = default;
  /// `*keys[i]` is rule i's key; an empty one makes rule i a candidate for
  /// every incident, a null one leaves rule i out altogether.
  explicit RuleIndex(const std::vector<const ConditionKey*>& keys);

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
  LiteralSearch search_;
  // The rules of literal k: rules_[first_[k]] up to rules_[first_[k + 1]].
  std::vector<uint32_t> first_, rules_;
  std::vector<uint32_t> always_;
};

}  // namespace tbx
