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
}

std::vector<Finding> RuleSet::Match(const Incident& incident) const {
  MatchInput in;
  in.events = &incident.events;
  in.context = &incident.context;
  in.facts = &incident.facts;
  struct Hit {
    size_t rule;
    MatchState state;
  };
  std::vector<Hit> hits;
  for (size_t i = 0; i < rules_.size(); ++i) {
    MatchState st;
    if (EvalCondition(rules_[i].match, in, &st)) hits.push_back({i, std::move(st)});
  }
  bool specific = std::any_of(hits.begin(), hits.end(),
                              [&](const Hit& h) { return !rules_[h.rule].fallback; });
  if (specific) {
    hits.erase(std::remove_if(hits.begin(), hits.end(),
                              [&](const Hit& h) { return rules_[h.rule].fallback; }),
               hits.end());
  }
  std::stable_sort(hits.begin(), hits.end(), [&](const Hit& a, const Hit& b) {
    const Rule& ra = rules_[a.rule];
    const Rule& rb = rules_[b.rule];
    if (a.state.specificity != b.state.specificity) return a.state.specificity > b.state.specificity;
    if (ra.priority != rb.priority) return ra.priority > rb.priority;
    if (ra.severity != rb.severity) return ra.severity < rb.severity;
    return a.rule < b.rule;
  });
  std::vector<Finding> out;
  for (auto& h : hits) {
    const Rule& r = rules_[h.rule];
    Finding f;
    f.rule = &r;
    f.specificity = h.state.specificity;
    const Captures& caps = h.state.captures;
    f.title = r.title.Expand(caps, incident.facts);
    f.explanation = NormalizeProse(r.explanation.Expand(caps, incident.facts));
    for (const auto& s : r.remediation) {
      Finding::Step step;
      step.text = NormalizeProse(s.text.Expand(caps, incident.facts));
      if (s.command) step.command = s.command->Expand(caps, incident.facts);
      f.remediation.push_back(std::move(step));
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace tbx
