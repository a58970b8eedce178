#include "util/spellcheck.h"

#include <algorithm>

namespace tbx {

size_t EditDistance(std::string_view a, std::string_view b, size_t max) {
  if (a.size() > b.size() + max || b.size() > a.size() + max) return max + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + cost});
      diag = up;
      best = std::min(best, row[j]);
    }
    if (best > max) return max + 1;
  }
  return std::min(row[b.size()], max + 1);
}

std::string Spellcheck(std::string_view word, const std::vector<std::string>& candidates) {
  const size_t max = 2;
  size_t best = max + 1;
  std::string best_word;
  for (const auto& c : candidates) {
    size_t d = EditDistance(word, c, max);
    if (d < best && d * 2 < std::max<size_t>(word.size(), 2)) {
      best = d;
      best_word = c;
    }
  }
  return best_word;
}

}  // namespace tbx
