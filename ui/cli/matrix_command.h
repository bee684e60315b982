// `rtclab matrix`: the outcome of a call for all 25 ordered pairs of NAT presets, each a full
// simulated run (sim/nat_matrix.h).
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

namespace rtclab::cli {

struct MatrixOptions {
    bool turn = false;
    bool json = false;
    std::optional<std::string> trace_dir;  // one JSON Lines trace per cell
    std::uint64_t seed = 1;
};

// Exit codes: 0 done, 2 invalid input (the trace folder cannot be made or written).
int run_matrix_command(const MatrixOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rtclab::cli
