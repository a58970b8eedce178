#include "parse/lambda.h"

#include "parse/origin.h"
#include "parse/python.h"
#include "util/strings.h"

namespace tbx {
namespace lambda {

std::optional<std::string_view> ExceptionText(std::string_view text) {
  constexpr std::string_view kLevel = "[ERROR] ";
  if (!text.starts_with(kLevel)) return std::nullopt;
  std::string_view rest = text.substr(kLevel.size());
  if (!python::IsBareExceptionLine(rest)) return std::nullopt;
  return rest;
}

}  // namespace lambda

bool LambdaRecognizer::Detects(const Line& line) const {
  return lambda::ExceptionText(line.text).has_value();
}

Step LambdaRecognizer::Start(const Line& line) {
  ev_ = Event();
  ev_.kind = std::string(kPythonTraceback);
  auto x = python::ParseExceptionLine(*lambda::ExceptionText(line.text));
  Exception e;
  e.type = CapField(x->type);
  AppendBounded(x->message, kMaxMessageBytes, &e.message);
  e.message_truncated = x->message.size() > kMaxMessageBytes;
  e.input_line = line.number;
  ev_.exceptions.push_back(std::move(e));
  state_ = State::kAfterException;
  return Step::kConsumed;
}

Step LambdaRecognizer::Next(const Line& line, const SplitContext& ctx) {
  std::string_view t = line.text;
  Exception& e = ev_.exceptions.back();
  if (state_ == State::kAfterException) {
    if (Trim(t) == "Traceback (most recent call last):") {
      state_ = State::kAfterHeader;
      return Step::kConsumed;
    }
    return Step::kEnd;
  }
  if (auto f = python::ParseFrameLine(t); f && f->has_function) {
    Frame fr;
    fr.file = CapField(f->file);
    fr.line = f->line;
    fr.function = CapField(f->function);
    fr.origin = ClassifyPythonFile(fr.file);
    fr.input_line = line.number;
    e.frames.Add(std::move(fr));
    state_ = State::kAfterFrame;
    return Step::kConsumed;
  }
  // The source line under a frame: indented deeper than `  File`.
  if (state_ == State::kAfterFrame && LeadingSpaces(t) >= 4 && !Trim(t).empty() && !ctx.StartsOther(line)) {
    if (Frame* last = e.frames.last()) last->code = CapField(Trim(t));
    state_ = State::kAfterSource;
    return Step::kConsumed;
  }
  return Step::kEnd;
}

Event LambdaRecognizer::Take() {
  for (auto& e : ev_.exceptions) e.frames.Finish();
  Event out = std::move(ev_);
  ev_ = Event();
  return out;
}

}  // namespace tbx
