#include "rules/engine.h"

#include <algorithm>
#include <unordered_map>

#include "rules/cache.h"
#include "util/first_index.h"
#include "util/strings.h"

namespace tbx {

namespace {

// True if no two rules share an id.
bool AllDistinct(const std::vector<Rule>& rules) {
  FirstIndex first(rules.size());
  for (uint32_t i = 0; i < rules.size(); ++i) {
    auto same = [&](uint32_t k) { return rules[k].id == rules[i].id; };
    if (first.Find(std::hash<std::string_view>{}(rules[i].id), i, same) != i) return false;
  }
  return true;
}

}  // namespace

void RuleSet::AddLayer(std::vector<Rule> rules) {
  if (rules_.empty()) {
    // The first layer, its ids all distinct (as a folder's are): taken whole.
    if (AllDistinct(rules)) {
      rules_ = std::move(rules);
      rules.clear();
    }
  }
  std::unordered_map<std::string, size_t> index;
  if (!rules.empty()) {
    index.reserve(rules_.size() + rules.size());
    for (size_t i = 0; i < rules_.size(); ++i) index[rules_[i].id] = i;
  }
  for (auto& r : rules) {
    auto [it, added] = index.emplace(r.id, rules_.size());
    if (added) {
      rules_.push_back(std::move(r));
    } else {
      rules_[it->second] = std::move(r);
    }
  }
  decoded_ = std::make_unique<std::once_flag[]>(rules_.size());
  Index();
}

const Rule& RuleSet::Get(size_t i) const {
  Rule& r = rules_[i];
  if (r.encoded) std::call_once(decoded_[i], [&r] { DecodeRule(&r); });
  return r;
}

const std::vector<Rule>& RuleSet::rules() const {
  for (size_t i = 0; i < rules_.size(); ++i) Get(i);
  return rules_;
}

void RuleSet::Index() {
  // Keys recorded by the cache are used as they are; the other rules' are
  // chosen among themselves.
  std::vector<const Condition*> unkeyed;
  for (const auto& r : rules_) unkeyed.push_back(r.key ? nullptr : &r.match);
  const std::vector<ConditionKey> found = RuleIndex::Keys(unkeyed);
  std::vector<const ConditionKey*> keys;
  for (size_t i = 0; i < rules_.size(); ++i) {
    const Rule& r = rules_[i];
    keys.push_back(r.scope != Scope::kIncident ? nullptr : r.key ? &*r.key : &found[i]);
  }
  index_ = RuleIndex(keys);
}

MatchInput RuleSet::Input(const Incident& incident) const {
  MatchInput in;
  in.events = &incident.events;
  in.context = &incident.context;
  in.facts = &incident.facts;
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
  MatchInput in = Input(incident);
  struct Hit {
    size_t rule;
    MatchState state;
  };
  std::vector<Hit> matched;
  auto eval = [&](size_t i) {
    MatchState st;
    if (EvalCondition(Get(i).match, in, &st)) matched.push_back({i, std::move(st)});
  };
  if (indexed_) {
    for (uint32_t i : index_.Candidates(in)) eval(i);
  } else {
    for (size_t i = 0; i < rules_.size(); ++i) {
      if (rules_[i].scope == Scope::kIncident) eval(i);
    }
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
  for (auto& h : matched) out.push_back(MakeFinding(Get(h.rule), h.state, incident.facts));
  return out;
}

RuleSet::InputMatcher::InputMatcher(const RuleSet& rules) : rules_(rules) {
  for (size_t i = 0; i < rules.rules_.size(); ++i) {
    if (rules.rules_[i].scope != Scope::kInput) continue;
    const Rule& r = rules.Get(i);
    Progress p;
    p.rule = &r;
    size_t parts = r.match.def && r.match.def->key == "all" ? r.match.children.size() : 1;
    p.parts.resize(parts);
    progress_.push_back(std::move(p));
  }
}

void RuleSet::InputMatcher::OnIncident(const Incident& incident, size_t id) {
  if (progress_.empty()) return;
  MatchInput in = rules_.Input(incident);
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
