// `rtclab check FILE`: validate a scenario or topology file without running it.
#pragma once

#include <iosfwd>
#include <string>

namespace rtclab::cli {

// Exit codes: 0 valid (prints a one-line description), 2 invalid (prints every error found).
int run_check(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace rtclab::cli
