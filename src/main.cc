// tbexplain: explains Python and Rust error output. See README.md.
#include <csignal>
#include <iostream>

#include "app/options.h"
#include "app/run.h"

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
  return tbx::Run(options, std::cout, std::cerr, kKeepRules);
}
