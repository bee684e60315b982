// ScenarioSetup: the knobs the Setup window turns on a loaded scenario — each NAT's preset or
// RFC 4787 knobs, each peer's TURN servers and trickle, the seed — and the scenario they give.
// Re-running takes milliseconds (DESIGN.md: "the front end keeps its place"), see
// Session::rerun.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "net/core/result.h"
#include "sim/nat_config.h"
#include "sim/scenario.h"

namespace rtclab::gui {

struct NatSetup {
    std::string name;     // "nat-a"
    std::string network;  // the network it serves, "home-a"
    sim::NatConfig config;
};

struct PeerSetup {
    std::string host;
    bool trickle = true;
    bool turn = false;  // the peer's ICE servers include a TURN server
};

struct ScenarioSetup {
    std::uint64_t seed = 1;
    std::vector<NatSetup> nats;
    std::vector<PeerSetup> peers;

    bool operator==(const ScenarioSetup& other) const;
};

bool operator==(const sim::NatConfig& a, const sim::NatConfig& b);

// The setup a scenario has as loaded.
ScenarioSetup setup_of(const sim::Scenario& scenario);

// `base` with the setup applied. TURN on for a peer that had no TURN server adds the
// topology's first TURN server with its first user; TURN off removes every ICE server that
// is a TURN server (a host serving STUN and TURN both goes too: the simulator cannot split
// it). Errors: a seed of 2^53 or more, or no TURN server in the topology to turn on.
net::Result<sim::Scenario> apply_setup(const sim::Scenario& base, const ScenarioSetup& setup);

// A NAT's preset applied (all knobs from the preset), or one knob changed: the preset name
// becomes "custom" unless the knobs equal a preset's own (the loader's rule).
sim::NatConfig with_preset(const std::string& preset);
void name_preset(sim::NatConfig& config);

}  // namespace rtclab::gui
