// Every real paste in tests/corpus/ (copied from ../shared/corpus/) parses
// as its expect.yaml says: the same Python exceptions in printed order (type,
// first line of the message, number of frames), the same Rust panics
// (thread, first message line, location, number of backtrace frames) and the
// same rustc/cargo error diagnostics (code, first message line, file, line).
// pip diagnostics are not listed in expect.yaml and are not compared.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "parse/splitter.h"
#include "util/strings.h"

namespace tbx {
namespace {

namespace fs = std::filesystem;

struct Collect : SplitSink {
  std::vector<Event> events;
  void OnEvent(Event&& e) override { events.push_back(std::move(e)); }
  void OnOtherLine(const Line&) override {}
};

std::vector<Event> Parse(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  StringSource src(ss.str());
  LineReader reader(src);
  Collect sink;
  Splitter splitter(path, sink);
  Line line;
  while (reader.Next(&line)) splitter.Feed(line);
  splitter.Finish();
  return std::move(sink.events);
}

// The first line of a message, trimmed. (Rust panic messages drop leading
// blank lines when parsed; a Python message's first line may be empty.)
std::string FirstLine(std::string_view s) {
  size_t nl = s.find('\n');
  return std::string(Trim(nl == std::string_view::npos ? s : s.substr(0, nl)));
}

std::string Str(const YAML::Node& n) { return n && !n.IsNull() ? n.as<std::string>() : ""; }
int64_t Int(const YAML::Node& n) { return n && !n.IsNull() ? n.as<int64_t>() : 0; }

// Compares one case; returns the differences, one per line.
std::string Compare(const fs::path& dir) {
  YAML::Node expect = YAML::LoadFile((dir / "expect.yaml").string());
  std::vector<Event> events = Parse((dir / "input.txt").string());
  std::ostringstream diff;

  std::vector<const Exception*> exceptions;
  std::vector<const Event*> panics, diagnostics;
  for (const auto& e : events) {
    if (e.kind == kPythonTraceback) {
      for (const auto& x : e.exceptions) {
        if (!x.type.empty()) exceptions.push_back(&x);
      }
    } else if (e.kind == kRustPanic) {
      panics.push_back(&e);
    } else if (e.kind == kDiagnostic && e.level == "error" && e.tool != "pip" && e.tool != "python") {
      diagnostics.push_back(&e);
    }
  }
  const YAML::Node ex = expect["exceptions"];
  if (ex.size() != exceptions.size()) {
    diff << "exceptions: " << exceptions.size() << ", expected " << ex.size() << "\n";
  }
  for (size_t i = 0; i < std::min<size_t>(ex.size(), exceptions.size()); ++i) {
    const Exception& x = *exceptions[i];
    if (x.type != Str(ex[i]["type"])) diff << "exception " << i << " type " << x.type << ", expected " << Str(ex[i]["type"]) << "\n";
    if (FirstLine(x.message) != FirstLine(Str(ex[i]["message"]))) {
      diff << "exception " << i << " message '" << FirstLine(x.message) << "', expected '" << FirstLine(Str(ex[i]["message"])) << "'\n";
    }
    int64_t frames = static_cast<int64_t>(x.frames.size() + x.frames.elided());
    if (frames != Int(ex[i]["frames"])) diff << "exception " << i << " frames " << frames << ", expected " << Int(ex[i]["frames"]) << "\n";
  }
  const YAML::Node pa = expect["panics"];
  if (pa.size() != panics.size()) diff << "panics: " << panics.size() << ", expected " << pa.size() << "\n";
  for (size_t i = 0; i < std::min<size_t>(pa.size(), panics.size()); ++i) {
    const Event& p = *panics[i];
    if (p.thread != Str(pa[i]["thread"])) diff << "panic " << i << " thread " << p.thread << ", expected " << Str(pa[i]["thread"]) << "\n";
    if (FirstLine(p.message) != FirstLine(Str(pa[i]["message"]))) {
      diff << "panic " << i << " message '" << FirstLine(p.message) << "', expected '" << FirstLine(Str(pa[i]["message"])) << "'\n";
    }
    std::string file = p.location ? p.location->file : "";
    if (file != Str(pa[i]["file"])) diff << "panic " << i << " file " << file << ", expected " << Str(pa[i]["file"]) << "\n";
    if ((p.location ? p.location->line : 0) != Int(pa[i]["line"])) diff << "panic " << i << " line differs\n";
    if ((p.location ? p.location->column : 0) != Int(pa[i]["column"])) diff << "panic " << i << " column differs\n";
    int64_t frames = static_cast<int64_t>(p.frames.size() + p.frames.elided());
    if (frames != Int(pa[i]["backtrace_frames"])) diff << "panic " << i << " backtrace frames " << frames << ", expected " << Int(pa[i]["backtrace_frames"]) << "\n";
  }
  const YAML::Node di = expect["diagnostics"];
  if (di.size() != diagnostics.size()) diff << "diagnostics: " << diagnostics.size() << ", expected " << di.size() << "\n";
  for (size_t i = 0; i < std::min<size_t>(di.size(), diagnostics.size()); ++i) {
    const Event& d = *diagnostics[i];
    if (d.code != Str(di[i]["code"])) diff << "diagnostic " << i << " code " << d.code << ", expected " << Str(di[i]["code"]) << "\n";
    if (FirstLine(d.message) != FirstLine(Str(di[i]["message"]))) {
      diff << "diagnostic " << i << " message '" << FirstLine(d.message) << "', expected '" << FirstLine(Str(di[i]["message"])) << "'\n";
    }
    std::string file = d.location ? d.location->file : "";
    if (file != Str(di[i]["file"])) diff << "diagnostic " << i << " file " << file << ", expected " << Str(di[i]["file"]) << "\n";
    if ((d.location ? d.location->line : 0) != Int(di[i]["line"])) diff << "diagnostic " << i << " line differs\n";
  }
  return diff.str();
}

TEST_CASE("corpus: every real paste parses as its expect.yaml says") {
  fs::path root = fs::path(TBEXPLAIN_SOURCE_DIR) / "tests" / "corpus";
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(root)) {
    if (entry.is_directory()) cases.push_back(entry.path());
  }
  std::sort(cases.begin(), cases.end());
  REQUIRE(cases.size() >= 30);
  int agree = 0;
  for (const auto& dir : cases) {
    std::string diff = Compare(dir);
    CAPTURE(dir.filename().string());
    CAPTURE(diff);
    CHECK(diff.empty());
    agree += diff.empty();
  }
  MESSAGE("corpus: " << agree << " of " << cases.size() << " cases parse as expected");
}

}  // namespace
}  // namespace tbx
