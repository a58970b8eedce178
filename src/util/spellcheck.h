// "Did you mean" suggestions, from an edit distance.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tbx {

/// Levenshtein distance between `a` and `b`, capped at `max + 1`.
size_t EditDistance(std::string_view a, std::string_view b, size_t max);

/// The candidate closest to `word`, if it is close enough to be a likely typo
/// (distance at most 2, and less than half the word); "" otherwise.
std::string Spellcheck(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace tbx
