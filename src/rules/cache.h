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

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "rules/index.h"
#include "rules/rule.h"

namespace tbx {

/// Writes the cache of `rules`, loaded from the YAML of folder `dir`
/// (LoadRuleDir), to `path`. Returns false with `error` set if it cannot
/// be written.
bool WriteRuleCache(const std::vector<Rule>& rules, const std::string& dir, const std::string& path,
                    std::string* error);

/// What a rule's head says: what ranking and the rule set need of a rule
/// without decoding it.
struct RuleHead {
  Severity severity = Severity::kError;
  int priority = 50;
  Scope scope = Scope::kIncident;
  bool fallback = false;
};

struct RuleCacheFile;

/// The rules of a cache, read in place: a table of fixed-size heads, the
/// rule index as it was built when the cache was written, and each rule's
/// body, decoded only when the rule is first needed. Opening one reads a
/// few hundred bytes whatever the number of rules. Copies share the file.
class CompiledRules {
 public:
  size_t size() const { return size_; }
  /// Rule i's id and head; i < size().
  std::string_view id(uint32_t i) const;
  RuleHead head(uint32_t i) const;
  /// The rule of this id, by a binary search of the ids.
  std::optional<uint32_t> Find(std::string_view id) const;
  /// The index of the incident-scope rules, numbered as here.
  const RuleIndex& index() const { return index_; }
  /// The `scope: input` rules, ascending.
  std::span<const uint32_t> input_rules() const { return input_; }
  /// Rule i, whole. A damaged body (the cache changed on disk while its
  /// files did not) gives a rule that matches nothing, and false.
  bool Decode(uint32_t i, Rule* out) const;

  struct Head;  // a head as the cache lays it out (cache.cc)

 private:
  friend bool ReadRuleCache(const std::string&, const std::string&, CompiledRules*);
  std::shared_ptr<const RuleCacheFile> file_;
  size_t size_ = 0;
  const Head* heads_ = nullptr;
  std::string_view ids_, bodies_;
  std::span<const uint32_t> sorted_;  // rule numbers in the order of their ids
  std::span<const uint32_t> input_;
  RuleIndex index_;
};

/// Opens the cache at `path` if it was made from the current files of
/// folder `dir` by this version of tbexplain. Returns false otherwise.
bool ReadRuleCache(const std::string& path, const std::string& dir, CompiledRules* out);

/// The rule files of `dir`, sorted, as LoadRuleDir reads them.
std::vector<std::string> RuleFilesOf(const std::string& dir);

}  // namespace tbx
