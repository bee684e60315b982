// The NAT matrix (`rtclab matrix`): two peers on different private networks, `a` (the
// offerer) behind one NAT preset and `b` (the answerer) behind another, for all 25 ordered
// pairs of presets. Each cell is a full simulated run of the real stack -- signaling, STUN,
// optionally TURN, ICE -- and says whether `a` connected and over which candidate types.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario.h"

namespace rtclab::sim {

class World;

struct MatrixCell {
    std::string a;  // preset names
    std::string b;
    bool connected = false;  // a's connectionState reached "connected"
    bool relay = false;      // the selected pair uses a relayed candidate on either side
    std::optional<std::string> pair;  // "prflx/srflx": a's selected local / remote types
    std::string a_state;  // a's final iceConnectionState
};

// The scenario of one cell: internet with a STUN server (and a TURN server when `turn`),
// a signaling server, home-a 192.168.1.0/24 behind `preset_a`, home-b 192.168.2.0/24 behind
// `preset_b`; a offers at 10 ms, both trickle, ICE policy "all".
Scenario matrix_scenario(const std::string& preset_a, const std::string& preset_b, bool turn,
                         std::uint64_t seed = 1);

// Reads a cell's outcome from a world that has run.
MatrixCell matrix_outcome(const World& world, const std::string& preset_a,
                          const std::string& preset_b);

// Runs every ordered pair of presets, in nat_preset_names() order (a outer, b inner).
// `on_cell` (optional) sees each world after its run, e.g. to write its trace.
std::vector<MatrixCell> run_matrix(
    bool turn, std::uint64_t seed = 1,
    const std::function<void(const World&, const MatrixCell&)>& on_cell = {});

// {"a", "b", "connected", "relay", "pair"} as `rtclab matrix --json` prints each row.
nlohmann::ordered_json matrix_row_json(const MatrixCell& cell);

}  // namespace rtclab::sim
