// The report: everything a renderer may know. Renderers see this and nothing
// else: never the input, never the rules.
#pragma once

#include <cstdint>
#include <functional>
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
  size_t incident = 0;                ///< index of its incident (see Report::incident_base)
  uint64_t input_line = 0;            ///< first line of its incident in the input
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
  /// When streaming (jsonl), the report keeps only the newest incident:
  /// element 0 of events, incidents and findings then has these global
  /// indexes. Indexes stored in findings and incidents are always global.
  size_t event_base = 0;
  size_t incident_base = 0;
  size_t finding_base = 0;

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

  /// Streaming mode: after each incident is added, `on_incident` sees the
  /// report holding that incident alone (with its events and findings), and
  /// then they are dropped, so memory does not grow with the input.
  void Stream(std::function<void(const Report&)> on_incident) { on_incident_ = std::move(on_incident); }

  /// Adds an incident and its findings; returns the incident's index.
  size_t AddIncident(Incident&& incident, const std::vector<Finding>& findings);
  /// Adds the finding of a `scope: input` rule to the incidents that met its
  /// conditions (indexes, the primary first).
  void AddInputFinding(const Finding& finding, const std::vector<size_t>& incidents);
  /// Ranks each incident's findings and sorts them all, most relevant
  /// first. Call once, at the end. (Streaming: only the input findings are
  /// left, in the order they came.)
  void Finish();
  /// The index the next added incident will get.
  size_t next_incident() const { return report_->incident_base + report_->incidents.size(); }

 private:
  // What an input-scope finding needs of an incident that streaming dropped.
  struct Brief {
    std::vector<size_t> events;
    std::optional<Location> location;
    std::string input;
    uint64_t first_line = 0;
  };
  Report* report_;
  std::function<void(const Report&)> on_incident_;
  std::vector<Brief> briefs_;
};

}  // namespace tbx
