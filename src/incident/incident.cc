#include "incident/incident.h"

#include "parse/diagnostic.h"
#include "parse/origin.h"
#include "util/strings.h"

namespace tbx {
namespace {

bool IsPanicException(const Event& e) {
  if (e.kind != kPythonTraceback || e.exceptions.empty()) return false;
  std::string_view t = e.exceptions.back().type;
  return t == "PanicException" || t.ends_with(".PanicException");
}

const std::vector<Relation> kRelations = {
    // pyo3 prints the Rust panic, then Python raises PanicException.
    {"pyo3 panic, then PanicException",
     [](const Event& a, const Event& b, uint64_t gap) {
       return a.kind == kRustPanic && IsPanicException(b) && gap <= 3;
     }},
    // A PanicException that came back into Rust is resumed as a panic.
    {"PanicException, then the resumed panic",
     [](const Event& a, const Event& b, uint64_t gap) {
       return IsPanicException(a) && b.kind == kRustPanic && gap <= 3;
     }},
    // pyo3 prints the pending Python error right before it panics with
    // "Python API call failed".
    {"Python error printed by pyo3, then its panic",
     [](const Event& a, const Event& b, uint64_t gap) {
       return a.kind == kPythonTraceback && b.kind == kRustPanic && gap == 0;
     }},
    // PanicException tracebacks printed twice (pyo3's round trip).
    {"PanicException, then PanicException",
     [](const Event& a, const Event& b, uint64_t gap) {
       return IsPanicException(a) && IsPanicException(b) && gap <= 1;
     }},
    // A traceback cut in two by a blank line in the paste.
    {"traceback split by a blank line",
     [](const Event& a, const Event& b, uint64_t gap) {
       return a.kind == kPythonTraceback && b.kind == kPythonTraceback && a.partial &&
              b.partial && b.partial_reason == "the traceback header is missing" && gap <= 1;
     }},
    // A panic while panicking, or a panic in a function that cannot unwind:
    // the same thread panics again at once, and the process aborts.
    {"a panic, then another in the same thread",
     [](const Event& a, const Event& b, uint64_t gap) {
       return a.kind == kRustPanic && b.kind == kRustPanic && a.thread == b.thread && gap <= 1 &&
              a.test == b.test;
     }},
    // cargo's "failed to run custom build command" and the build script's panic.
    {"a build script failure, then its panic",
     [](const Event& a, const Event& b, uint64_t gap) {
       return a.kind == kDiagnostic && a.message.starts_with("failed to run custom build command") &&
              b.kind == kRustPanic && gap <= 2;
     }},
    // pip's "Could not find a version" and "No matching distribution".
    {"pip errors of one install",
     [](const Event& a, const Event& b, uint64_t gap) {
       // pip prints "Running setup.py clean ..." and "Failed to build x"
       // between them.
       return a.kind == kDiagnostic && b.kind == kDiagnostic && a.tool == "pip" && b.tool == "pip" && gap <= 3;
     }},
    // The compiler's and cargo's summary lines after the diagnostics they sum up.
    {"diagnostics, then their summary",
     [](const Event& a, const Event& b, uint64_t gap) {
       // cargo prints "For more information about this error, try
       // `rustc --explain E0308`." and a blank line in between.
       return a.kind == kDiagnostic && b.kind == kDiagnostic && IsSummaryDiagnostic(b) && gap <= 3;
     }},
};

}  // namespace

const std::vector<Relation>& Relations() { return kRelations; }

void IncidentBuilder::OnEvent(Event&& event) {
  uint64_t gap = last_event_line_ && event.first_line > last_event_line_
                     ? event.first_line - last_event_line_ - 1
                     : 0;
  bool joins = false;
  if (open_) {
    for (const auto& rel : kRelations) {
      if (rel.holds(open_->events.back(), event, gap)) {
        joins = true;
        break;
      }
    }
  }
  if (!joins) {
    Flush();
    open_.emplace();
  }
  // Lines since the last event: before the first event they are context;
  // between events they belong to the incident.
  for (size_t i = 0; i < recent_size_; ++i) {
    open_->context.push_back(recent_[(recent_start_ + i) % kContextLines]);
  }
  recent_size_ = 0;
  last_event_line_ = event.last_line;
  gap_ = 0;
  open_->events.push_back(std::move(event));
}

void IncidentBuilder::OnOtherLine(const Line& line) {
  ++gap_;
  if (open_ && gap_ > kMaxGap) Flush();
  size_t slot = (recent_start_ + recent_size_) % kContextLines;
  if (recent_size_ == kContextLines) {
    recent_start_ = (recent_start_ + 1) % kContextLines;
  } else {
    ++recent_size_;
  }
  recent_[slot].clear();
  AppendBounded(line.text, 4096, &recent_[slot]);
}

void IncidentBuilder::OnQuietLines(uint64_t n) {
  gap_ += n;
  if (open_ && gap_ > kMaxGap) Flush();
  // At least kContextLines ordinary lines follow: they fill the ring anew.
  recent_size_ = 0;
}

void IncidentBuilder::Flush() {
  if (!open_) return;
  Incident inc = std::move(*open_);
  open_.reset();
  // recent_ stays: the lines after this incident are the next one's context.
  for (const auto& c : inc.context) pending_bytes_ += c.size() + 1;
  for (const auto& e : inc.events) {
    for (const auto& l : e.lines) pending_bytes_ += l.size() + 1;
  }
  pending_.push_back(std::move(inc));
  if (pending_.size() >= batch_ || pending_bytes_ >= kMaxBatchBytes) HandOut();
}

void IncidentBuilder::HandOut() {
  for (auto& inc : pending_) {
    inc.facts = InferFacts(inc.events, inc.context);
    on_incident_(std::move(inc));
  }
  pending_.clear();
  pending_bytes_ = 0;
}

void IncidentBuilder::Finish() {
  Flush();
  HandOut();
}

IncidentWhere Locate(const Incident& incident) {
  IncidentWhere w;
  // Rust panics are the innermost part of a mixed incident (Rust called from
  // Python), so look at them first for the user's frame.
  std::vector<const Frame*> inner_first;
  std::vector<Frame> panic_locs;
  panic_locs.reserve(incident.events.size());
  for (const auto& e : incident.events) {
    if (e.kind != kRustPanic) continue;
    if (e.location) {
      Frame f;
      f.file = e.location->file;
      f.line = e.location->line;
      f.column = e.location->column;
      f.origin = ClassifyRustFrame(f.file, "");
      // The backtrace frame at the same place names the function.
      for (const auto& bf : e.frames.frames()) {
        std::string_view bfile = bf.file;
        if (bfile.starts_with("./")) bfile.remove_prefix(2);
        if (bf.line == f.line && !bfile.empty() && std::string_view(f.file).ends_with(bfile)) {
          f.function = bf.function;
          break;
        }
      }
      panic_locs.push_back(std::move(f));
    }
  }
  for (const auto& f : panic_locs) inner_first.push_back(&f);
  for (const auto& e : incident.events) {
    if (e.kind == kRustPanic) {
      for (const Frame* f : FramesInnermostFirst(e)) inner_first.push_back(f);
    }
  }
  const Event* py = nullptr;
  for (const auto& e : incident.events) {
    if (e.kind == kPythonTraceback && !FramesInnermostFirst(e).empty()) py = &e;
  }
  std::vector<const Frame*> py_frames;
  if (py) py_frames = FramesInnermostFirst(*py);
  for (const Frame* f : py_frames) inner_first.push_back(f);
  // Diagnostics have a location, no frames.
  for (const auto& e : incident.events) {
    if (e.kind == kDiagnostic && e.location && !w.user) {
      Frame f;
      f.file = e.location->file;
      f.line = e.location->line;
      f.column = e.location->column;
      f.origin = Origin::kUser;
      w.user = f;
    }
  }
  for (const Frame* f : inner_first) {
    if (f->origin == Origin::kUser) {
      w.user = *f;
      break;
    }
  }
  // Where it broke: the innermost Python frame when there is a traceback (a
  // panic inside pyo3's own error handling says little), else the panic's.
  const Frame* broke = !py_frames.empty() ? py_frames.front()
                       : !inner_first.empty() ? inner_first.front()
                                              : nullptr;
  if (broke && (!w.user || broke->file != w.user->file || broke->line != w.user->line)) {
    w.broke = *broke;
  }
  return w;
}

}  // namespace tbx
