// Facts inferred from the text of an incident (paths, banners, prompts):
// which Python and where it keeps its packages, which OS, which crate
// versions. Never from the machine tbexplain runs on.
//
// Each fact has one or more values, most telling first; rules test them with
// `fact: {python.env: user-site}` and print them with `{fact.python.version}`.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parse/event.h"

namespace tbx {

using Facts = std::map<std::string, std::vector<std::string>>;

struct FactDef {
  std::string_view name;         ///< e.g. "python.version"; "rust.crate.*" is a family
  std::string_view description;
};
/// The facts tbexplain knows how to infer (for `rules lint` and the docs).
const std::vector<FactDef>& FactDefs();
/// The RE2 patterns that infer facts (for tests).
std::vector<std::string_view> FactPatterns();

/// True if `name` is a known fact or a member of a known family.
bool IsKnownFact(std::string_view name);

/// Infers facts from the events' lines and the context lines before them.
Facts InferFacts(const std::vector<Event>& events, const std::vector<std::string>& context);

/// Infers facts from a block of text (one or more lines). Exposed for testing.
Facts InferFactsFromText(std::string_view text);

}  // namespace tbx
