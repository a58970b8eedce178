// The splitter runs the recognizers over a stream of lines and hands out
// complete events, plus every line that belongs to no event, in input order.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "input/line_reader.h"
#include "parse/event.h"
#include "parse/recognizer.h"

namespace tbx {

/// Receives the splitter's output, in input order.
class SplitSink {
 public:
  virtual ~SplitSink() = default;
  virtual void OnEvent(Event&& event) = 0;
  /// A line that belongs to no event.
  virtual void OnOtherLine(const Line& line) = 0;
  /// `n` lines that belong to no event and were passed over unread (see
  /// Splitter::Skip); at least kept-context-many ordinary lines follow them
  /// before the next event. Sinks fed only through Feed never see it.
  virtual void OnQuietLines(uint64_t /*n*/) {}
};


class Splitter : private SplitContext {
 public:
  Splitter(std::string input_name, SplitSink& sink);
  ~Splitter() override;

  /// Offers the next line. Known log and container prefixes (prefix.h) are
  /// removed first; once an event starts on a prefixed line, the first
  /// non-blank line without a prefix ends it.
  void Feed(const Line& line);
  /// End of input: completes the open event, if any.
  void Finish();

  /// True when no event is open: the next line is offered to Detects.
  bool idle() const { return active_ == nullptr; }
  /// Every literal one of which a line must hold for a recognizer to detect
  /// it, or for the splitter to note a cargo test section. While the
  /// splitter is idle, a line holding none can only be an ordinary line:
  /// the line reader may pass over it (LineReader::SkipQuiet with a
  /// LiteralScanner of these).
  static std::vector<std::string> StartTriggers();
  /// Offers a line known to hold none of StartTriggers, while idle: the
  /// same as Feed, without asking the recognizers.
  void FeedQuiet(const Line& line);
  /// Tells the sink that `n` ordinary lines were passed over while idle.
  void Skip(uint64_t n) { sink_.OnQuietLines(n); }

 private:
  bool StartsOther(const Line& line) const override;
  void Consume(const Line& line);
  void Complete();
  void Idle(const Line& line);
  void TrackSection(std::string_view text);

  std::string input_;
  SplitSink& sink_;
  std::vector<std::unique_ptr<Recognizer>> recognizers_;
  Recognizer* active_ = nullptr;
  uint64_t first_line_ = 0;
  uint64_t last_line_ = 0;  // last non-blank line consumed
  std::vector<std::string> lines_;
  bool lines_truncated_ = false;
  size_t line_bytes_ = 0;
  size_t current_prefix_ = 0;    // length of the prefix removed from the line being fed
  bool event_prefixed_ = false;  // the open event's first line had a prefix
  std::string current_test_;     // cargo test's `---- NAME stdout ----` section
};

}  // namespace tbx
