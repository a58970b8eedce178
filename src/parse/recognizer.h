// The recognizer interface: one line-at-a-time state machine per format.
//
// The splitter offers each line to the idle recognizers (Detects, in registry
// order); the first that detects it Starts an event and then receives the
// following lines (Next) until it reports the event complete. A recognizer
// never reads ahead: when a line does not belong to its event it answers
// kEnd and the splitter offers that line to the others.
#pragma once

#include "input/line_reader.h"
#include "parse/event.h"

namespace tbx {

enum class Step {
  kConsumed,  ///< The line belongs to the event, which goes on.
  kDone,      ///< The line belongs to the event, which is complete.
  kEnd,       ///< The event ended before this line; the line is not consumed.
};

/// What a recognizer may ask of the splitter while it is active.
class SplitContext {
 public:
  virtual ~SplitContext() = default;
  /// True if another recognizer would start an event at `line`: an
  /// open-ended part (a message with no terminator) ends there.
  virtual bool StartsOther(const Line& line) const = 0;
};

class Recognizer {
 public:
  virtual ~Recognizer() = default;
  /// Can `line` start an event of this format? Pure: no state changes.
  virtual bool Detects(const Line& line) const = 0;
  /// Starts an event at `line`, for which Detects returned true.
  /// Returns kConsumed or kDone.
  virtual Step Start(const Line& line) = 0;
  /// Offers the next line while an event is open.
  virtual Step Next(const Line& line, const SplitContext& ctx) = 0;
  /// Ends the open event (after kDone or kEnd, or at end of input) and
  /// returns it; an event cut short is marked partial. An event with an
  /// empty `kind` withdraws it: its lines become ordinary lines again.
  virtual Event Take() = 0;
};

}  // namespace tbx
