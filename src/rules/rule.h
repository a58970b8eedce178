// A rule: when it applies (a condition over an incident) and what it says.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/condition.h"
#include "rules/template.h"

namespace tbx {

enum class Severity { kError, kWarning, kInfo };
std::string_view SeverityName(Severity s);

enum class Scope { kIncident, kInput };

struct RemediationStep {
  Template text;
  std::optional<Template> command;
};

struct Rule {
  std::string id;
  Template title;
  Severity severity = Severity::kError;
  int priority = 50;                 ///< 0..100
  Scope scope = Scope::kIncident;
  bool fallback = false;             ///< shown only when no specific rule matched
  Condition match;
  Template explanation;
  std::vector<RemediationStep> remediation;
  std::vector<std::string> references;
  std::vector<std::string> examples_match;     ///< absolute or relative to cwd
  std::vector<std::string> examples_no_match;
  // Where it was defined.
  std::string file;
  int line = 0;
  int column = 0;
};

}  // namespace tbx
