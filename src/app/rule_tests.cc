#include "app/rule_tests.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "app/analyze.h"

namespace tbx {

std::set<std::string> FiredRules(const std::string& path, const RuleSet& rules, std::string* error) {
  std::set<std::string> fired;
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    *error = std::strerror(errno);
    return fired;
  }
  FdSource src(fd);
  Report report;
  ReportBuilder builder(&report);
  InputSummary summary = Analyze(path, src, rules, builder);
  ::close(fd);
  if (!summary.error.empty()) *error = summary.error;
  for (const auto& f : report.findings) fired.insert(f.rule);
  return fired;
}

RuleTestResult TestRuleExamples(const RuleSet& rules) {
  RuleTestResult result;
  for (const Rule* rule : rules.rules()) {
    const Rule& r = *rule;
    auto check = [&](const std::string& example, bool expect) {
      std::string error;
      auto fired = FiredRules(example, rules, &error);
      std::string where = r.id + " (" + r.file + ":" + std::to_string(r.line) + "): ";
      if (!error.empty()) {
        result.failures.push_back(where + "cannot read example " + example + ": " + error);
        ++result.failed;
      } else if ((fired.count(r.id) > 0) != expect) {
        result.failures.push_back(where + (expect ? "did not fire on " : "fired on near miss ") + example);
        ++result.failed;
      } else {
        ++result.passed;
      }
    };
    for (const auto& e : r.examples_match) check(e, true);
    for (const auto& e : r.examples_no_match) check(e, false);
  }
  return result;
}

}  // namespace tbx
