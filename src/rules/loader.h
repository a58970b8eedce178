// Loads YAML rule files into Rules. Every problem becomes a Diag with the
// file, line and column it concerns and, where it helps, a hint; yaml-cpp's
// exceptions never escape.
#pragma once

#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "rules/rule.h"

namespace tbx {

/// Loads one file (one rule, or a list of rules) and appends its rules to
/// `out`. Returns false if any error was reported. Example files must lie
/// under `root` (default: the file's folder).
bool LoadRuleFile(const std::string& path, std::vector<Rule>* out, std::vector<Diag>* errors,
                  const std::string& root = "");

/// Parses rules from YAML text (for tests); `name` is used in diagnostics and
/// to resolve example paths, which must lie under `root` (default: name's
/// folder).
bool LoadRuleText(const std::string& text, const std::string& name, std::vector<Rule>* out,
                  std::vector<Diag>* errors, const std::string& root = "");

/// Loads every *.yaml and *.yml file under `dir` (recursively, in sorted
/// order). Duplicate ids within the directory are errors.
bool LoadRuleDir(const std::string& dir, std::vector<Rule>* out, std::vector<Diag>* errors);

/// The rule keys, for documentation and "did you mean".
const std::vector<std::string>& RuleKeys();

}  // namespace tbx
