// Placeholders in a rule's title, explanation and commands.
//
//   {name}                  a named capture, (?P<name>...) in the rule's patterns
//   {exception.type}        built-in captures of the condition that matched
//   {fact.python.version}   a fact's first (most telling) value
//   {fact.python.version|3} ... or "3" when the input did not show it
//   {function|{frame.function}} ... or another placeholder's value (which
//                           may have a default of its own)
//   {{ and }}               literal braces
//
// Expansion inserts values once and never re-reads them, so a capture that
// contains braces cannot expand further.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incident/facts.h"
#include "util/once.h"

namespace tbx {

using Captures = std::map<std::string, std::string>;

class Template {
 public:
  struct Placeholder {
    std::string name;      ///< capture name, or the fact name without "fact."
    bool is_fact = false;
    size_t offset = 0;     ///< where "{" stands in the source text
  };

  /// Parses `text`. On error returns nullopt and sets `error` and
  /// `error_offset` (byte offset into `text`).
  static std::optional<Template> Parse(std::string_view text, std::string* error,
                                       size_t* error_offset);

  /// A template of `text`, which Parse has already accepted (the rule cache
  /// stores such texts), parsed when it is first expanded: most rules never
  /// fire, and a paste need not parse their texts. Thread-safe.
  static Template Unparsed(std::string text);

  /// Expands with `captures` and `facts`. A missing value with no default
  /// expands to "".
  std::string Expand(const Captures& captures, const Facts& facts) const;

  const std::vector<Placeholder>& placeholders() const { return parts().placeholders; }
  bool empty() const { return source_.empty(); }
  /// The text it was parsed from (Parse(source()) gives it back).
  const std::string& source() const { return source_; }

 private:
  // Literal text, or (with names) a placeholder: its names, tried in
  // order, then its default.
  struct Piece {
    std::string text;
    std::vector<Placeholder> names;
    std::optional<std::string> fallback;
  };
  struct Parts {
    std::vector<Piece> pieces;
    std::vector<Placeholder> placeholders;
  };
  struct Lazy {
    Once once;
    Parts parts;
  };
  static std::optional<Parts> ParseParts(std::string_view text, std::string* error, size_t* error_offset);
  const Parts& parts() const;

  std::string source_;
  std::shared_ptr<Lazy> lazy_;  // shared by copies; parsed at most once
};

}  // namespace tbx
