#include "sim/expectations.h"

#include "sim/trace_format.h"

namespace rtclab::sim {

using nlohmann::json;

namespace {

bool kind_matches(const std::string& pattern, const std::string& kind) {
    if (pattern.size() >= 2 && pattern.compare(pattern.size() - 2, 2, ".*") == 0) {
        return kind.compare(0, pattern.size() - 1, pattern, 0, pattern.size() - 1) == 0;
    }
    return pattern == kind;
}

// Every key of `want` is in `have` with an equal value (objects compared the same way).
bool contains(const json& have, const json& want) {
    if (!want.is_object()) return have == want;
    if (!have.is_object()) return false;
    for (const auto& [key, value] : want.items()) {
        const auto it = have.find(key);
        if (it == have.end() || !contains(*it, value)) return false;
    }
    return true;
}

std::string describe_predicate(const EventPredicate& p) {
    std::string s = "\"" + p.kind + "\"";
    if (!p.lanes.empty()) {
        s += " on";
        for (const auto& l : p.lanes) s += " " + l;
    }
    if (!p.detail.empty()) s += " with " + p.detail.dump();
    return s;
}

}  // namespace

bool event_matches(const EventPredicate& p, const Trace& t, std::size_t i) {
    if (!kind_matches(p.kind, event_kind(t, i))) return false;
    if (!p.lanes.empty()) {
        const Event& e = t.event(i);
        for (const std::string& lane : p.lanes) {
            const LaneId id = t.lane_index(lane);
            if (id == kNoLane || (e.lane_a != id && e.lane_b != id)) return false;
        }
    }
    if (!p.detail.empty() && !contains(json::parse(event_detail(t, i).dump()), p.detail)) return false;
    return true;
}

std::vector<ExpectationResult> evaluate_expectations(const Scenario& scenario, const Trace& trace,
                                                     const StateIndex& states) {
    std::vector<ExpectationResult> results;
    for (const Expectation& x : scenario.expectations) {
        ExpectationResult r{x.what, false, {}, x.line};
        if (x.event) {
            int count = 0;
            for (std::size_t i = 0; i < trace.size(); ++i) {
                if (event_matches(*x.event, trace, i)) ++count;
            }
            const bool enough = count >= x.min_count;
            const bool not_too_many = !x.max_count || count <= *x.max_count;
            r.passed = enough && not_too_many;
            r.why = std::to_string(count) + " event" + (count == 1 ? "" : "s") + " " +
                    describe_predicate(*x.event) + " (expected " +
                    (x.max_count && *x.max_count == x.min_count
                         ? "exactly " + std::to_string(x.min_count)
                         : "at least " + std::to_string(x.min_count) +
                               (x.max_count ? ", at most " + std::to_string(*x.max_count) : "")) +
                    ")";
        } else if (x.state_path) {
            std::ptrdiff_t step = trace.size() == 0 ? StateIndex::kStart
                                                    : static_cast<std::ptrdiff_t>(trace.size()) - 1;
            std::string when = "at the end";
            if (x.after) {
                step = -2;
                for (std::size_t i = 0; i < trace.size(); ++i) {
                    if (event_matches(*x.after, trace, i)) {
                        step = static_cast<std::ptrdiff_t>(i);
                        break;
                    }
                }
                if (step == -2) {
                    r.why = "no event " + describe_predicate(*x.after) + " happened";
                    results.push_back(std::move(r));
                    continue;
                }
                when = "after event " + std::to_string(step);
            }
            const json state = states.state_after(step);
            json::json_pointer ptr(*x.state_path);
            const bool present = state.contains(ptr);
            if (x.exists) {
                r.passed = present == *x.exists;
                r.why = *x.state_path + (present ? " exists " : " does not exist ") + when;
            } else if (x.equals) {
                r.passed = present && state.at(ptr) == *x.equals;
                r.why = *x.state_path + " is " + (present ? state.at(ptr).dump() : "absent") + " " + when +
                        " (expected " + x.equals->dump() + ")";
            }
        }
        results.push_back(std::move(r));
    }
    return results;
}

}  // namespace rtclab::sim
