// The report: everything a renderer may know. Renderers see this and nothing
// else: never the input, never the rules.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "incident/incident.h"
#include "parse/event.h"
#include "rules/engine.h"

namespace tbx {

struct ReportStep {
  std::string text;
  std::optional<std::string> command;
};

struct ReportFinding {
  std::string rule;        ///< rule id
  std::string rule_file;   ///< where the rule is defined
  std::string title;
  std::string severity;    ///< "error", "warning", "info"
  std::string explanation;
  std::vector<ReportStep> remediation;
  std::vector<std::string> references;
  std::vector<size_t> events;         ///< indexes into Report::events
  std::optional<Location> location;   ///< the incident's most relevant frame
  std::string input;                  ///< input the location's line numbers refer to
  size_t incident = 0;                ///< index into Report::incidents
  int rank = 0;                       ///< 0 for the incident's best finding
  int specificity = 0;
  int priority = 0;
};

struct ReportIncident {
  std::string input;
  uint64_t first_line = 0;
  uint64_t last_line = 0;
  bool partial = false;
  std::vector<size_t> events;         ///< indexes into Report::events
  Facts facts;
  std::optional<Frame> user_frame;    ///< innermost frame in the user's code
  std::optional<Frame> broke_frame;   ///< where it broke, when elsewhere
  std::vector<size_t> findings;       ///< indexes into Report::findings, best first
};

struct InputSummary {
  std::string name;
  uint64_t lines = 0;
  uint64_t bytes = 0;
  std::string error;  ///< why it could not be read, if it could not
};

struct Report {
  std::vector<InputSummary> inputs;
  std::vector<Event> events;
  std::vector<ReportIncident> incidents;
  std::vector<ReportFinding> findings;  ///< most relevant first
  size_t rule_count = 0;
};

/// Builds a Report incident by incident.
class ReportBuilder {
 public:
  explicit ReportBuilder(Report* report) : report_(report) {}
  /// Adds an incident and its findings; returns the incident's index.
  size_t AddIncident(Incident&& incident, const std::vector<Finding>& findings);
  /// Adds the finding of a `scope: input` rule to the incidents that met its
  /// conditions (report indexes, the primary first).
  void AddInputFinding(const Finding& finding, const std::vector<size_t>& incidents);
  /// Ranks each incident's findings and sorts them all, most relevant
  /// first. Call once, at the end.
  void Finish();
  /// The index the next added incident will get.
  size_t next_incident() const { return report_->incidents.size(); }

 private:
  Report* report_;
};

}  // namespace tbx
