#include "app/options.h"

#include <boost/program_options.hpp>
#include <charconv>
#include <sstream>

#include "report/renderer.h"
#include "util/spellcheck.h"
#include "util/strings.h"

namespace po = boost::program_options;

namespace tbx {
namespace {

const char* kUsage =
    "Usage: tbexplain [OPTIONS] [FILE...]\n"
    "       tbexplain rules list|lint|test|patterns|compile [--rules DIR]... [--no-default-rules]\n"
    "\n"
    "Explains Python and Rust error output: tracebacks, panics, compiler and pip\n"
    "errors, also inside CI logs. Reads each FILE, or standard input when there is\n"
    "none or FILE is '-'.\n";

const char* kExit =
    "\n"
    "Exit status:\n"
    "  0  the input was read (whether or not anything was found)\n"
    "  1  rules test: a rule's example failed\n"
    "  2  usage error, unreadable file, or bad rule file\n";

struct Commands {
  std::string_view name;
  Command command;
};
const Commands kRulesCommands[] = {{"list", Command::kRulesList},
                                   {"lint", Command::kRulesLint},
                                   {"test", Command::kRulesTest},
                                   {"patterns", Command::kRulesPatterns},
                                   {"compile", Command::kRulesCompile}};

std::vector<std::string> RulesCommandNames() {
  std::vector<std::string> names;
  for (const auto& c : kRulesCommands) names.emplace_back(c.name);
  return names;
}

std::string JoinOr(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    out += i == 0 ? "" : i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

bool ParseOptions(int argc, const char* const* argv, Options* out, std::string* error) {
  std::string formats;
  for (const auto& r : Renderers()) {
    formats += (formats.empty() ? "" : ", ") + std::string(r.name);
  }
  po::options_description visible("Options");
  std::string color = "auto";
  std::string jobs = "1";
  visible.add_options()
      ("help,h", "show this help and exit")
      ("version", "show the version and exit")
      ("format,f", po::value<std::string>(&out->format)->default_value("text"),
       ("output format: " + formats).c_str())
      ("color", po::value<std::string>(&color)->default_value("auto"),
       "auto, always or never; auto colours a terminal unless NO_COLOR is set")
      ("rules", po::value<std::vector<std::string>>(&out->rule_dirs)->composing(),
       "also load the rules in DIR (repeatable; later rules replace earlier ones with the same id)")
      ("no-default-rules", "do not load the built-in and user rules")
      ("jobs,j", po::value<std::string>(&jobs)->default_value("1"),
       "read this many files at once (0: one per CPU); the output is the same as with 1")
      ("brief", "text format: one line per incident")
      ("redact", "mask tokens, API keys, passwords in URLs and user names in home paths in all output");
  po::options_description hidden;
  hidden.add_options()("input", po::value<std::vector<std::string>>(&out->files)->composing());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description pos;
  pos.add("input", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names = {"--help", "--version", "--format", "--color", "--rules",
                                      "--no-default-rules", "--brief", "--redact", "--jobs"};
    std::string best = Spellcheck(e.get_option_name(), names);
    *error = "unknown option '" + e.get_option_name() + "'" +
             (best.empty() ? "" : "; did you mean '" + best + "'?");
    return false;
  } catch (const po::error& e) {
    *error = e.what();
    return false;
  }
  std::ostringstream help;
  help << kUsage << '\n' << visible << kExit;
  out->help = help.str();
  if (vm.count("help")) {
    out->command = Command::kHelp;
    return true;
  }
  if (vm.count("version")) {
    out->command = Command::kVersion;
    return true;
  }
  out->default_rules = vm.count("no-default-rules") == 0;
  out->brief = vm.count("brief") > 0;
  out->redact = vm.count("redact") > 0;
  if (color == "auto") out->color = ColorMode::kAuto;
  else if (color == "always") out->color = ColorMode::kAlways;
  else if (color == "never") out->color = ColorMode::kNever;
  else {
    *error = "--color must be auto, always or never, not '" + color + "'";
    return false;
  }
  auto [end, ec] = std::from_chars(jobs.data(), jobs.data() + jobs.size(), out->jobs);
  if (jobs.empty() || ec != std::errc() || end != jobs.data() + jobs.size()) {
    *error = "--jobs must be a number of files, 0 or more, not '" + jobs + "'";
    return false;
  }
  if (!FindRenderer(out->format)) {
    std::vector<std::string> names;
    for (const auto& r : Renderers()) names.emplace_back(r.name);
    std::string best = Spellcheck(out->format, names);
    *error = "unknown format '" + out->format + "'" +
             (best.empty() ? "; formats are: " + formats : "; did you mean '" + best + "'?");
    return false;
  }
  // `tbexplain rules SUBCOMMAND`: only when "rules" is the first word, so
  // that a file named "rules" can still be read as ./rules.
  if (argc > 1 && std::string_view(argv[1]) == "rules") {
    if (out->files.size() < 2) {
      *error = "rules needs a subcommand: " + JoinOr(RulesCommandNames());
      return false;
    }
    const std::string& sub = out->files[1];
    bool found = false;
    for (const auto& c : kRulesCommands) {
      if (c.name == sub) {
        out->command = c.command;
        found = true;
      }
    }
    if (!found) {
      std::string best = Spellcheck(sub, RulesCommandNames());
      *error = "unknown rules subcommand '" + sub + "'" +
               (best.empty() ? "; use " + JoinOr(RulesCommandNames()) : "; did you mean '" + best + "'?");
      return false;
    }
    if (out->files.size() > 2) {
      *error = "rules " + sub + " takes no file arguments; use --rules DIR";
      return false;
    }
    out->files.clear();
    return true;
  }
  if (out->files.empty()) out->files.push_back("-");
  return true;
}

}  // namespace tbx
