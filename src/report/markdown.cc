// --format markdown: a report to paste into an issue: a summary, then for
// each incident what happened, where, why and the steps, and the original
// error output in a collapsible block.
#include <algorithm>

#include "report/location.h"
#include "report/renderer.h"
#include "util/strings.h"
#include "util/term.h"

namespace tbx {
namespace {

// `file:line`, or `line N` for a frame printed without its file.
std::string FileLine(const Frame& f) {
  if (f.file.empty()) return "line " + std::to_string(f.line);
  return f.file + ":" + std::to_string(f.line);
}


// Inline code that survives backticks inside it.
std::string Code(std::string_view s) {
  std::string text = Printable(s);
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

// A fenced block that no line of `lines` can close.
std::string Fence(const std::vector<std::string>& lines) {
  size_t longest = 2;
  for (const auto& l : lines) {
    size_t run = 0;
    for (char c : l) {
      run = c == '`' ? run + 1 : 0;
      longest = std::max(longest, run);
    }
  }
  return std::string(longest + 1, '`');
}

}  // namespace

void RenderMarkdown(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  size_t n = report.incidents.size();
  out << "## tbexplain: " << n << (n == 1 ? " incident" : " incidents") << "\n\n";
  for (size_t i = 0; i < n; ++i) {
    const ReportIncident& inc = report.incidents[i];
    out << "### " << i + 1 << ". ";
    if (inc.findings.empty()) {
      out << "No rule explains this incident\n\n";
    } else {
      const ReportFinding& top = report.findings[inc.findings.front()];
      out << Printable(top.title) << "\n\n";
      out << "*" << top.severity << "* · rule " << Code(top.rule) << " · " << Code(inc.input) << " lines "
          << inc.first_line << "-" << inc.last_line << "\n\n";
    }
    out << "**What happened**\n\n";
    for (size_t idx : inc.events) {
      const Event& e = report.events[idx];
      if (e.kind == kPythonTraceback) {
        for (const auto& x : e.exceptions) {
          out << "- " << Code(x.type + (x.message.empty() ? "" : ": " + FirstLineOf(x.message))) << "\n";
        }
      } else if (e.kind == kRustPanic) {
        out << "- Rust panic in thread " << Code(e.thread) << ": " << Code(FirstLineOf(e.message)) << "\n";
      } else {
        out << "- " << Printable(e.tool) << " " << Printable(e.level) << ": "
            << Code((e.code.empty() ? "" : e.code + " ") + FirstLineOf(e.message)) << "\n";
      }
    }
    out << "\n";
    if (inc.user_frame) {
      out << "**Where**: " << Code(FileLine(*inc.user_frame)) << " (your code)";
      if (inc.broke_frame) out << ", broke in " << Code(FileLine(*inc.broke_frame));
      out << "\n\n";
    } else if (inc.broke_frame) {
      out << "**Where**: " << Code(FileLine(*inc.broke_frame)) << "\n\n";
    }
    if (!inc.findings.empty()) {
      const ReportFinding& top = report.findings[inc.findings.front()];
      out << "**Why**\n\n" << Printable(top.explanation) << "\n\n**What to do**\n\n";
      int k = 1;
      for (const auto& s : top.remediation) {
        out << k++ << ". " << Printable(s.text) << "\n";
        if (s.command) {
          std::string fence = Fence({*s.command});
          out << "   " << fence << "sh\n   " << Printable(*s.command) << "\n   " << fence << "\n";
        }
      }
      out << "\n";
      for (size_t j = 1; j < inc.findings.size(); ++j) {
        const ReportFinding& f = report.findings[inc.findings[j]];
        out << (j == 1 ? "Also possible:\n\n" : "") << "- " << Printable(f.title) << " (" << Code(f.rule) << ")\n";
      }
      if (inc.findings.size() > 1) out << "\n";
      if (!top.references.empty()) {
        out << "References: ";
        for (size_t j = 0; j < top.references.size(); ++j) {
          out << (j ? ", " : "") << "<" << Printable(top.references[j]) << ">";
        }
        out << "\n\n";
      }
    }
    std::vector<std::string> lines;
    for (size_t idx : inc.events) {
      const Event& e = report.events[idx];
      lines.insert(lines.end(), e.lines.begin(), e.lines.end());
    }
    std::string fence = Fence(lines);
    out << "<details><summary>Original error output</summary>\n\n" << fence << "text\n";
    for (const auto& l : lines) out << Printable(l) << "\n";
    out << fence << "\n\n</details>\n\n";
  }
}

}  // namespace tbx
