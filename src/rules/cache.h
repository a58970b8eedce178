// The compiled rule cache: the built-in rules, checked and parsed once at
// build time (`tbexplain rules compile`), in a form that loads without
// YAML and whose regexes compile only when a rule first needs them.
//
// The YAML files stay the source of truth. The cache records the path and a
// hash of every rule file it was made from; when the files of the folder
// differ in any way (an edit, a new or removed file), it is not used and the
// YAML is loaded as always. It never changes what tbexplain reports, only
// how fast the rules load.
#pragma once

#include <string>
#include <vector>

#include "rules/rule.h"

namespace tbx {

/// Writes the cache of `rules`, loaded from the YAML of folder `dir`
/// (LoadRuleDir: whole rules, not heads read from a cache), to `path`.
/// Returns false with `error` set if it cannot be written.
bool WriteRuleCache(const std::vector<Rule>& rules, const std::string& dir, const std::string& path,
                    std::string* error);

/// Reads the cache at `path` if it was made from the current files of
/// folder `dir` by this version of tbexplain; appends its rules to `out`.
/// Returns false (and appends nothing) otherwise. Each rule is only its
/// head (id, severity, priority, scope, fallback, key) until DecodeRule.
bool ReadRuleCache(const std::string& path, const std::string& dir, std::vector<Rule>* out);

/// Reads the rest of a rule that ReadRuleCache returned (its `encoded`
/// body); does nothing for any other rule. Idempotent, but not to be run
/// on one rule by two threads at once (RuleSet sees to that). A damaged
/// body (the cache changed on disk while its files did not) leaves a
/// rule that matches nothing, and returns false.
bool DecodeRule(Rule* rule);

/// The rule files of `dir`, sorted, as LoadRuleDir reads them.
std::vector<std::string> RuleFilesOf(const std::string& dir);

}  // namespace tbx
