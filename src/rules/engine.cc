#include "rules/engine.h"

#include <algorithm>
#include <map>

#include "util/strings.h"

namespace tbx {

void RuleSet::AddLayer(std::vector<Rule> rules) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < rules_.size(); ++i) index[rules_[i].id] = i;
  for (auto& r : rules) {
    auto it = index.find(r.id);
    if (it != index.end()) {
      rules_[it->second] = std::move(r);
    } else {
      index[r.id] = rules_.size();
      rules_.push_back(std::move(r));
    }
  }
  NumberLineLeaves();
}

void RuleSet::NumberLineLeaves() {
  line_patterns_.clear();
  lazy_ = std::make_unique<Lazy>();
  for (auto& r : rules_) {
    std::vector<Condition*> leaves;
    CollectLineLeaves(r.match, &leaves);
    for (Condition* leaf : leaves) {
      leaf->set_index = static_cast<int>(line_patterns_.size());
      line_patterns_.push_back(leaf->fields.front().second.get());
    }
  }
}

const RE2::Set* RuleSet::LineSet() const {
  std::call_once(lazy_->line_set_built, [this] {
    // RE2::Set takes the pattern text; its options must match the RE2's,
    // but for memory: the automaton of hundreds of patterns needs room for
    // its states, or it throws them away and rebuilds them line after line
    // (it only takes what it uses).
    RE2::Options opt = RuleRegexOptions();
    opt.set_max_mem(16 << 20);
    auto set = std::make_unique<RE2::Set>(opt, RE2::UNANCHORED);
    bool ok = !line_patterns_.empty();
    for (size_t i = 0; ok && i < line_patterns_.size(); ++i) {
      ok = set->Add(line_patterns_[i]->pattern(), nullptr) == static_cast<int>(i);
    }
    if (ok && set->Compile()) lazy_->line_set = std::move(set);
  });
  return lazy_->line_set.get();
}

MatchInput RuleSet::Input(const Incident& incident, std::vector<bool>* hits) const {
  MatchInput in;
  in.events = &incident.events;
  in.context = &incident.context;
  in.facts = &incident.facts;
  // A paste is one incident or a few, of a few dozen lines: its `line:`
  // leaves are matched directly, each compiled only if a rule gets that
  // far. Past that (a log, or one huge incident) every line goes through
  // the set once, whatever the number of rules.
  constexpr size_t kDirectIncidents = 4;
  constexpr size_t kDirectLines = 256;
  size_t lines = incident.context.size();
  for (const auto& e : incident.events) lines += e.lines.size();
  const RE2::Set* set =
      lazy_->incidents_seen.load(std::memory_order_relaxed) > kDirectIncidents || lines > kDirectLines
          ? LineSet()
          : nullptr;
  if (set) {
    hits->assign(line_patterns_.size(), false);
    std::vector<int> matched;
    bool failed = false;
    auto scan = [&](const std::string& line) {
      matched.clear();
      RE2::Set::ErrorInfo error{RE2::Set::kNoError};
      if (set->Match(line, &matched, &error)) {
        for (int m : matched) (*hits)[static_cast<size_t>(m)] = true;
      } else if (error.kind != RE2::Set::kNoError) {
        failed = true;  // out of memory on this line: no prefilter
      }
    };
    for (const auto& e : incident.events) {
      for (const auto& l : e.lines) scan(l);
    }
    for (const auto& l : incident.context) scan(l);
    if (!failed) in.line_hits = hits;
  }
  return in;
}

namespace {

Finding MakeFinding(const Rule& r, const MatchState& state, const Facts& facts) {
  Finding f;
  f.rule = &r;
  f.specificity = state.specificity;
  const Captures& caps = state.captures;
  f.title = r.title.Expand(caps, facts);
  f.explanation = NormalizeProse(r.explanation.Expand(caps, facts));
  for (const auto& s : r.remediation) {
    Finding::Step step;
    step.text = NormalizeProse(s.text.Expand(caps, facts));
    if (s.command) step.command = s.command->Expand(caps, facts);
    f.remediation.push_back(std::move(step));
  }
  return f;
}

}  // namespace

std::vector<Finding> RuleSet::Match(const Incident& incident) const {
  // Each incident is matched once (InputMatcher only reads). Which
  // incidents go through the set changes how fast they are matched, never
  // what matches.
  lazy_->incidents_seen.fetch_add(1, std::memory_order_relaxed);
  std::vector<bool> hits;
  MatchInput in = Input(incident, &hits);
  struct Hit {
    size_t rule;
    MatchState state;
  };
  std::vector<Hit> matched;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].scope != Scope::kIncident) continue;
    MatchState st;
    if (EvalCondition(rules_[i].match, in, &st)) matched.push_back({i, std::move(st)});
  }
  bool specific = std::any_of(matched.begin(), matched.end(),
                              [&](const Hit& h) { return !rules_[h.rule].fallback; });
  if (specific) {
    matched.erase(std::remove_if(matched.begin(), matched.end(),
                              [&](const Hit& h) { return rules_[h.rule].fallback; }),
               matched.end());
  }
  std::stable_sort(matched.begin(), matched.end(), [&](const Hit& a, const Hit& b) {
    const Rule& ra = rules_[a.rule];
    const Rule& rb = rules_[b.rule];
    if (a.state.specificity != b.state.specificity) return a.state.specificity > b.state.specificity;
    if (ra.priority != rb.priority) return ra.priority > rb.priority;
    if (ra.severity != rb.severity) return ra.severity < rb.severity;
    return a.rule < b.rule;
  });
  std::vector<Finding> out;
  for (auto& h : matched) out.push_back(MakeFinding(rules_[h.rule], h.state, incident.facts));
  return out;
}

RuleSet::InputMatcher::InputMatcher(const RuleSet& rules) : rules_(rules) {
  for (const auto& r : rules.rules_) {
    if (r.scope != Scope::kInput) continue;
    Progress p;
    p.rule = &r;
    size_t parts = r.match.def && r.match.def->key == "all" ? r.match.children.size() : 1;
    p.parts.resize(parts);
    progress_.push_back(std::move(p));
  }
}

void RuleSet::InputMatcher::OnIncident(const Incident& incident, size_t id) {
  if (progress_.empty()) return;
  std::vector<bool> hits;
  MatchInput in = rules_.Input(incident, &hits);
  for (auto& p : progress_) {
    bool is_all = p.rule->match.def && p.rule->match.def->key == "all";
    for (size_t i = 0; i < p.parts.size(); ++i) {
      if (p.parts[i]) continue;  // the first incident that meets a part keeps it
      const Condition& c = is_all ? p.rule->match.children[i] : p.rule->match;
      MatchState st;
      if (EvalCondition(c, in, &st)) p.parts[i] = Met{id, std::move(st), incident.facts};
    }
  }
}

std::vector<RuleSet::InputFinding> RuleSet::InputMatcher::Finish() {
  std::vector<InputFinding> out;
  for (auto& p : progress_) {
    bool all = std::all_of(p.parts.begin(), p.parts.end(), [](const auto& m) { return m.has_value(); });
    if (!all) continue;
    MatchState merged;
    Facts facts;
    InputFinding f;
    for (const auto& m : p.parts) {
      for (const auto& [k, v] : m->state.captures) merged.captures.emplace(k, v);
      merged.specificity += m->state.specificity;
      for (const auto& [k, v] : m->facts) facts.emplace(k, v);
      if (std::find(f.incidents.begin(), f.incidents.end(), m->id) == f.incidents.end()) {
        f.incidents.push_back(m->id);
      }
    }
    f.finding = MakeFinding(*p.rule, merged, facts);
    out.push_back(std::move(f));
  }
  progress_.clear();
  return out;
}

}  // namespace tbx
