// Fuzz target: arbitrary bytes as a rule file. Loading must report errors as
// values, never crash or throw; rules that load are matched against a small
// incident.
#include <cstdint>
#include <string>

#include "incident/incident.h"
#include "rules/engine.h"
#include "rules/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<tbx::Rule> rules;
  std::vector<tbx::Diag> errors;
  tbx::LoadRuleText(text, "/nonexistent/fuzz/rule.yaml", &rules, &errors);
  for (const auto& e : errors) (void)e.Format();
  if (rules.empty()) return 0;
  tbx::RuleSet set;
  set.AddLayer(std::move(rules));
  tbx::Incident inc;
  tbx::Event e;
  e.kind = std::string(tbx::kPythonTraceback);
  tbx::Exception x;
  x.type = "ModuleNotFoundError";
  x.message = "No module named '_cffi_backend'";
  tbx::Frame f;
  f.file = "/home/u/app.py";
  f.line = 3;
  f.origin = tbx::Origin::kUser;
  x.frames.Add(f);
  e.exceptions.push_back(x);
  e.lines = {"Traceback (most recent call last):", "ModuleNotFoundError: No module named '_cffi_backend'"};
  inc.events.push_back(e);
  inc.facts["python.version"] = {"3.13"};
  for (const auto& finding : set.Match(inc)) (void)finding.title.size();
  tbx::RuleSet::InputMatcher input(set);
  input.OnIncident(inc, 0);
  (void)input.Finish();
  return 0;
}
