// Work done once, by whichever thread first needs it: the rules' regexes
// and templates, the fact patterns, each compiled or parsed when first
// used (tbexplain -j shares them between threads).
//
// std::call_once would do, but glibc ends every first call with a futex
// system call to wake waiters, whether any wait or not: 89 of them in a
// paste, 1.5 microseconds each on this machine. Here a flag is read, and
// the first call takes one mutex, shared by every Once (the work is short
// and done once; it is recursive, so work done once may itself use a
// Once), which makes a system call only when two threads want it at once.
//
// Example:
//   mutable Once compiled_;
//   compiled_.Call([this] { re_ = std::make_unique<RE2>(pattern_); });
#pragma once

#include <atomic>
#include <mutex>

namespace tbx {

class Once {
 public:
  Once() = default;
  Once(const Once&) = delete;
  Once& operator=(const Once&) = delete;

  /// Runs `work` unless it has run (or SetDone was called); returns when
  /// it has run, in whichever thread. If `work` throws, it has not run.
  template <typename Work>
  void Call(Work&& work) {
    if (done_.load(std::memory_order_acquire)) return;
    std::lock_guard<std::recursive_mutex> lock(Mutex());
    if (done_.load(std::memory_order_relaxed)) return;
    work();
    done_.store(true, std::memory_order_release);
  }
  /// The work is done already (by whoever made this, before sharing it).
  void SetDone() { done_.store(true, std::memory_order_release); }

 private:
  static std::recursive_mutex& Mutex() {
    static std::recursive_mutex mutex;
    return mutex;
  }
  std::atomic<bool> done_{false};
};

}  // namespace tbx
