// --format github: GitHub Actions workflow commands, one per finding:
//   ::error file=F,line=L,col=C,title=T::MESSAGE
// with @actions/core's escaping (properties: % CR LF : , ; data: % CR LF),
// so that `tbexplain build.log --format github` annotates the files.
#include "report/location.h"
#include "report/renderer.h"
#include "util/strings.h"

namespace tbx {
namespace {

std::string Escape(std::string_view s, bool property) {
  std::string valid;
  AppendValidUtf8(s, &valid);
  std::string out;
  for (char c : valid) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default:
        // Other control characters would reach the runner's log raw.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
          static const char* kHex = "0123456789ABCDEF";
          out += '%';
          out += kHex[(c >> 4) & 15];
          out += kHex[c & 15];
        } else {
          out += c;
        }
    }
  }
  return out;
}

}  // namespace

void RenderGithub(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  for (const auto& f : report.findings) {
    FindingPlace p = PlaceOf(report, f);
    std::string command = f.severity == "error" ? "error" : f.severity == "warning" ? "warning" : "notice";
    out << "::" << command << " file=" << Escape(p.file, true) << ",line=" << p.line;
    if (p.column > 0) out << ",col=" << p.column;
    out << ",title=" << Escape(f.title + " [" + f.rule + "]", true) << "::";
    std::string message = f.explanation;
    int n = 1;
    for (const auto& s : f.remediation) {
      message += "\n" + std::to_string(n++) + ". " + s.text;
      if (s.command) message += "\n   $ " + *s.command;
    }
    out << Escape(message, false) << '\n';
  }
}

}  // namespace tbx
