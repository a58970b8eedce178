// --format text: the explanation for people.
#include <sstream>

#include "parse/diagnostic.h"
#include "report/location.h"
#include "report/renderer.h"
#include "util/strings.h"
#include "util/term.h"

namespace tbx {
namespace {

class Styler {
 public:
  explicit Styler(bool color) : color_(color) {}
  std::string Bold(std::string_view s) const { return Wrap("1", s); }
  std::string Dim(std::string_view s) const { return Wrap("2", s); }
  std::string Red(std::string_view s) const { return Wrap("1;31", s); }
  std::string Yellow(std::string_view s) const { return Wrap("1;33", s); }
  std::string Cyan(std::string_view s) const { return Wrap("36", s); }
  std::string Heading(std::string_view s) const { return Wrap("1;4", s); }

 private:
  std::string Wrap(const char* code, std::string_view s) const {
    if (!color_) return std::string(s);
    return std::string("\x1b[") + code + "m" + std::string(s) + "\x1b[0m";
  }
  bool color_;
};

std::string FirstLine(std::string_view s, size_t* more = nullptr) { return FirstLineOf(s, more); }

std::string MoreLines(size_t n) { return " (+" + std::to_string(n) + (n == 1 ? " more line)" : " more lines)"); }

std::string Lines(uint64_t a, uint64_t b) {
  return a == b ? "line " + std::to_string(a) : "lines " + std::to_string(a) + "-" + std::to_string(b);
}

std::string FrameWhere(const Frame& f) {
  // A frame printed without its file (`  line 7, in <module>`) says so.
  if (f.file.empty()) {
    std::string s = "(file not shown)";
    if (f.line) s += " line " + std::to_string(f.line);
    if (!f.function.empty()) s += ", in " + Printable(f.function);
    return s;
  }
  std::string s = Printable(f.file);
  if (f.line) s += ":" + std::to_string(f.line);
  if (f.column) s += ":" + std::to_string(f.column);
  if (!f.function.empty()) s += ", in " + Printable(f.function);
  return s;
}

// Display width of UTF-8 text (code points; good enough for prose).
size_t Columns(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Writes `text` indented by `indent`, re-flowing each paragraph (lines
// separated by a blank line) to `width` columns. Lines that start with "- ",
// "* " or a blank are kept as they are (lists, code). Width 0: no wrapping.
void Reflow(std::ostream& out, std::string_view text, std::string_view indent, size_t width,
            std::string_view first_indent = {}) {
  bool first = true;
  auto emit = [&](std::string_view line) {
    out << (first && !first_indent.empty() ? first_indent : indent) << line << '\n';
    first = false;
  };
  std::string para;
  auto flush = [&] {
    if (para.empty()) return;
    size_t avail = width > indent.size() + 20 ? width - indent.size() : 0;
    std::string line;
    for (auto word : Split(para, ' ')) {
      if (word.empty()) continue;
      if (!line.empty() && avail && Columns(line) + 1 + Columns(word) > avail) {
        emit(line);
        line.clear();
      }
      if (!line.empty()) line += ' ';
      line += word;
    }
    if (!line.empty()) emit(line);
    para.clear();
  };
  for (auto raw : Split(TrimRight(text), '\n')) {
    std::string line = Printable(TrimRight(raw));
    if (line.empty()) {
      flush();
      out << '\n';
      continue;
    }
    if (line.starts_with("- ") || line.starts_with("* ") || line.starts_with(" ")) {
      flush();
      emit(line);
      continue;
    }
    if (!para.empty()) para += ' ';
    para += line;
  }
  flush();
}

void WhatHappened(std::ostream& out, const Report& report, const ReportIncident& inc,
                  const Styler& st) {
  out << "   " << st.Heading("What happened") << '\n';
  for (size_t idx : inc.events) {
    const Event& e = report.events[idx];
    if (e.kind == kPythonTraceback) {
      bool first = true;
      for (const auto& x : e.exceptions) {
        size_t more = 0;
        std::string msg = FirstLine(x.message, &more);
        std::string lead = "     ";
        if (!first && x.chain == Chain::kCause) lead += "which caused: ";
        else if (!first && x.chain == Chain::kContext) lead += "while handling it: ";
        else if (!first) lead += "then: ";
        std::string type = x.type.empty() ? "(exception line missing)" : x.type;
        out << lead << st.Bold(Printable(type)) << (x.message.empty() && !x.type.empty() ? "" : ": ")
            << Printable(msg);
        if (more) out << st.Dim(MoreLines(more));
        out << '\n';
        first = false;
      }
    } else if (e.kind == kRustPanic) {
      out << "     " << st.Bold("Rust panic") << " in thread '" << Printable(e.thread) << "'";
      if (e.location) {
        out << " at " << Printable(e.location->file) << ":" << e.location->line;
        if (e.location->column) out << ":" << e.location->column;
      }
      out << '\n';
      size_t more = 0;
      std::string msg = FirstLine(e.message, &more);
      out << "       " << Printable(msg.empty() ? "(empty message)" : msg);
      if (more) out << st.Dim(MoreLines(more));
      out << '\n';
    } else if (e.kind == kRustError) {
      out << "     " << st.Bold("Rust error") << " returned from main: " << Printable(FirstLine(e.message))
          << '\n';
      for (const auto& c : e.causes) out << "       caused by: " << Printable(FirstLine(c)) << '\n';
    } else if (e.kind == kDiagnostic) {
      out << "     " << st.Bold(Printable(e.tool) + " " + Printable(e.level) +
                                (e.code.empty() ? "" : "[" + Printable(e.code) + "]"))
          << ": " << Printable(FirstLine(e.message));
      if (e.location) {
        out << st.Dim(" (" + Printable(e.location->file) + ":" + std::to_string(e.location->line) +
                      (e.location->column ? ":" + std::to_string(e.location->column) : "") + ")");
      }
      out << '\n';
    }
    if (!e.test.empty()) out << "       " << st.Dim("in test " + Printable(e.test)) << '\n';
    if (e.partial) out << "       " << st.Dim("(partial: " + Printable(e.partial_reason) + ")") << '\n';
  }
}

void Where(std::ostream& out, const ReportIncident& inc, const Styler& st) {
  if (!inc.user_frame && !inc.broke_frame) return;
  out << '\n' << "   " << st.Heading("Where") << '\n';
  auto show = [&](std::string_view label, const Frame& f) {
    out << "     " << label << "  " << FrameWhere(f) << '\n';
    if (!f.code.empty()) {
      out << "                " << st.Dim(Printable(FirstLine(f.code))) << '\n';
    }
  };
  if (inc.user_frame) show("your code", *inc.user_frame);
  if (inc.broke_frame) show("broke in ", *inc.broke_frame);
}

void ExplainFinding(std::ostream& out, const ReportFinding& f, const Styler& st, size_t width) {
  out << '\n' << "   " << st.Heading("Why") << '\n';
  Reflow(out, f.explanation, "     ", width);
  if (!f.remediation.empty()) {
    out << '\n' << "   " << st.Heading("What to do") << '\n';
    int n = 1;
    for (const auto& s : f.remediation) {
      std::string num = std::to_string(n++) + ". ";
      std::string pad(5 + num.size(), ' ');
      Reflow(out, s.text, pad, width, "     " + num);
      if (s.command) {
        for (auto c : Split(TrimRight(*s.command), '\n')) {
          out << std::string(5 + num.size(), ' ') << st.Cyan("$ " + Printable(c)) << '\n';
        }
      }
    }
  }
  if (!f.references.empty()) {
    out << '\n' << "   " << st.Heading("References") << '\n';
    for (const auto& r : f.references) out << "     " << Printable(r) << '\n';
  }
}

}  // namespace

void RenderText(const Report& report, const RenderOptions& options, std::ostream& out) {
  Styler st(options.color);
  size_t n = report.incidents.size();
  std::string where;
  for (size_t i = 0; i < report.inputs.size(); ++i) {
    where += (i ? ", " : "") + Printable(report.inputs[i].name);
  }
  if (n == 0) {
    out << "tbexplain: no Python or Rust error found in " << where << ".\n";
    return;
  }
  // Warnings and build summaries that no rule explains are listed in one
  // line each at the end, so that a build log's many warnings do not bury
  // its errors.
  auto minor = [&](const ReportIncident& inc) {
    if (!inc.findings.empty()) return false;
    for (size_t idx : inc.events) {
      const Event& e = report.events[idx];
      if (e.kind != kDiagnostic || (e.level != "warning" && !IsSummaryDiagnostic(e))) return false;
    }
    return true;
  };
  if (options.brief) {
    // One line per incident: where, then the best finding or what happened.
    for (const ReportIncident& inc : report.incidents) {
      out << Printable(inc.input) << ":" << inc.first_line << ": ";
      if (!inc.findings.empty()) {
        const ReportFinding& top = report.findings[inc.findings.front()];
        out << top.severity << ": " << Printable(top.title) << " [" << Printable(top.rule) << "]\n";
        continue;
      }
      const Event& e = report.events[inc.events.back()];
      std::string what;
      if (e.kind == kPythonTraceback && !e.exceptions.empty()) {
        const Exception& x = e.exceptions.back();
        what = x.type + (x.message.empty() ? "" : ": " + FirstLine(x.message));
      } else if (e.kind == kRustPanic) {
        what = "Rust panic: " + FirstLine(e.message);
      } else {
        what = e.tool + " " + e.level + (e.code.empty() ? "" : "[" + e.code + "]") + ": " + FirstLine(e.message);
      }
      out << "unexplained: " << Printable(what) << '\n';
    }
    return;
  }
  size_t explained = 0, minors = 0;
  for (const auto& inc : report.incidents) {
    explained += !inc.findings.empty();
    minors += minor(inc);
  }
  out << "tbexplain: " << n << (n == 1 ? " incident" : " incidents") << " in " << where;
  if (explained != n) out << " (" << explained << " explained)";
  out << "\n";
  size_t number = 0;
  for (const ReportIncident& inc : report.incidents) {
    if (minor(inc)) continue;
    out << '\n';
    std::string label = std::to_string(++number) + ". ";
    if (inc.findings.empty()) {
      out << st.Bold(label + "No rule explains this incident") << '\n';
    } else {
      const ReportFinding& top = report.findings[inc.findings.front()];
      std::string sev = "[" + top.severity + "]";
      out << st.Bold(label + Printable(top.title)) << "  "
          << (top.severity == "error" ? st.Red(sev) : st.Yellow(sev)) << '\n';
    }
    std::string meta = "   " + Printable(inc.input) + ", " + Lines(inc.first_line, inc.last_line);
    if (!inc.findings.empty()) meta += " \xC2\xB7 rule " + Printable(report.findings[inc.findings.front()].rule);
    out << st.Dim(meta) << "\n\n";
    WhatHappened(out, report, inc, st);
    Where(out, inc, st);
    if (!inc.findings.empty()) {
      ExplainFinding(out, report.findings[inc.findings.front()], st, options.width);
      if (inc.findings.size() > 1) {
        out << '\n' << "   " << st.Heading("Also possible") << '\n';
        for (size_t k = 1; k < inc.findings.size(); ++k) {
          const ReportFinding& f = report.findings[inc.findings[k]];
          out << "     - " << Printable(f.title) << st.Dim(" [" + Printable(f.rule) + "]") << '\n';
        }
      }
    }
  }
  if (minors) {
    out << '\n' << st.Bold("Warnings and summaries with no explanation") << '\n';
    for (const ReportIncident& inc : report.incidents) {
      if (!minor(inc)) continue;
      for (size_t idx : inc.events) {
        const Event& e = report.events[idx];
        out << "   " << Printable(inc.input) << ":" << e.first_line << ": " << Printable(e.tool) << ' '
            << Printable(e.level) << ": " << Printable(FirstLine(e.message)) << '\n';
      }
    }
  }
}

}  // namespace tbx
