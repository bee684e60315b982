// The state document at any step of a trace: the fold of the events' changes, with keyframes.
//
// Step k is the state after event k's changes are applied; step "start" (kStart) is the
// initial state, before event 0. A keyframe (a full copy of the state) is kept every
// `keyframe_every` events, so reaching any step folds at most that many events.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/result.h"
#include "sim/trace.h"

namespace rtclab::sim {

// Applies a change list ([{"path", "value"} | {"path", "remove": true}]) to a state document.
// "value" creates missing parents; "remove" deletes the key (a missing key is not an error).
// Errors (a malformed path, a path through a non-object) name the change's index.
net::Result<void> apply_changes(nlohmann::json& state, const nlohmann::json& changes);

class StateIndex {
public:
    static constexpr std::ptrdiff_t kStart = -1;

    explicit StateIndex(const Trace& trace, std::size_t keyframe_every = 128);

    // The state after event `step` (kStart for the initial state). Steps past the end clamp.
    nlohmann::json state_after(std::ptrdiff_t step) const;
    // Indexes events appended to the trace since construction (or the last call).
    void extend();
    std::size_t keyframe_every() const { return every_; }

private:
    const Trace& trace_;
    std::size_t every_;
    std::vector<nlohmann::json> keyframes_;  // keyframes_[n]: state after event n*every_-1
    nlohmann::json tip_;                     // state after the last indexed event
    std::size_t indexed_ = 0;                // events folded into tip_
};

}  // namespace rtclab::sim
