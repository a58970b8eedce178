#include "app/run.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <set>

#include "app/analyze.h"
#include "app/jobs.h"
#include "app/rule_tests.h"
#include "report/redact.h"
#include "report/renderer.h"
#include "rules/cache.h"
#include "rules/loader.h"
#include "util/term.h"

#ifndef TBEXPLAIN_VERSION
#define TBEXPLAIN_VERSION "0.1.0"
#endif

namespace tbx {
namespace {

namespace fs = std::filesystem;

std::string ExecutableDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) return ".";
  buf[n] = 0;
  return fs::path(buf).parent_path().string();
}

std::string BuiltinRulesDir() {
  fs::path exe = ExecutableDir();
  std::error_code ec;
  // The build tree links <build>/rules to the sources; an install has
  // <prefix>/share/tbexplain/rules beside <prefix>/bin.
  for (const fs::path& p : {exe / "rules", exe.parent_path() / "share" / "tbexplain" / "rules"}) {
    if (fs::is_directory(p, ec)) return p.string();
  }
  return "";
}

std::string UserRulesDir() {
  const char* xdg = std::getenv("XDG_CONFIG_HOME");
  fs::path base;
  if (xdg && *xdg) {
    base = xdg;
  } else if (const char* home = std::getenv("HOME"); home && *home) {
    base = fs::path(home) / ".config";
  } else {
    return "";
  }
  fs::path p = base / "tbexplain" / "rules";
  std::error_code ec;
  return fs::is_directory(p, ec) ? p.string() : "";
}

// The compiled cache of the rules folder `dir` (see rules/cache.h): the
// folder's name with ".cache", beside it: build/rules.cache beside
// build/rules, share/tbexplain/rules.cache once installed.
std::string RuleCachePath(const std::string& dir) {
  fs::path p(dir);
  if (!p.has_filename()) p = p.parent_path();  // "rules/"
  return p.string() + ".cache";
}

int PrintErrors(const std::vector<Diag>& errors, std::ostream& err) {
  for (const auto& d : errors) err << d.Format() << '\n';
  return errors.empty() ? 0 : 2;
}

int ListRules(const RuleSet& rules, std::ostream& out) {
  for (const Rule* r : rules.rules()) {
    out << Printable(r->id) << '\t' << Printable(r->file) << ':' << r->line << '\t'
        << Printable(r->title.Expand({}, {})) << '\n';
  }
  return 0;
}

// Every distinct regex of the rules' conditions, one per line, in RE2
// syntax (which ripgrep reads as it is): what a line-oriented search tool
// needs to look for what the rules look for (bench/ compares with them).
int PrintPatterns(const RuleSet& rules, std::ostream& out) {
  std::vector<const Regex*> all;
  for (const Rule* r : rules.rules()) CollectPatterns(r->match, &all, /*captures=*/true);
  std::set<std::string> seen;
  for (const Regex* re : all) {
    std::string p = re->pattern();
    // One pattern a line: a newline in a pattern becomes the escape \n.
    for (size_t i = 0; (i = p.find('\n', i)) != std::string::npos;) p.replace(i, 1, "\\n");
    if (seen.insert(p).second) out << p << '\n';
  }
  return 0;
}

int TestRules(const RuleSet& rules, std::ostream& out) {
  RuleTestResult r = TestRuleExamples(rules);
  for (const auto& f : r.failures) out << "FAIL " << Printable(f) << '\n';
  out << r.passed << " passed, " << r.failed << " failed\n";
  return r.failed ? 1 : 0;
}

// Reads one FILE argument ("-": standard input) into `sink`; `prompt` is
// called before reading a terminal.
InputSummary ExplainFile(const std::string& file, const RuleSet& rules, const AnalyzeSink& sink,
                         const std::function<void()>& prompt) {
  if (file == "-") {
    if (isatty(0)) prompt();
    FdSource src(0);
    return Analyze("<stdin>", src, rules, sink);
  }
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    InputSummary summary;
    summary.name = file;
    summary.error = std::strerror(errno);
    return summary;
  }
  FdSource src(fd);
  InputSummary summary = Analyze(file, src, rules, sink);
  ::close(fd);
  return summary;
}

}  // namespace

std::vector<std::string> RuleDirs(const Options& options, const std::string& builtin) {
  std::vector<std::string> dirs;
  if (options.default_rules) {
    if (!builtin.empty()) dirs.push_back(builtin);
    if (auto u = UserRulesDir(); !u.empty()) dirs.push_back(u);
  }
  for (const auto& d : options.rule_dirs) dirs.push_back(d);
  return dirs;
}

bool LoadRules(const std::vector<std::string>& dirs, RuleSet* rules, std::vector<Diag>* errors,
               size_t* files, bool use_cache) {
  bool ok = true;
  for (const auto& dir : dirs) {
    if (CompiledRules compiled; use_cache && ReadRuleCache(RuleCachePath(dir), dir, &compiled)) {
      rules->AddLayer(std::move(compiled));
      continue;
    }
    std::vector<Rule> layer;
    ok &= LoadRuleDir(dir, &layer, errors);
    rules->AddLayer(std::move(layer));
  }
  if (files) *files = dirs.size();
  return ok;
}

int Run(const Options& options, std::ostream& out, std::ostream& err, bool keep_rules) {
  switch (options.command) {
    case Command::kHelp:
      out << options.help;
      return 0;
    case Command::kVersion:
      out << "tbexplain " << TBEXPLAIN_VERSION << '\n';
      return 0;
    default:
      break;
  }
  auto rules_owner = std::make_unique<RuleSet>();
  RuleSet& rules = *rules_owner;
  // Freeing every rule's tree, regexes and templates at the end took about
  // a sixth of a paste's instructions; a process about to exit need not.
  struct Keep {
    std::unique_ptr<RuleSet>& owner;
    bool keep;
    ~Keep() {
      if (keep) (void)owner.release();
    }
  } keep{rules_owner, keep_rules};
  std::vector<Diag> errors;
  const std::string builtin = BuiltinRulesDir();
  std::vector<std::string> dirs = RuleDirs(options, builtin);
  if (options.command == Command::kRulesCompile) {
    // The built-in folder (unless --no-default-rules) and each --rules DIR.
    std::vector<std::string> compile;
    if (options.default_rules && !builtin.empty()) compile.push_back(builtin);
    for (const auto& d : options.rule_dirs) compile.push_back(d);
    if (compile.empty()) {
      err << "tbexplain: no rules folder to compile (none next to the program; name one with --rules DIR)\n";
      return 2;
    }
    for (const auto& dir : compile) {
      std::vector<Rule> layer;
      if (!LoadRuleDir(dir, &layer, &errors)) return PrintErrors(errors, err);
      std::string path = RuleCachePath(dir), error;
      if (!WriteRuleCache(layer, dir, path, &error)) {
        err << "tbexplain: " << error << '\n';
        return 2;
      }
      out << "tbexplain: " << layer.size() << " rules compiled into " << path << '\n';
    }
    return 0;
  }
  // Explaining: each folder from its compiled cache when there is one up to
  // date with the rule files (rules lint/test/list read the YAML).
  LoadRules(dirs, &rules, &errors, nullptr, options.command == Command::kExplain);
  if (!errors.empty()) {
    PrintErrors(errors, err);
    if (options.command != Command::kRulesLint) {
      err << "tbexplain: " << errors.size() << (errors.size() == 1 ? " error" : " errors")
          << " in the rules; `tbexplain rules lint` lists them\n";
    }
    return 2;
  }
  switch (options.command) {
    case Command::kRulesList:
      return ListRules(rules, out);
    case Command::kRulesLint:
      out << "tbexplain: " << rules.size() << " rules, no problems\n";
      return 0;
    case Command::kRulesTest:
      return TestRules(rules, out);
    case Command::kRulesPatterns:
      return PrintPatterns(rules, out);
    default:
      break;
  }

  Report report;
  report.rule_count = rules.size();
  ReportBuilder builder(&report);
  const RendererDef* renderer = FindRenderer(options.format);
  RenderOptions ro;
  ro.color = options.format == "text" && UseColor(options.color, 1);
  ro.width = TerminalWidth(1);
  ro.brief = options.brief;
  ro.flush_each = !IsRegularFile(1);
  if (renderer->stream) {
    // Streaming formats write each incident as soon as it is complete.
    builder.Stream([&](const Report& r) {
      if (options.redact) {
        Report copy = r;
        RedactReport(&copy);
        renderer->stream(copy, ro, out);
      } else {
        renderer->stream(r, ro, out);
      }
    });
  }
  int status = 0;
  std::mutex err_mutex;  // workers prompt for a paste while the main thread may report errors
  auto explain = [&](size_t i, const AnalyzeSink& sink) {
    return ExplainFile(options.files[i], rules, sink, [&] {
      std::lock_guard lock(err_mutex);
      err << "Paste the error output, then press Ctrl-D on an empty line.\n";
    });
  };
  auto begin = [&](size_t) { return BuilderSink(builder); };
  auto end = [&](size_t, InputSummary&& summary) {
    if (!summary.error.empty()) {
      std::lock_guard lock(err_mutex);
      err << "tbexplain: cannot read " << Printable(summary.name) << ": " << summary.error << '\n';
      status = 2;
    }
    report.inputs.push_back(std::move(summary));
  };
  ExplainFiles(options.files, JobThreads(options.jobs, options.files.size()), explain, begin, end);
  builder.Finish();
  if (options.redact) RedactReport(&report);
  renderer->render(report, ro, out);
  out.flush();
  return status;
}

}  // namespace tbx
