// Command-line options: parsed with Boost.Program_options, then validated
// into plain values. Parsing never exits or prints; it returns an error.
#pragma once

#include <string>
#include <vector>

#include "util/term.h"

namespace tbx {

enum class Command { kExplain, kHelp, kVersion, kRulesList, kRulesLint, kRulesTest, kRulesPatterns, kRulesCompile };

struct Options {
  Command command = Command::kExplain;
  std::vector<std::string> files;       ///< "-" is standard input
  std::string format = "text";
  ColorMode color = ColorMode::kAuto;
  std::vector<std::string> rule_dirs;   ///< --rules, in order
  bool default_rules = true;
  bool brief = false;                   ///< text: one line per incident
  bool redact = false;                  ///< mask secrets and user names
  unsigned jobs = 1;                    ///< files read at once; 0: one per CPU
  std::string help;                     ///< the help text, for kHelp
};

/// Parses argv. On a usage error returns false and sets `error`.
bool ParseOptions(int argc, const char* const* argv, Options* out, std::string* error);

}  // namespace tbx
