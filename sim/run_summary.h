// The JSON summary of a run: `rtclab run --summary-json`.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/expectations.h"
#include "sim/world.h"

namespace rtclab::sim {

// {"scenario", "seed", "virtual_time_us", "events", "expectations": [{"what", "passed"}],
//  "passed", "peers": {NAME: PeerApp::summary()}, "hosts": {NAME: {"reflexive"}}, "nats": {NAME: {"mappings", "drops"}}}
nlohmann::ordered_json run_summary(const World& world, const std::vector<ExpectationResult>& results,
                                   const nlohmann::json& final_state);

}  // namespace rtclab::sim
