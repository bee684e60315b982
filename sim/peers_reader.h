// Reading a scenario's "peers" (the PeerConnections and how their pages behave) and
// "signaling" (which server relays their messages). Part of the scenario loader.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/loader_fields.h"
#include "sim/scenario.h"

namespace rtclab::sim::loader {

// "peers": [{"host": "alice", "offerer": true, "ice_servers": ["stun", "turn"], ...}, ...].
// `topology` is null when it did not load (names are then not checked). Returns nullopt
// after reporting problems.
std::optional<std::vector<PeerSpec>> read_peers(const Doc& doc, const json& peers,
                                                const std::string& ptr,
                                                const TopologySpec* topology);

// "signaling": "signal" -- a host with a signaling service.
std::optional<std::string> read_signaling(const Doc& doc, const json& value,
                                          const std::string& ptr, const TopologySpec* topology);

}  // namespace rtclab::sim::loader
