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

/// Loads the rule directories as layers. Returns false with `errors` set if
/// any rule file is bad.
bool LoadRules(const std::vector<std::string>& dirs, RuleSet* rules, std::vector<Diag>* errors,
               size_t* files = nullptr);

int Run(const Options& options, std::ostream& out, std::ostream& err);

}  // namespace tbx
