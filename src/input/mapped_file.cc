#include "input/mapped_file.h"

#include <signal.h>
#include <sys/mman.h>

#include <atomic>
#include <cstdint>
#include <mutex>

namespace tbx {
namespace {

constexpr uintptr_t kPage = 4096;
constexpr size_t kReleaseStep = 1 << 20;

// The mappings the SIGBUS handler may repair: a slot is taken with a
// compare-and-swap on `used`, so that the workers of -j need no lock, and
// the handler reads only atomics.
struct Slot {
  std::atomic<bool> used{false};
  std::atomic<uintptr_t> begin{0}, end{0};
  std::atomic<bool> faulted{false};
};
constexpr int kSlots = 64;
Slot g_slots[kSlots];
struct sigaction g_previous;

void OnSigbus(int sig, siginfo_t* info, void* context) {
  const auto at = reinterpret_cast<uintptr_t>(info->si_addr);
  for (Slot& s : g_slots) {
    uintptr_t begin = s.begin.load(std::memory_order_acquire), end = s.end.load(std::memory_order_acquire);
    if (begin == 0 || at < begin || at >= end) continue;
    // The file lost this page and those after it: zeros there instead (an
    // anonymous mapping costs nothing until read, and reads share one
    // zero page), and the access that faulted is made again.
    const uintptr_t page = at & ~(kPage - 1);
    void* zeros = mmap(reinterpret_cast<void*>(page), end - page, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                       -1, 0);
    if (zeros != MAP_FAILED) {
      s.faulted.store(true, std::memory_order_release);
      return;
    }
    break;
  }
  // Not a mapped file's: what would have happened without this handler.
  if (g_previous.sa_flags & SA_SIGINFO) {
    if (g_previous.sa_sigaction) return g_previous.sa_sigaction(sig, info, context);
  } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
    return g_previous.sa_handler(sig);
  }
  signal(SIGBUS, SIG_DFL);
  raise(SIGBUS);
}

void InstallHandler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa = {};
    sa.sa_sigaction = &OnSigbus;
    sa.sa_flags = SA_SIGINFO;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, &g_previous);
  });
}

}  // namespace

std::unique_ptr<MappedFile> MappedFile::Map(int fd, size_t size) {
  if (size == 0) return nullptr;
  InstallHandler();
  int slot = 0;
  for (; slot < kSlots; ++slot) {
    bool free = false;
    if (g_slots[slot].used.compare_exchange_strong(free, true)) break;
  }
  if (slot == kSlots) return nullptr;
  void* p = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) {
    g_slots[slot].used.store(false);
    return nullptr;
  }
  // Read once, front to back: the kernel may read ahead and drop behind.
  madvise(p, size, MADV_SEQUENTIAL);
  Slot& s = g_slots[slot];
  s.faulted.store(false);
  s.end.store(reinterpret_cast<uintptr_t>(p) + size, std::memory_order_release);
  s.begin.store(reinterpret_cast<uintptr_t>(p), std::memory_order_release);
  return std::unique_ptr<MappedFile>(new MappedFile(static_cast<char*>(p), size, slot));
}

MappedFile::~MappedFile() {
  Slot& s = g_slots[slot_];
  s.begin.store(0, std::memory_order_release);
  s.end.store(0, std::memory_order_release);
  munmap(data_, size_);
  s.used.store(false, std::memory_order_release);
}

void MappedFile::Release(size_t offset) {
  const size_t upto = offset & ~(kPage - 1);
  if (upto < released_ + kReleaseStep) return;
  madvise(data_ + released_, upto - released_, MADV_DONTNEED);
  released_ = upto;
}

bool MappedFile::truncated() const { return g_slots[slot_].faulted.load(std::memory_order_acquire); }

}  // namespace tbx
