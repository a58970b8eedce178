#include "parse/doctest.h"

#include "parse/origin.h"
#include "util/strings.h"

namespace tbx {

namespace {
// Never ends an open event early: the inner traceback ends at the first
// line that is not indented.
struct NoOthers : SplitContext {
  bool StartsOther(const Line&) const override { return false; }
};
}  // namespace

bool DoctestRecognizer::Detects(const Line& line) const {
  std::string_view t = line.text;
  if (!t.starts_with("File \"")) return false;
  auto f = python::ParseFrameLine(t);
  return f && f->has_function && f->indent == 0;
}

Step DoctestRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  auto f = python::ParseFrameLine(line.text);
  where_ = Frame();
  where_.file = std::string(f->file);
  where_.line = f->line;
  where_.function = std::string(f->function);
  where_.origin = ClassifyPythonFile(where_.file);
  where_.input_line = line.number;
  ev_.test = where_.function;
  expected_.clear();
  got_.clear();
  inner_open_ = false;
  inner_event_ = Event();
  withdraw_ = false;
  state_ = State::kFile;
  return Step::kConsumed;
}

Step DoctestRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  std::string_view s = Trim(t);
  bool indented = t.starts_with("    ");
  if (state_ == State::kFile) {
    // doctest always follows the place with the example.
    if (s == "Failed example:") {
      state_ = State::kExample;
      return Step::kConsumed;
    }
    withdraw_ = true;
    return Step::kEnd;
  }
  if (state_ == State::kTraceback) {
    // doctest indents every line of the traceback but the empty ones (a
    // chained exception's blank lines).
    if (indented || s.empty()) {
      Line inner = line;
      inner.text = indented ? t.substr(4) : std::string_view();
      NoOthers none;
      Step step = inner_.Next(inner, none);
      if (step == Step::kConsumed) return Step::kConsumed;
      inner_event_ = inner_.Take();
      inner_open_ = false;
      state_ = State::kHeader;
      return step == Step::kDone || s.empty() ? Step::kConsumed : Step::kEnd;
    }
    inner_event_ = inner_.Take();
    inner_open_ = false;
    return Step::kEnd;
  }
  if (s == "Failed example:") {
    state_ = State::kExample;
    return Step::kConsumed;
  }
  if (s == "Expected:" || s == "Expected nothing") {
    state_ = State::kExpected;
    return Step::kConsumed;
  }
  if (s == "Got:" || s == "Got nothing") {
    state_ = State::kGot;
    return Step::kConsumed;
  }
  if (s == "Exception raised:") {
    state_ = State::kRaised;
    return Step::kConsumed;
  }
  if (indented) {
    std::string_view body = t.substr(4);
    switch (state_) {
      case State::kExample:
        if (where_.code.empty()) where_.code = std::string(Trim(body));
        return Step::kConsumed;
      case State::kExpected:
        if (expected_.size() < 4096) expected_ += (expected_.empty() ? "" : "\n") + std::string(body);
        return Step::kConsumed;
      case State::kGot:
        if (got_.size() < 4096) got_ += (got_.empty() ? "" : "\n") + std::string(body);
        return Step::kConsumed;
      case State::kRaised: {
        Line inner = line;
        inner.text = body;
        if (inner_.Detects(inner)) {
          inner_.Start(inner);
          inner_open_ = true;
          state_ = State::kTraceback;
        }
        return Step::kConsumed;
      }
      default:
        return Step::kConsumed;
    }
  }
  (void)ctx;
  return Step::kEnd;  // the row of stars, or anything else
}

Event DoctestRecognizer::Take() {
  if (inner_open_) {
    inner_event_ = inner_.Take();
    inner_open_ = false;
  }
  if (withdraw_) {
    // A `File "x", line N, in f` line at column 0 that was no doctest
    // report: its line goes back to the others.
    withdraw_ = false;
    inner_event_ = Event();
    ev_ = Event();
    return Event();
  }
  if (!inner_event_.exceptions.empty()) {
    ev_.exceptions = std::move(inner_event_.exceptions);
    ev_.partial = inner_event_.partial;
    ev_.partial_reason = inner_event_.partial_reason;
  } else if (!expected_.empty() || !got_.empty()) {
    Exception e;
    e.type = "doctest.DocTestFailure";
    e.message = "Expected: " + (expected_.empty() ? std::string("nothing") : expected_) +
                "\nGot: " + (got_.empty() ? std::string("nothing") : got_);
    e.frames.Add(where_);
    e.frames.Finish();
    ev_.exceptions.push_back(std::move(e));
  } else {
    Exception e;
    e.frames.Add(where_);
    e.frames.Finish();
    ev_.exceptions.push_back(std::move(e));
    ev_.partial = true;
    ev_.partial_reason = "the failure's details are missing";
  }
  inner_event_ = Event();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
