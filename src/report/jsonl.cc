// --format jsonl: JSON Lines, written as each incident completes so that a
// huge log streams through in constant memory. One object per line:
//   {"type":"event","id":N,...}      the event fields of docs/json.md
//   {"type":"finding","id":N,...}    the finding fields of docs/json.md
//   {"type":"incident","id":N,"events":[...],"findings":[...],"first_line":...}
//   {"type":"summary","inputs":[...],"events":N,"incidents":N,"findings":N}  last
// Ids are the indexes --format json would give.
#include "report/json_parts.h"
#include "report/renderer.h"

namespace tbx {
namespace {

void FindingLine(std::ostream& out, const ReportFinding& f, size_t id) {
  JsonWriter w(out, 0);
  w.BeginObject();
  w.Key("type");
  w.String("finding");
  w.Key("id");
  w.Int(static_cast<int64_t>(id));
  WriteFindingFields(w, f);
  w.EndObject();
  out << '\n';
}

}  // namespace

void StreamJsonl(const Report& report, const RenderOptions& options, std::ostream& out) {
  for (size_t i = 0; i < report.events.size(); ++i) {
    JsonWriter w(out, 0);
    w.BeginObject();
    w.Key("type");
    w.String("event");
    w.Key("id");
    w.Int(static_cast<int64_t>(report.event_base + i));
    WriteEventFields(w, report.events[i]);
    w.EndObject();
    out << '\n';
  }
  for (size_t i = 0; i < report.findings.size(); ++i) FindingLine(out, report.findings[i], report.finding_base + i);
  for (size_t i = 0; i < report.incidents.size(); ++i) {
    const ReportIncident& inc = report.incidents[i];
    JsonWriter w(out, 0);
    w.BeginObject();
    w.Key("type");
    w.String("incident");
    w.Key("id");
    w.Int(static_cast<int64_t>(report.incident_base + i));
    w.Key("input");
    w.String(inc.input);
    w.Key("first_line");
    w.Int(static_cast<int64_t>(inc.first_line));
    w.Key("last_line");
    w.Int(static_cast<int64_t>(inc.last_line));
    w.Key("events");
    w.BeginArray();
    for (size_t e : inc.events) w.Int(static_cast<int64_t>(e));
    w.EndArray();
    w.Key("findings");
    w.BeginArray();
    for (size_t f : inc.findings) w.Int(static_cast<int64_t>(f));
    w.EndArray();
    w.EndObject();
    out << '\n';
  }
  if (options.flush_each) out.flush();
}

void RenderJsonl(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  // What is left after streaming: the findings of input-scope rules.
  for (size_t i = 0; i < report.findings.size(); ++i) FindingLine(out, report.findings[i], report.finding_base + i);
  JsonWriter w(out, 0);
  w.BeginObject();
  w.Key("type");
  w.String("summary");
  WriteInputs(w, report);
  w.Key("events");
  w.Int(static_cast<int64_t>(report.event_base + report.events.size()));
  w.Key("incidents");
  w.Int(static_cast<int64_t>(report.incident_base + report.incidents.size()));
  w.Key("findings");
  w.Int(static_cast<int64_t>(report.finding_base + report.findings.size()));
  w.EndObject();
  out << '\n';
}

}  // namespace tbx
