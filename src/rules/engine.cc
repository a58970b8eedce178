#include "rules/engine.h"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "util/strings.h"

namespace tbx {

struct RuleSet::Decoded {
  explicit Decoded(size_t n) : rule(new std::atomic<const Rule*>[n]()) {}
  std::unique_ptr<std::atomic<const Rule*>[]> rule;  // by number in the set; null until decoded
  std::mutex mu;                                     // decodes one rule at a time
  std::vector<std::unique_ptr<Rule>> owned;          // under mu
};

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;
RuleSet::RuleSet(RuleSet&&) noexcept = default;
RuleSet& RuleSet::operator=(RuleSet&&) noexcept = default;

void RuleSet::AddLayer(std::vector<Rule> rules) {
  Layer layer;
  layer.index = RuleIndex::Of(rules);
  for (uint32_t i = 0; i < rules.size(); ++i) {
    if (rules[i].scope == Scope::kInput) layer.input.push_back(i);
  }
  layer.rules = std::move(rules);
  Add(std::move(layer));
}

void RuleSet::AddLayer(CompiledRules rules) {
  Layer layer;
  layer.compiled = std::move(rules);
  Add(std::move(layer));
}

void RuleSet::Add(Layer layer) {
  const auto k = static_cast<uint32_t>(layers_.size());
  const size_t n = layer.size();
  if (k == 0 && layer.compiled) {
    // Numbered as in the cache: nothing to read of its rules.
    size_ = n;
  } else {
    if (k == 1 && layers_[0].compiled) {  // the first layer's rules, numbered as in its cache
      for (uint32_t i = 0; i < size_; ++i) sources_.push_back({0, i});
    }
    auto id_of = [&layer](uint32_t i) {
      return layer.compiled ? layer.compiled->id(i) : std::string_view(layer.rules[i].id);
    };
    layer.global.resize(n);
    for (uint32_t i = 0; i < n; ++i) {
      const std::string_view id = id_of(i);
      std::optional<uint32_t> g;
      if (auto it = ids_.find(id); it != ids_.end()) {
        g = it->second;
      } else if (k > 0 && layers_[0].compiled) {
        g = layers_[0].compiled->Find(id);
      }
      if (g) {
        sources_[*g] = {k, i};  // replaces the earlier rule, in its place
      } else {
        g = static_cast<uint32_t>(size_++);
        sources_.push_back({k, i});
      }
      ids_[id] = *g;
      layer.global[i] = *g;
    }
  }
  layers_.push_back(std::move(layer));
  decoded_ = std::make_unique<Decoded>(size_);
}

const Rule& RuleSet::Get(size_t g) const {
  const Source s = SourceOf(g);
  const Layer& layer = layers_[s.layer];
  if (!layer.compiled) return layer.rules[s.local];
  if (const Rule* r = decoded_->rule[g].load(std::memory_order_acquire)) return *r;
  std::lock_guard lock(decoded_->mu);
  if (const Rule* r = decoded_->rule[g].load(std::memory_order_relaxed)) return *r;
  auto rule = std::make_unique<Rule>();
  layer.compiled->Decode(s.local, rule.get());
  const Rule* r = rule.get();
  decoded_->owned.push_back(std::move(rule));
  decoded_->rule[g].store(r, std::memory_order_release);
  return *r;
}

std::vector<const Rule*> RuleSet::rules() const {
  std::vector<const Rule*> all;
  for (size_t g = 0; g < size_; ++g) all.push_back(&Get(g));
  return all;
}

std::optional<uint32_t> RuleSet::Provided(uint32_t k, uint32_t local) const {
  const Layer& layer = layers_[k];
  if (local >= layer.size()) return std::nullopt;  // a damaged cache's
  const uint32_t g = layer.global.empty() ? local : layer.global[local];
  if (SourceOf(g) != Source{k, local}) return std::nullopt;  // replaced by a later layer's
  return g;
}

std::vector<uint32_t> RuleSet::Candidates(const MatchInput& in) const {
  std::vector<uint32_t> out;
  for (uint32_t k = 0; k < layers_.size(); ++k) {
    const Layer& layer = layers_[k];
    for (uint32_t local : layer.Index().Candidates(in)) {
      if (auto g = Provided(k, local)) out.push_back(*g);
    }
  }
  if (layers_.size() > 1) std::sort(out.begin(), out.end());
  return out;
}

size_t RuleSet::keyless() const {
  size_t n = 0;
  for (const auto& layer : layers_) n += layer.Index().keyless();
  return n;
}

std::vector<uint32_t> RuleSet::InputRules() const {
  std::vector<uint32_t> out;
  for (uint32_t k = 0; k < layers_.size(); ++k) {
    for (uint32_t local : layers_[k].InputRules()) {
      if (auto g = Provided(k, local)) out.push_back(*g);
    }
  }
  std::sort(out.begin(), out.end());
  return out;
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
    for (uint32_t i : Candidates(in)) eval(i);
  } else {
    for (size_t i = 0; i < size_; ++i) {
      if (Get(i).scope == Scope::kIncident) eval(i);
    }
  }
  bool specific = std::any_of(matched.begin(), matched.end(),
                              [&](const Hit& h) { return !Get(h.rule).fallback; });
  if (specific) {
    matched.erase(std::remove_if(matched.begin(), matched.end(),
                              [&](const Hit& h) { return Get(h.rule).fallback; }),
               matched.end());
  }
  std::stable_sort(matched.begin(), matched.end(), [&](const Hit& a, const Hit& b) {
    const Rule& ra = Get(a.rule);
    const Rule& rb = Get(b.rule);
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
  for (uint32_t i : rules.InputRules()) {
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
