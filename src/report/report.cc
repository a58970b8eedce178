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
  size_t incident_index = report_->incidents.size();
  for (auto& e : incident.events) {
    if (ri.events.empty()) {
      ri.input = e.input;
      ri.first_line = e.first_line;
    }
    ri.last_line = e.last_line;
    ri.partial |= e.partial;
    ri.events.push_back(report_->events.size());
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
    rf.rank = rank++;
    ri.findings.push_back(report_->findings.size());
    report_->findings.push_back(std::move(rf));
  }
  report_->incidents.push_back(std::move(ri));
  return incident_index;
}

void ReportBuilder::AddInputFinding(const Finding& finding, const std::vector<size_t>& incidents) {
  if (incidents.empty()) return;
  ReportIncident& primary = report_->incidents[incidents.front()];
  ReportFinding rf = MakeReportFinding(finding);
  for (size_t i : incidents) {
    for (size_t e : report_->incidents[i].events) rf.events.push_back(e);
  }
  std::sort(rf.events.begin(), rf.events.end());
  const std::optional<Frame>& f = primary.user_frame ? primary.user_frame : primary.broke_frame;
  if (f) rf.location = Location{f->file, f->line, f->column};
  rf.input = primary.input;
  rf.incident = incidents.front();
  rf.rank = -1;  // ranked in Finish()
  primary.findings.push_back(report_->findings.size());
  report_->findings.push_back(std::move(rf));
}

void ReportBuilder::Finish() {
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
