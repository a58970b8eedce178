// --format quickfix: one line per finding, `file:line:col: severity: title
// [rule-id]` (GNU style), which Vim's default 'errorformat' (%f:%l:%c:%m,
// %f:%l:%m) and Emacs's compilation-mode read as they are. Without a column
// the `col:` part is left out. Findings come most relevant first.
#include "report/location.h"
#include "report/renderer.h"
#include "util/term.h"

namespace tbx {

void RenderQuickfix(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  for (const auto& f : report.findings) {
    FindingPlace p = PlaceOf(report, f);
    // A newline in a file name would split the entry: Printable escapes it.
    out << Printable(p.file) << ':' << p.line << ':';
    if (p.column > 0) out << p.column << ':';
    out << ' ' << f.severity << ": " << Printable(FirstLineOf(f.title)) << " [" << Printable(f.rule)
        << "]\n";
  }
}

}  // namespace tbx
