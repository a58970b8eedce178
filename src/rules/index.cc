#include "rules/index.h"

#include <algorithm>
#include <cstring>
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

RuleIndex RuleIndex::Of(const std::vector<Rule>& rules) {
  std::vector<const Condition*> conditions;
  for (const Rule& r : rules) conditions.push_back(&r.match);
  const std::vector<ConditionKey> keys = Keys(conditions);
  std::vector<const ConditionKey*> indexed;
  for (size_t i = 0; i < rules.size(); ++i) indexed.push_back(rules[i].scope == Scope::kIncident ? &keys[i] : nullptr);
  return RuleIndex(indexed);
}

namespace {

// The image's first bytes; then first_, rules_ and always_, and (at the
// next multiple of 8) the literal search's image.
struct IndexHead {
  uint32_t magic;
  uint32_t literals, pairs, always;
  uint64_t search;  // the search image's size
};
constexpr uint32_t kIndexMagic = 0x31584952;  // "RIX1"

size_t SearchOffset(const IndexHead& h) {
  size_t at = sizeof(IndexHead) + (size_t{h.literals} + 1 + h.pairs + h.always) * sizeof(uint32_t);
  return (at + 7) / 8 * 8;
}

}  // namespace

RuleIndex::RuleIndex(const std::vector<const ConditionKey*>& keys) {
  std::vector<KeyLiteral> literals;                  // each distinct one once
  std::vector<std::pair<uint32_t, uint32_t>> pairs;  // literal, rule
  std::vector<uint32_t> always, first, rules;
  size_t total = 0;
  for (const ConditionKey* key : keys) total += key ? key->size() : 0;
  FirstIndex first_of(total);
  literals.reserve(total);
  pairs.reserve(total);
  for (uint32_t rule = 0; rule < keys.size(); ++rule) {
    if (!keys[rule]) continue;
    if (keys[rule]->empty()) always.push_back(rule);
    for (const KeyLiteral& lit : *keys[rule]) {
      const auto next = static_cast<uint32_t>(literals.size());
      uint32_t k = first_of.Find(std::hash<std::string_view>{}(lit.text) ^ lit.icase, next,
                                 [&](uint32_t j) { return literals[j] == lit; });
      if (k == next) literals.push_back(lit);
      pairs.emplace_back(k, rule);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  first.assign(literals.size() + 1, 0);
  rules.reserve(pairs.size());
  for (const auto& [lit, rule] : pairs) {
    ++first[lit + 1];
    rules.push_back(rule);
  }
  for (size_t k = 0; k < literals.size(); ++k) first[k + 1] += first[k];
  const LiteralSearch search(std::move(literals));
  // The image, in one block of 8-byte words.
  IndexHead head{kIndexMagic, static_cast<uint32_t>(search.size()), static_cast<uint32_t>(rules.size()),
                 static_cast<uint32_t>(always.size()), search.image().size()};
  const size_t at = SearchOffset(head), size = at + head.search;
  auto block = std::make_shared<uint64_t[]>((size + 7) / 8);
  char* out = reinterpret_cast<char*>(block.get());
  std::memcpy(out, &head, sizeof head);
  char* p = out + sizeof head;
  for (const auto* part : {&first, &rules, &always}) {
    if (!part->empty()) std::memcpy(p, part->data(), part->size() * sizeof(uint32_t));
    p += part->size() * sizeof(uint32_t);
  }
  std::memcpy(out + at, search.image().data(), head.search);
  FromImage({out, size}, std::move(block), this);
}

bool RuleIndex::FromImage(std::string_view bytes, std::shared_ptr<const void> keep, RuleIndex* out) {
  IndexHead head;
  if (bytes.size() < sizeof head || reinterpret_cast<uintptr_t>(bytes.data()) % alignof(uint64_t) != 0) return false;
  std::memcpy(&head, bytes.data(), sizeof head);
  if (head.magic != kIndexMagic) return false;
  const size_t at = SearchOffset(head);
  if (at > bytes.size() || bytes.size() - at != head.search) return false;
  LiteralSearch search;
  if (!LiteralSearch::FromImage(bytes.substr(at), keep, &search) || search.size() != head.literals) return false;
  const auto* words = reinterpret_cast<const uint32_t*>(bytes.data() + sizeof head);
  out->first_ = {words, size_t{head.literals} + 1};
  out->rules_ = {words + head.literals + 1, head.pairs};
  out->always_ = {words + head.literals + 1 + head.pairs, head.always};
  out->search_ = std::move(search);
  out->keep_ = std::move(keep);
  out->image_ = bytes;
  return true;
}

std::vector<uint32_t> RuleIndex::Candidates(const MatchInput& in) const {
  std::vector<uint32_t> rules(always_.begin(), always_.end());
  if (search_.size() == 0) return rules;
  std::vector<uint32_t> found;
  for (const auto& p : Predicates()) {
    if (p.texts) p.texts(in, [&](std::string_view text) { search_.Find(text, &found); });
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  for (uint32_t lit : found) {
    const uint32_t from = first_[lit], to = first_[lit + 1];  // lit < search_.size() == first_.size() - 1
    if (from <= to && to <= rules_.size()) rules.insert(rules.end(), rules_.begin() + from, rules_.begin() + to);
  }
  std::sort(rules.begin(), rules.end());
  rules.erase(std::unique(rules.begin(), rules.end()), rules.end());
  return rules;
}

}  // namespace tbx
