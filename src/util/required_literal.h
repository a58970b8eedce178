// A literal that every match of a regex must contain, read off the pattern
// without compiling it: `No module named '(?P<m>[^']+)'` needs
// "No module named '". A text without it cannot match, so the regex need
// not be compiled or run on it. Conservative: when in doubt (alternation at
// the top level, case-insensitive flags, escapes it does not know) it
// returns "", which every text contains.
#pragma once

#include <string>
#include <string_view>

namespace tbx {

/// The longest run of plain characters that every match of the RE2
/// `pattern` contains, or "" if none is certain.
std::string RequiredLiteral(std::string_view pattern);

}  // namespace tbx
