// A literal that every match of a regex must contain, read off the pattern
// without compiling it: `No module named '(?P<m>[^']+)'` needs
// "No module named '". A text without it cannot match, so the regex need
// not be compiled or run on it. Conservative: when in doubt (alternation at
// the top level, case-insensitive flags, escapes it does not know) it
// returns "", which every text contains. RequiredLiterals also reads a
// top-level alternation (one literal per branch) and a leading (?i).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tbx {

/// The longest run of plain characters that every match of the RE2
/// `pattern` contains, or "" if none is certain.
std::string RequiredLiteral(std::string_view pattern);

/// What every match of a pattern contains: one of `any` (each branch of a
/// top-level alternation gives one), compared ignoring ASCII case when the
/// pattern starts with (?i). An empty `any` requires nothing.
struct RequiredText {
  std::vector<std::string> any;  ///< lowercased when `icase`
  bool icase = false;

  /// False if `text` holds none of `any`: the pattern cannot match it.
  /// `lowered`, when given, is `text` in ASCII lower case (for icase).
  bool MayMatch(std::string_view text, std::string_view lowered = {}) const;
};
RequiredText RequiredLiterals(std::string_view pattern);

}  // namespace tbx
