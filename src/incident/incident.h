// Incidents: events that belong together, such as a Rust panic and the Python
// traceback ending in pyo3_runtime.PanicException that it caused, in either
// order, or the Python error pyo3 printed just before panicking.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "incident/facts.h"
#include "parse/event.h"
#include "parse/splitter.h"

namespace tbx {

struct Incident {
  std::vector<Event> events;
  /// Up to kContextLines lines just before the first event (a shell prompt
  /// and command, a log line) and the lines between its events.
  std::vector<std::string> context;
  Facts facts;
};

/// Where an incident happened.
struct IncidentWhere {
  std::optional<Frame> user;   ///< Innermost frame in the user's own code.
  std::optional<Frame> broke;  ///< Where it broke, when that is not the user's code.
};
IncidentWhere Locate(const Incident& incident);

/// A relation between two consecutive events that puts them in one incident.
struct Relation {
  std::string_view name;
  /// `gap` is the number of lines between the two events.
  bool (*holds)(const Event& before, const Event& after, uint64_t gap);
};
/// The table of relations.
const std::vector<Relation>& Relations();

/// Groups events into incidents as they stream by, and hands each out as
/// soon as no later event can join it.
class IncidentBuilder : public SplitSink {
 public:
  static constexpr size_t kContextLines = 12;
  static constexpr uint64_t kMaxGap = 3;

  explicit IncidentBuilder(std::function<void(Incident&&)> on_incident)
      : on_incident_(std::move(on_incident)) {}

  void OnEvent(Event&& event) override;
  void OnOtherLine(const Line& line) override;
  void OnQuietLines(uint64_t n) override;
  /// End of input: hands out the open incident.
  void Finish();

 private:
  void Flush();

  std::function<void(Incident&&)> on_incident_;
  std::optional<Incident> open_;
  // The last kContextLines lines since the last event, oldest at
  // recent_start_: a ring, so that a line costs no allocation once the
  // strings have grown.
  std::array<std::string, kContextLines> recent_;
  size_t recent_start_ = 0;
  size_t recent_size_ = 0;
  uint64_t last_event_line_ = 0;
  uint64_t gap_ = 0;
};

}  // namespace tbx
