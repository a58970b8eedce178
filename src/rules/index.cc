#include "rules/index.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "util/first_index.h"

namespace tbx {

std::vector<ConditionKey> RuleIndex::Keys(const std::vector<const Condition*>& conditions) {
  // In how many conditions each literal is required by some regex.
  std::map<std::pair<std::string, bool>, size_t> needed_by;
  for (const Condition* c : conditions) {
    if (!c) continue;
    std::vector<const Regex*> regexes;
    CollectPatterns(*c, &regexes);
    std::set<std::pair<std::string, bool>> mine;
    for (const Regex* re : regexes) {
      for (const auto& lit : re->required().any) mine.emplace(lit, re->required().icase);
    }
    for (const auto& lit : mine) ++needed_by[lit];
  }
  // A literal shorter than a table window is found at more places.
  const KeyCost cost = [&](const ConditionKey& key) {
    size_t sum = 0;
    for (const auto& lit : key) {
      auto it = needed_by.find({lit.text, lit.icase});
      sum += (it == needed_by.end() ? 0 : it->second) + 50 * (LiteralSearch::kWindow - std::min(LiteralSearch::kWindow, lit.text.size()));
    }
    return sum;
  };
  std::vector<ConditionKey> keys;
  for (const Condition* c : conditions) keys.push_back(c ? KeyOf(*c, cost) : ConditionKey{});
  return keys;
}

RuleIndex::RuleIndex(const std::vector<const ConditionKey*>& keys) {
  std::vector<KeyLiteral> literals;                  // each distinct one once
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // literal, rule
  size_t total = 0;
  for (const ConditionKey* key : keys) total += key ? key->size() : 0;
  FirstIndex first(total);
  literals.reserve(total);
  pairs.reserve(total);
  for (uint32_t rule = 0; rule < keys.size(); ++rule) {
    if (!keys[rule]) continue;
    if (keys[rule]->empty()) always_.push_back(rule);
    for (const KeyLiteral& lit : *keys[rule]) {
      const auto next = static_cast<uint32_t>(literals.size());
      uint32_t k = first.Find(std::hash<std::string_view>{}(lit.text) ^ lit.icase, next,
                              [&](uint32_t j) { return literals[j] == lit; });
      if (k == next) literals.push_back(lit);
      pairs.emplace_back(k, rule);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  first_.assign(literals.size() + 1, 0);
  rules_.reserve(pairs.size());
  for (const auto& [lit, rule] : pairs) {
    ++first_[lit + 1];
    rules_.push_back(rule);
  }
  for (size_t k = 0; k < literals.size(); ++k) first_[k + 1] += first_[k];
  search_ = LiteralSearch(std::move(literals));
}

std::vector<uint32_t> RuleIndex::Candidates(const MatchInput& in) const {
  std::vector<uint32_t> rules = always_;
  if (search_.size() == 0) return rules;
  std::vector<uint32_t> found;
  for (const auto& p : Predicates()) {
    if (p.texts) p.texts(in, [&](std::string_view text) { search_.Find(text, &found); });
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (uint32_t lit : found) rules.insert(rules.end(), rules_.begin() + first_[lit], rules_.begin() + first_[lit + 1]);
  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  return rules;
}

}  // namespace tbx
