// Rule conditions: the `match:` tree of a rule, compiled, and its evaluation
// against an incident.
//
// A condition is a mapping with exactly one key, looked up in the predicate
// table (Predicates()): all, any, not, exception, panic, diagnostic, line,
// fact. Adding a predicate is one row there plus its parse and eval functions.
#pragma once

#include <re2/re2.h>
#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "incident/facts.h"
#include "parse/event.h"
#include "rules/template.h"
#include "util/literal_search.h"
#include "util/once.h"
#include "util/required_literal.h"

namespace tbx {

/// The options every rule pattern is compiled with.
RE2::Options RuleRegexOptions();

/// A rule's pattern: compiled at once when loaded from YAML (which checks
/// it), or, loaded from the compiled rule cache, when first used (by
/// whichever thread uses it first: tbexplain -j shares the rules).
class Regex {
 public:
  explicit Regex(std::unique_ptr<RE2> re) : Regex(re->pattern()) { re_ = std::move(re); }
  explicit Regex(std::string pattern) : Regex(pattern, RequiredLiterals(pattern)) {}
  /// With what it requires already known (the rule cache stores it).
  Regex(std::string pattern, RequiredText required) : pattern_(std::move(pattern)), required_(std::move(required)) {
    FindLiteral();
  }
  const std::string& pattern() const { return pattern_; }
  /// What every match contains (RequiredLiterals).
  const RequiredText& required() const { return required_; }
  /// The compiled pattern (compiling it now if it is not yet).
  const RE2& get() const;
  /// Matches `text` (whole, with RE2::ANCHOR_BOTH); for a plain literal
  /// such as `^KeyError$`, or an alternation of them such as
  /// `(?:ModuleNotFoundError|ImportError)`, without compiling anything.
  /// nullopt: use get().
  std::optional<bool> MatchLiteral(std::string_view text, RE2::Anchor anchor) const;
  /// False if `text` lacks what every match needs (RequiredLiterals): then
  /// it cannot match, and need not be compiled.
  bool MayMatch(std::string_view text) const { return required_.MayMatch(text); }

 private:
  void FindLiteral();
  std::string pattern_;
  RequiredText required_;  // what every match contains
  mutable Once compiled_;
  mutable std::unique_ptr<RE2> re_;
  // The pattern as literals, when it is one or an alternation of them:
  // `^`, text or (?:text|text...), `$`.
  bool literal_ = false, literal_start_ = false, literal_end_ = false;
  std::vector<std::string> literal_alts_;
};

/// What a rule file is being loaded with, and where its errors go.
struct LoadContext {
  std::string file;
  /// The file's text, to map a position inside a quoted scalar's value back
  /// to its column in the source.
  std::string_view source;
  std::vector<Diag>* errors = nullptr;
  /// Names a template may use: named groups and built-in captures seen in
  /// the condition tree.
  std::set<std::string> capture_names;
  /// Conditions parsed for the current rule. YAML aliases can make a small
  /// file describe a huge tree (an "alias bomb"): more than kMaxConditions
  /// is an error.
  size_t conditions = 0;
  static constexpr size_t kMaxConditions = 1000;

  /// Records an error at `at`'s position; `offset` moves the column right
  /// (into a scalar). Returns false, for `return ctx.Error(...)`.
  bool Error(const YAML::Node& at, std::string message, std::string hint = "",
             size_t offset = 0);
  /// Columns from `node`'s mark to byte `value_offset` of its value: counts
  /// the opening quote and escapes ('' in single quotes, \x in double).
  size_t ColumnsTo(const YAML::Node& node, size_t value_offset) const;
  /// True if `node` is a block scalar (| or >).
  bool IsBlockScalar(const YAML::Node& node) const;
  /// Compiles `node` (a string scalar) as an RE2 pattern; reports errors.
  std::unique_ptr<Regex> Compile(const YAML::Node& node, std::string_view what);
};

/// Patterns by the name of the field they test.
using NamedRegexes = std::vector<std::pair<std::string, std::unique_ptr<Regex>>>;

struct FrameTest {
  std::unique_ptr<Regex> file, function, code;
  std::optional<Origin> origin;
  NamedRegexes capture;  // tried on the frame that matched; never required
};

struct PredicateDef;

struct Condition {
  const PredicateDef* def = nullptr;
  std::vector<Condition> children;          // all, any, not
  NamedRegexes fields;                      // leaf regexes by name
  NamedRegexes capture;                     // capture: tried on the event that matched; never required
  std::optional<bool> final_flag;           // exception: final
  std::unique_ptr<FrameTest> frame;         // exception, panic: frame
  int line = 0;
  int column = 0;
};

/// What a condition is evaluated against: one incident.
struct MatchInput {
  const std::vector<Event>* events = nullptr;
  const std::vector<std::string>* context = nullptr;
  const Facts* facts = nullptr;
};

struct MatchState {
  Captures captures;
  int specificity = 0;  ///< Number of tests that held.
};

/// The literals of a condition's key: one of them occurs in an incident's
/// texts whenever the condition holds (one of a regex's RequiredLiterals),
/// for the rule index. Empty: nothing known.
using ConditionKey = std::vector<KeyLiteral>;

using TextVisitor = std::function<void(std::string_view)>;
/// How often a key may be found, roughly (lower is more selective).
using KeyCost = std::function<size_t(const ConditionKey&)>;

struct PredicateDef {
  std::string_view key;
  std::string_view synopsis;
  bool (*parse)(const YAML::Node& value, LoadContext& ctx, Condition* out);
  bool (*eval)(const Condition& c, const MatchInput& in, MatchState* st);
  /// What a condition needs to hold (see ConditionKey), the cheapest by
  /// `cost` where there is a choice: a leaf needs each of its regexes to
  /// match one of the texts `texts` visits, so the required literals of
  /// any one of them will do.
  ConditionKey (*key_of)(const Condition& c, const KeyCost& cost);
  /// Visits every text `eval` can match one of the condition's regexes
  /// against, for any condition of this predicate (null for all, any, not,
  /// which test no text themselves). The rule index searches these texts
  /// for the rules' keys: a text missing here would hide a rule that
  /// matches it.
  void (*texts)(const MatchInput& in, const TextVisitor& visit);
};

/// The predicate table.
const std::vector<PredicateDef>& Predicates();

/// Parses a condition mapping. Reports every error found to ctx.
bool ParseCondition(const YAML::Node& node, LoadContext& ctx, Condition* out);

/// Evaluates `c`; on success adds captures and specificity to `st`.
bool EvalCondition(const Condition& c, const MatchInput& in, MatchState* st);

/// What `c` needs to hold: literals one of which occurs in the texts its
/// predicates read (PredicateDef::texts) whenever it holds; empty if no
/// such literals are known (then it may hold on any incident). Where there
/// is a choice, the key with the lowest `cost`.
ConditionKey KeyOf(const Condition& c, const KeyCost& cost);

/// Every RE2 pattern in the tree that must match for it to hold, for the
/// rule index; with `captures`, also those of `capture:`, which are only
/// tried (for `rules patterns`).
void CollectPatterns(const Condition& c, std::vector<const Regex*>* out, bool captures = false);

}  // namespace tbx
