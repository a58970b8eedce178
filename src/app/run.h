// Wires the pipeline for the command line. Returns the exit status.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "app/options.h"
#include "core/diagnostic.h"
#include "rules/engine.h"

namespace tbx {

/// The rule directories in load order: `builtin` (the built-in rules'
/// folder, "" when there is none), the user's, then --rules.
std::vector<std::string> RuleDirs(const Options& options, const std::string& builtin);

/// Loads the rule directories as layers; with `use_cache`, each from its
/// compiled cache (DIR.cache, beside it) when that is up to date with the
/// rule files. Returns false with `errors` set if any rule file is bad.
bool LoadRules(const std::vector<std::string>& dirs, RuleSet* rules, std::vector<Diag>* errors,
               size_t* files = nullptr, bool use_cache = false);

/// Runs the command `options` names. With `keep_rules` the rules are not
/// freed at the end (for main: the process exits at once, and freeing
/// them cost about a sixth of a paste's time).
int Run(const Options& options, std::ostream& out, std::ostream& err, bool keep_rules = false);

}  // namespace tbx
