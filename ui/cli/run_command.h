// `rtclab run SCENARIO`: run a scenario, print the transcript, write trace / pcapng / summary.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace rtclab::cli {

struct RunOptions {
    std::string scenario;
    std::optional<std::uint64_t> seed;
    std::optional<std::string> trace;         // JSON Lines trace file
    std::optional<std::string> pcap;          // pcapng file
    std::optional<std::string> summary_json;  // file, or "-" for stdout (then no transcript)
};

// Exit codes: 0 expectations hold, 1 they do not, 2 invalid input (nothing is run or written).
int run_run(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rtclab::cli
