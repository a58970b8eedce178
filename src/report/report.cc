#include "report/report.h"

#include <algorithm>
#include <numeric>

namespace tbx {

namespace {

ReportFinding MakeReportFinding(const Finding& fd) {
  ReportFinding rf;
  rf.rule = fd.rule->id;
  rf.rule_file = fd.rule->file;
  rf.title = fd.title;
  rf.severity = std::string(SeverityName(fd.rule->severity));
  rf.explanation = fd.explanation;
  for (const auto& s : fd.remediation) rf.remediation.push_back({s.text, s.command});
  rf.references = fd.rule->references;
  rf.specificity = fd.specificity;
  rf.priority = fd.rule->priority;
  return rf;
}

int SeverityRank(const std::string& s) { return s == "error" ? 0 : s == "warning" ? 1 : 2; }

}  // namespace

size_t ReportBuilder::AddIncident(Incident&& incident, const std::vector<Finding>& findings) {
  ReportIncident ri;
  IncidentWhere where = Locate(incident);
  ri.user_frame = where.user;
  ri.broke_frame = where.broke;
  ri.facts = std::move(incident.facts);
  size_t incident_index = next_incident();
  for (auto& e : incident.events) {
    if (ri.events.empty()) {
      ri.input = e.input;
      ri.first_line = e.first_line;
    }
    ri.last_line = e.last_line;
    ri.partial |= e.partial;
    ri.events.push_back(report_->event_base + report_->events.size());
    report_->events.push_back(std::move(e));
  }
  std::optional<Location> loc;
  const std::optional<Frame>& f = where.user ? where.user : where.broke;
  if (f) loc = Location{f->file, f->line, f->column};
  int rank = 0;
  for (const auto& fd : findings) {
    ReportFinding rf = MakeReportFinding(fd);
    rf.events = ri.events;
    rf.location = loc;
    rf.input = ri.input;
    rf.incident = incident_index;
    rf.input_line = ri.first_line;
    rf.rank = rank++;
    ri.findings.push_back(report_->finding_base + report_->findings.size());
    report_->findings.push_back(std::move(rf));
  }
  if (on_incident_) briefs_.push_back({ri.events, loc, ri.input, ri.first_line});
  report_->incidents.push_back(std::move(ri));
  if (on_incident_) {
    on_incident_(*report_);
    report_->event_base += report_->events.size();
    report_->incident_base += report_->incidents.size();
    report_->finding_base += report_->findings.size();
    report_->events.clear();
    report_->incidents.clear();
    report_->findings.clear();
  }
  return incident_index;
}

void ReportBuilder::AddInputFinding(const Finding& finding, const std::vector<size_t>& incidents) {
  if (incidents.empty()) return;
  ReportFinding rf = MakeReportFinding(finding);
  size_t primary = incidents.front();
  rf.incident = primary;
  rf.rank = -1;  // ranked in Finish()
  if (on_incident_) {
    // Streaming: the incidents are gone; their briefs remain.
    for (size_t i : incidents) {
      const Brief& b = briefs_[i];
      rf.events.insert(rf.events.end(), b.events.begin(), b.events.end());
    }
    const Brief& b = briefs_[primary];
    rf.location = b.location;
    rf.input = b.input;
    rf.input_line = b.first_line;
    std::sort(rf.events.begin(), rf.events.end());
    report_->findings.push_back(std::move(rf));
    return;
  }
  ReportIncident& inc = report_->incidents[primary];
  for (size_t i : incidents) {
    for (size_t e : report_->incidents[i].events) rf.events.push_back(e);
  }
  std::sort(rf.events.begin(), rf.events.end());
  const std::optional<Frame>& f = inc.user_frame ? inc.user_frame : inc.broke_frame;
  if (f) rf.location = Location{f->file, f->line, f->column};
  rf.input = inc.input;
  rf.input_line = inc.first_line;
  inc.findings.push_back(report_->findings.size());
  report_->findings.push_back(std::move(rf));
}

void ReportBuilder::Finish() {
  if (on_incident_) return;
  auto& fs = report_->findings;
  // Rank within each incident: more tests met, then priority, then severity.
  for (auto& inc : report_->incidents) {
    std::stable_sort(inc.findings.begin(), inc.findings.end(), [&](size_t a, size_t b) {
      const auto& x = fs[a];
      const auto& y = fs[b];
      if (x.specificity != y.specificity) return x.specificity > y.specificity;
      if (x.priority != y.priority) return x.priority > y.priority;
      return SeverityRank(x.severity) < SeverityRank(y.severity);
    });
    int rank = 0;
    for (size_t i : inc.findings) fs[i].rank = rank++;
  }
  auto severity_rank = SeverityRank;
  std::vector<size_t> order(fs.size());
  std::iota(order.begin(), order.end(), 0);
  // Each incident's best finding first (errors before warnings), then the
  // runners-up; input order breaks ties.
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const auto& x = fs[a];
    const auto& y = fs[b];
    if (x.rank != y.rank) return x.rank < y.rank;
    if (severity_rank(x.severity) != severity_rank(y.severity)) {
      return severity_rank(x.severity) < severity_rank(y.severity);
    }
    return x.incident < y.incident;
  });
  std::vector<ReportFinding> sorted;
  std::vector<size_t> new_index(fs.size());
  for (size_t i = 0; i < order.size(); ++i) {
    new_index[order[i]] = i;
    sorted.push_back(std::move(fs[order[i]]));
  }
  fs = std::move(sorted);
  for (auto& inc : report_->incidents) {
    for (auto& idx : inc.findings) idx = new_index[idx];
  }
}

}  // namespace tbx
