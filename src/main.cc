// tbexplain: explains Python and Rust error output. See README.md.
#include <csignal>
#include <iostream>

#include "app/options.h"
#include "app/run.h"
#include "util/fd_streambuf.h"

int main(int argc, char** argv) {
  // A closed pipe (`tbexplain log | head`) is not an error.
  std::signal(SIGPIPE, SIG_IGN);
  std::ios::sync_with_stdio(false);
  tbx::Options options;
  std::string error;
  if (!tbx::ParseOptions(argc, argv, &options, &error)) {
    std::cerr << "tbexplain: " << error << "\n(see tbexplain --help)\n";
    return 2;
  }
  // The rules are left for the exit to reclaim, but not under a leak
  // checker, which would report them.
#if defined(__SANITIZE_ADDRESS__)
  constexpr bool kKeepRules = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(leak_sanitizer)
  constexpr bool kKeepRules = false;
#else
  constexpr bool kKeepRules = true;
#endif
#else
  constexpr bool kKeepRules = true;
#endif
  // Standard output through a buffer of its own: std::cout makes a system
  // call of each piece of 1 KiB or more (util/fd_streambuf.h).
  tbx::FdStreambuf out_buf(1);
  std::ostream out(&out_buf);
  return tbx::Run(options, out, std::cerr, kKeepRules);
}
