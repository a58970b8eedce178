#include "report/redact.h"

#include <re2/re2.h>

#include <memory>
#include <vector>

namespace tbx {
namespace {

struct Mask {
  const char* pattern;
  const char* replacement;
};

// Order matters: credentials in URLs before generic key=value.
const Mask kMasks[] = {
    // Passwords in URLs: scheme://user:password@host
    {R"((://[^/\s:@]+:)[^@\s/]+@)", R"(\1***@)"},
    // Well-known token shapes.
    {R"(\bgh[pousr]_[A-Za-z0-9]{30,})", "***"},
    {R"(\bgithub_pat_[A-Za-z0-9_]{30,})", "***"},
    {R"(\bglpat-[A-Za-z0-9_-]{20,})", "***"},
    {R"(\bxox[abprs]-[A-Za-z0-9-]{10,})", "***"},
    {R"(\bAKIA[0-9A-Z]{16}\b)", "***"},
    {R"(\bAIza[0-9A-Za-z_-]{35})", "***"},
    {R"(\bsk-[A-Za-z0-9_-]{20,})", "***"},
    {R"(\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,})", "***"},
    {R"((?i)(bearer\s+)[A-Za-z0-9._~+/=-]{8,})", R"(\1***)"},
    // key=value and key: value settings whose name says secret.
    {R"((?i)\b((?:api[_-]?key|apikey|access[_-]?key(?:[_-]?id)?|secret(?:[_-]?(?:access[_-]?)?key)?|client[_-]?secret|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|password|passwd|pwd|private[_-]?key)["']?\s*[=:]\s*["']?)[^\s"',;&]{4,})",
     R"(\1***)"},
    // User names in home directories and prompts.
    {R"(/home/[^/\s"':]+)", "/home/<user>"},
    {R"(/Users/[^/\s"':]+)", "/Users/<user>"},
    {R"((?i)\b([A-Z]:\\+Users\\+)[^\\\s"']+)", R"(\1<user>)"},
    {R"(\b[a-z_][a-z0-9_.-]*@[A-Za-z0-9][A-Za-z0-9.-]*:~)", "<user>@<host>:~"},
};

const std::vector<std::unique_ptr<RE2>>& Compiled() {
  static const std::vector<std::unique_ptr<RE2>> kCompiled = [] {
    std::vector<std::unique_ptr<RE2>> out;
    RE2::Options opt;
    opt.set_log_errors(false);
    for (const auto& m : kMasks) out.push_back(std::make_unique<RE2>(m.pattern, opt));
    return out;
  }();
  return kCompiled;
}

void RedactFrame(Frame* f) {
  RedactText(&f->file);
  RedactText(&f->code);
  RedactText(&f->function);
}

void RedactLocation(std::optional<Location>* loc) {
  if (*loc) RedactText(&(*loc)->file);
}

}  // namespace

void RedactText(std::string* s) {
  if (s->empty()) return;
  const auto& res = Compiled();
  for (size_t i = 0; i < res.size(); ++i) {
    if (res[i]->ok()) RE2::GlobalReplace(s, *res[i], kMasks[i].replacement);
  }
}

void RedactReport(Report* report) {
  for (auto& in : report->inputs) RedactText(&in.name);
  for (auto& e : report->events) {
    RedactText(&e.input);
    RedactText(&e.message);
    RedactText(&e.thread);
    RedactText(&e.test);
    for (auto& c : e.causes) RedactText(&c);
    for (auto& l : e.lines) RedactText(&l);
    RedactLocation(&e.location);
    for (auto& f : e.frames.mutable_frames()) RedactFrame(&f);
    for (auto& x : e.exceptions) {
      RedactText(&x.message);
      if (x.location) RedactFrame(&*x.location);
      for (auto& f : x.frames.mutable_frames()) RedactFrame(&f);
    }
  }
  for (auto& inc : report->incidents) {
    RedactText(&inc.input);
    if (inc.user_frame) RedactFrame(&*inc.user_frame);
    if (inc.broke_frame) RedactFrame(&*inc.broke_frame);
    for (auto& [name, values] : inc.facts) {
      for (auto& v : values) RedactText(&v);
    }
  }
  for (auto& f : report->findings) {
    RedactText(&f.title);
    RedactText(&f.explanation);
    RedactText(&f.input);
    RedactLocation(&f.location);
    for (auto& s : f.remediation) {
      RedactText(&s.text);
      if (s.command) RedactText(&*s.command);
    }
  }
}

}  // namespace tbx
