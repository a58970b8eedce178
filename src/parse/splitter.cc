#include "parse/splitter.h"

#include "parse/prefix.h"
#include "parse/registry.h"
#include "util/strings.h"

namespace tbx {

Splitter::Splitter(std::string input_name, SplitSink& sink)
    : input_(std::move(input_name)), sink_(sink) {
  for (const auto& def : Recognizers()) recognizers_.push_back(def.make());
}

Splitter::~Splitter() = default;

std::vector<std::string> Splitter::StartTriggers() {
  // TrackSection's lines.
  std::vector<std::string> lits = {"stdout ----", "failures:", "test result: ", "running "};
  for (const auto& def : Recognizers()) {
    for (std::string_view t : def.triggers) lits.emplace_back(t);
  }
  return lits;
}

bool Splitter::StartsOther(const Line& line) const {
  for (const auto& r : recognizers_) {
    if (r.get() != active_ && r->Detects(line)) return true;
  }
  return false;
}

void Splitter::Consume(const Line& line) {
  if (!Trim(line.text).empty()) last_line_ = line.number;
  // Keep the event's lines for `line:` rules, bounded in count and bytes.
  if (lines_.size() < kMaxEventLines && line_bytes_ + line.text.size() <= kMaxEventLineBytes) {
    lines_.emplace_back(line.text);
    line_bytes_ += line.text.size();
  } else {
    lines_truncated_ = true;
  }
}

void Splitter::Complete() {
  Event ev = active_->Take();
  active_ = nullptr;
  if (ev.kind.empty()) {
    // Withdrawn: the lines were not an event after all.
    for (size_t i = 0; i < lines_.size(); ++i) {
      Line l;
      l.number = first_line_ + i;
      l.text = lines_[i];
      l.raw = lines_[i];
      sink_.OnOtherLine(l);
    }
    lines_.clear();
    lines_truncated_ = false;
    line_bytes_ = 0;
    return;
  }
  ev.input = input_;
  ev.first_line = first_line_;
  ev.last_line = last_line_ ? last_line_ : first_line_;
  // Drop trailing blank lines that were consumed tentatively.
  size_t keep = ev.last_line - ev.first_line + 1;
  if (lines_.size() > keep) lines_.resize(keep);
  if (ev.test.empty()) ev.test = current_test_;
  ev.lines = std::move(lines_);
  ev.lines_truncated = lines_truncated_;
  lines_.clear();
  lines_truncated_ = false;
  line_bytes_ = 0;
  sink_.OnEvent(std::move(ev));
}

// cargo test prints each failing test's output under `---- NAME stdout ----`;
// the section ends at the next one, at `failures:` or at `test result:`.
void Splitter::TrackSection(std::string_view text) {
  if (text.starts_with("---- ") && text.ends_with(" stdout ----") && text.size() > 17) {
    current_test_ = std::string(text.substr(5, text.size() - 17));
  } else if (text == "failures:" || text.starts_with("test result: ") || text.starts_with("running ")) {
    current_test_.clear();
  }
}

void Splitter::Idle(const Line& line) {
  TrackSection(line.text);
  for (const auto& r : recognizers_) {
    if (!r->Detects(line)) continue;
    active_ = r.get();
    first_line_ = line.number;
    event_prefixed_ = current_prefix_ > 0;
    last_line_ = 0;
    Consume(line);
    if (active_->Start(line) == Step::kDone) Complete();
    return;
  }
  sink_.OnOtherLine(line);
}

void Splitter::Feed(const Line& raw_line) {
  // Recognizers see the line without its log or container prefix.
  Line line = raw_line;
  size_t prefix = PrefixLength(line.text);
  line.text.remove_prefix(prefix);
  current_prefix_ = prefix;
  if (active_ && (event_prefixed_ ? prefix == 0 : prefix > 0) && !Trim(line.text).empty()) {
    // Every line of a prefixed report carries the prefix (docker, CI,
    // journald): a line without one is the next thing in the log. Likewise
    // a report printed without prefixes ends where prefixed lines resume.
    Complete();
  }
  if (active_) {
    switch (active_->Next(line, *this)) {
      case Step::kConsumed:
        Consume(line);
        return;
      case Step::kDone:
        Consume(line);
        Complete();
        return;
      case Step::kEnd:
        Complete();
        break;
    }
  }
  Idle(line);
}

void Splitter::FeedQuiet(const Line& raw_line) {
  Line line = raw_line;
  line.text.remove_prefix(PrefixLength(line.text));
  sink_.OnOtherLine(line);
}

void Splitter::Finish() {
  if (active_) Complete();
}

}  // namespace tbx
