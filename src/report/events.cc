// --format events: what the parser saw, one line per event and per
// exception, frame, cause and incident, for rule authors and for reviewing
// the parser's golden files. No findings.
#include "report/renderer.h"
#include "util/strings.h"
#include "util/term.h"

namespace tbx {
namespace {

std::string Where(const std::string& file, int64_t line, int64_t column) {
  std::string s = file.empty() ? "?" : Printable(file);
  if (line) s += ":" + std::to_string(line);
  if (column) s += ":" + std::to_string(column);
  return s;
}

std::string Quoted(std::string_view s) {
  // Messages keep their line breaks visible but on one line.
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') out += "\\n";
    else if (c == '"') out += "\\\"";
    else out += c;
  }
  return Printable(out) + "\"";
}

void FrameLine(std::ostream& out, const Frame& f, std::string_view indent) {
  out << indent << "frame ";
  if (f.index >= 0) out << "#" << f.index << " ";
  out << Where(f.file, f.line, f.column);
  if (!f.function.empty()) out << " in " << Printable(f.function);
  out << " [" << OriginName(f.origin) << "]";
  if (f.repeated) out << " repeated " << f.repeated;
  out << '\n';
}

void FrameLines(std::ostream& out, const FrameList& frames, std::string_view indent) {
  const auto& fs = frames.frames();
  for (size_t i = 0; i < fs.size(); ++i) {
    if (frames.elided() && i == FrameList::kHead) {
      out << indent << "(" << frames.elided() << " frames elided)\n";
    }
    FrameLine(out, fs[i], indent);
  }
}

}  // namespace

void RenderEvents(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  for (size_t i = 0; i < report.events.size(); ++i) {
    const Event& e = report.events[i];
    out << "event " << i << ": " << e.kind << " " << Printable(e.input) << ":" << e.first_line << "-"
        << e.last_line;
    if (e.partial) out << " partial (" << Printable(e.partial_reason) << ")";
    if (!e.test.empty()) out << " test " << Printable(e.test);
    out << '\n';
    if (e.kind == kPythonTraceback) {
      if (!e.thread.empty()) out << "  thread " << Quoted(e.thread) << '\n';
      for (const auto& x : e.exceptions) {
        out << "  exception";
        if (x.depth) out << " depth " << x.depth;
        if (x.chain != Chain::kNone) out << " (" << ChainName(x.chain) << ")";
        out << " " << (x.type.empty() ? "?" : Printable(x.type)) << " " << Quoted(x.message) << '\n';
        if (x.location) FrameLine(out, *x.location, "    location ");
        FrameLines(out, x.frames, "    ");
      }
    } else if (e.kind == kRustPanic || e.kind == kRustError) {
      if (e.kind == kRustPanic) out << "  thread " << Quoted(e.thread) << '\n';
      out << "  message " << Quoted(e.message) << '\n';
      for (const auto& c : e.causes) out << "  caused by " << Quoted(c) << '\n';
      if (e.location) out << "  at " << Where(e.location->file, e.location->line, e.location->column) << '\n';
      FrameLines(out, e.frames, "  ");
    } else {
      out << "  " << Printable(e.tool) << " " << Printable(e.level);
      if (!e.code.empty()) out << " " << Printable(e.code);
      out << " " << Quoted(e.message) << '\n';
      if (e.location) out << "  at " << Where(e.location->file, e.location->line, e.location->column) << '\n';
    }
  }
  for (size_t i = 0; i < report.incidents.size(); ++i) {
    const ReportIncident& inc = report.incidents[i];
    out << "incident " << i << ": events";
    for (size_t e : inc.events) out << " " << e;
    out << '\n';
    if (inc.user_frame) FrameLine(out, *inc.user_frame, "  user ");
    if (inc.broke_frame) FrameLine(out, *inc.broke_frame, "  broke ");
    for (const auto& [name, values] : inc.facts) {
      std::vector<std::string> vs;
      for (const auto& v : values) vs.push_back(Printable(v));
      out << "  fact " << name << " = " << Join(vs, ", ") << '\n';
    }
    for (size_t f : inc.findings) out << "  finding " << Printable(report.findings[f].rule) << '\n';
  }
}

}  // namespace tbx
