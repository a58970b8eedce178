#include "rules/index.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <map>
#include <set>
#include <unordered_map>

#include "util/strings.h"

namespace tbx {

namespace {

constexpr size_t kWindow = 4;  // bytes of a literal's start in the table

// Up to four bytes at `p`, lower-cased, as a number, the first lowest.
uint32_t Bytes(const unsigned char* p, size_t n) {
  uint32_t w = 0;
  for (size_t i = 0; i < std::min(n, kWindow); ++i) w |= uint32_t{kAsciiLower[p[i]]} << (8 * i);
  return w;
}

// The two bytes at `p`, lower-cased, as a number.
uint16_t Pair(const unsigned char* p) { return static_cast<uint16_t>(kAsciiLower[p[0]] | kAsciiLower[p[1]] << 8); }

uint64_t Window(uint32_t bytes, size_t length) {
  uint32_t mask = length >= kWindow ? ~uint32_t{0} : (uint32_t{1} << (8 * length)) - 1;
  return uint64_t{length} << 32 | (bytes & mask);
}

}  // namespace

LiteralSearch::LiteralSearch(std::vector<KeyLiteral> literals) : literals_(std::move(literals)) {
  std::vector<std::pair<uint64_t, uint32_t>> windows;  // window, literal
  for (uint32_t i = 0; i < literals_.size(); ++i) {
    const std::string& text = literals_[i].text;
    if (text.empty()) continue;  // KeyOf never makes one
    size_t length = std::min(text.size(), kWindow);
    const auto* start = reinterpret_cast<const unsigned char*>(text.data());
    windows.emplace_back(Window(Bytes(start, length), length), i);
    lengths_ |= static_cast<uint8_t>(1u << (length - 1));
    if (length >= 2) pairs_.Set(Pair(start));
  }
  std::sort(windows.begin(), windows.end());
  size_t distinct = 0;
  for (size_t i = 0; i < windows.size(); ++i) distinct += i == 0 || windows[i].first != windows[i - 1].first;
  slots_.resize(std::bit_ceil(std::max<size_t>(16, 2 * distinct)));
  const size_t mask = slots_.size() - 1;
  for (size_t i = 0; i < windows.size();) {
    size_t j = i;
    while (j < windows.size() && windows[j].first == windows[i].first) by_window_.push_back(windows[j++].second);
    uint64_t window = windows[i].first;
    uint32_t h = Hash(window);
    filter_.Set(static_cast<uint16_t>(h));
    size_t s = h & mask;
    while (slots_[s].window != 0) s = (s + 1) & mask;
    slots_[s] = {window, static_cast<uint32_t>(by_window_.size() - (j - i)), static_cast<uint32_t>(by_window_.size())};
    i = j;
  }
}

const LiteralSearch::Slot* LiteralSearch::Lookup(uint64_t window) const {
  const size_t mask = slots_.size() - 1;
  for (size_t s = Hash(window) & mask;; s = (s + 1) & mask) {
    if (slots_[s].window == window) return &slots_[s];
    if (slots_[s].window == 0) return nullptr;
  }
}

void LiteralSearch::Find(std::string_view text, std::vector<uint32_t>* found) const {
  if (literals_.empty()) return;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  const bool one_byte = lengths_ & 1;  // then the pair bitmap cannot tell
  for (size_t pos = 0; pos < n; ++pos) {
    if (!one_byte) {
      if (pos + 1 == n) break;
      if (!pairs_.Test(Pair(s + pos))) continue;
    }
    const uint32_t bytes = Bytes(s + pos, n - pos);
    for (size_t length = 1; length <= kWindow && pos + length <= n; ++length) {
      if (!(lengths_ >> (length - 1) & 1)) continue;
      const uint64_t window = Window(bytes, length);
      const uint32_t h = Hash(window);
      if (!filter_.Test(static_cast<uint16_t>(h))) continue;
      const Slot* slot = Lookup(window);
      if (!slot) continue;
      for (uint32_t k = slot->begin; k < slot->end; ++k) {
        const KeyLiteral& lit = literals_[by_window_[k]];
        const size_t len = lit.text.size();
        if (n - pos < len) continue;
        bool same = true;
        if (lit.icase) {  // lit.text is lower-cased
          for (size_t i = 0; i < len && same; ++i) same = kAsciiLower[s[pos + i]] == static_cast<unsigned char>(lit.text[i]);
        } else {
          same = std::memcmp(s + pos, lit.text.data(), len) == 0;
        }
        if (same) found->push_back(by_window_[k]);
      }
    }
  }
}

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
      sum += (it == needed_by.end() ? 0 : it->second) + 50 * (kWindow - std::min(kWindow, lit.text.size()));
    }
    return sum;
  };
  std::vector<ConditionKey> keys;
  for (const Condition* c : conditions) keys.push_back(c ? KeyOf(*c, cost) : ConditionKey{});
  return keys;
}

RuleIndex::RuleIndex(const std::vector<const ConditionKey*>& keys) {
  std::vector<KeyLiteral> literals;
  std::unordered_map<std::string_view, uint32_t> exact, icase;  // literal -> its index
  std::vector<std::pair<uint32_t, uint32_t>> pairs;             // literal, rule
  for (uint32_t rule = 0; rule < keys.size(); ++rule) {
    if (!keys[rule]) continue;
    if (keys[rule]->empty()) always_.push_back(rule);
    for (const KeyLiteral& lit : *keys[rule]) {
      auto [it, added] = (lit.icase ? icase : exact).emplace(lit.text, static_cast<uint32_t>(literals.size()));
      if (added) literals.push_back(lit);
      pairs.emplace_back(it->second, rule);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  first_.assign(literals.size() + 1, 0);
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
