// --format sarif: SARIF 2.1.0, one run. The rules that fired are in
// tool.driver.rules (help: explanation and remediation); each finding is a
// result at its location. Validated against the OASIS schema in CTest.
#include <cctype>
#include <map>

#include "report/location.h"
#include "report/renderer.h"
#include "util/json_writer.h"
#include "util/strings.h"

#ifndef TBEXPLAIN_VERSION
#define TBEXPLAIN_VERSION "0.1.0"
#endif

namespace tbx {
namespace {

// A file path as a URI reference: relative paths stay relative, absolute
// ones become file: URIs; reserved characters are percent-encoded.
std::string ToUri(std::string_view path) {
  std::string p(path);
  for (char& c : p) {
    if (c == '\\') c = '/';
  }
  std::string prefix;
  if (p.size() >= 2 && std::isalpha(static_cast<unsigned char>(p[0])) && p[1] == ':') {
    prefix = "file:///";
  } else if (!p.empty() && p[0] == '/') {
    prefix = "file://";
  }
  static const char* kHex = "0123456789ABCDEF";
  std::string out = prefix;
  for (unsigned char c : p) {
    if (std::isalnum(c) || c == '/' || c == '.' || c == '-' || c == '_' || c == '~' ||
        (c == ':' && !prefix.empty())) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Help(const ReportFinding& f, bool markdown) {
  std::string s = f.explanation;
  s += '\n';
  int n = 1;
  for (const auto& step : f.remediation) {
    s += '\n';
    s += std::to_string(n++);
    s += ". ";
    s += step.text;
    if (step.command) {
      s += markdown ? "\n\n   `" : "\n   $ ";
      s += *step.command;
      if (markdown) s += "`\n";
    }
  }
  return s;
}

std::string Level(const std::string& severity) {
  return severity == "error" ? "error" : severity == "warning" ? "warning" : "note";
}

}  // namespace

void RenderSarif(const Report& report, const RenderOptions& /*options*/, std::ostream& out) {
  std::map<std::string, size_t> rule_index;
  std::vector<const ReportFinding*> rules;
  for (const auto& f : report.findings) {
    if (rule_index.emplace(f.rule, rules.size()).second) rules.push_back(&f);
  }
  JsonWriter w(out);
  w.BeginObject();
  w.Key("$schema");
  w.String("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json");
  w.Key("version");
  w.String("2.1.0");
  w.Key("runs");
  w.BeginArray();
  w.BeginObject();
  w.Key("tool");
  w.BeginObject();
  w.Key("driver");
  w.BeginObject();
  w.Key("name");
  w.String("tbexplain");
  w.Key("version");
  w.String(TBEXPLAIN_VERSION);
  w.Key("rules");
  w.BeginArray();
  for (const ReportFinding* f : rules) {
    w.BeginObject();
    w.Key("id");
    w.String(f->rule);
    w.Key("shortDescription");
    w.BeginObject();
    w.Key("text");
    w.String(f->title);
    w.EndObject();
    w.Key("fullDescription");
    w.BeginObject();
    w.Key("text");
    w.String(f->explanation);
    w.EndObject();
    w.Key("help");
    w.BeginObject();
    w.Key("text");
    w.String(Help(*f, false));
    w.Key("markdown");
    w.String(Help(*f, true));
    w.EndObject();
    w.Key("defaultConfiguration");
    w.BeginObject();
    w.Key("level");
    w.String(Level(f->severity));
    w.EndObject();
    if (!f->references.empty()) {
      w.Key("helpUri");
      w.String(f->references.front());
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndObject();
  w.Key("columnKind");
  w.String("unicodeCodePoints");
  w.Key("results");
  w.BeginArray();
  for (const auto& f : report.findings) {
    w.BeginObject();
    w.Key("ruleId");
    w.String(f.rule);
    w.Key("ruleIndex");
    w.Int(static_cast<int64_t>(rule_index[f.rule]));
    w.Key("level");
    w.String(Level(f.severity));
    w.Key("message");
    w.BeginObject();
    w.Key("text");
    w.String(f.title + "\n\n" + Help(f, false));
    w.EndObject();
    FindingPlace p = PlaceOf(report, f);
    if (!p.file.empty() && p.file.front() != '<') {
      w.Key("locations");
      w.BeginArray();
      w.BeginObject();
      w.Key("physicalLocation");
      w.BeginObject();
      w.Key("artifactLocation");
      w.BeginObject();
      w.Key("uri");
      w.String(ToUri(p.file));
      w.EndObject();
      w.Key("region");
      w.BeginObject();
      w.Key("startLine");
      w.Int(p.line > 0 ? p.line : 1);
      if (p.column > 0) {
        w.Key("startColumn");
        w.Int(p.column);
      }
      w.EndObject();
      w.EndObject();
      w.EndObject();
      w.EndArray();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  w.EndArray();
  w.EndObject();
  out << '\n';
}

}  // namespace tbx
