// Checking a scenario's expectations against the trace of its run.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario.h"
#include "sim/state_index.h"
#include "sim/trace.h"

namespace rtclab::sim {

struct ExpectationResult {
    std::string what;
    bool passed = false;
    std::string why;  // what was found, for a failed (or passed) expectation
    int line = 0;
};

// True when event i matches: same kind (or kind prefix for "x.*"), every lane of the
// predicate among the event's lanes, every key of `detail` equal in the event's detail.
bool event_matches(const EventPredicate& predicate, const Trace& trace, std::size_t i);

std::vector<ExpectationResult> evaluate_expectations(const Scenario& scenario, const Trace& trace,
                                                     const StateIndex& states);

}  // namespace rtclab::sim
