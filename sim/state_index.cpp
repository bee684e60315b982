#include "sim/state_index.h"

#include "sim/trace_format.h"

namespace rtclab::sim {

using nlohmann::json;

net::Result<void> apply_changes(json& state, const json& changes) {
    if (!changes.is_array()) return net::make_error("changes is not an array");
    for (std::size_t i = 0; i < changes.size(); ++i) {
        const json& c = changes[i];
        const std::string where = "change " + std::to_string(i) + ": ";
        if (!c.is_object() || !c.contains("path") || !c["path"].is_string()) {
            return net::make_error(where + "needs a string \"path\"");
        }
        json::json_pointer ptr;
        try {
            ptr = json::json_pointer(c["path"].get<std::string>());
        } catch (const json::exception& e) {
            return net::make_error(where + "bad JSON pointer: " + e.what());
        }
        if (ptr.empty()) return net::make_error(where + "the path must not be the whole document");
        const bool remove = c.contains("remove") && c["remove"] == true;
        if (!remove && !c.contains("value")) return net::make_error(where + "needs \"value\" or \"remove\": true");
        // Every parent on the way must be an object (or missing, for a set).
        json* node = &state;
        const json::json_pointer parent = ptr.parent_pointer();
        {
            json::json_pointer walk;
            std::vector<std::string> tokens;
            for (json::json_pointer p = parent; !p.empty(); p = p.parent_pointer()) tokens.push_back(p.back());
            for (auto it = tokens.rbegin(); it != tokens.rend(); ++it) {
                if (!node->is_object()) return net::make_error(where + "path goes through a non-object");
                auto found = node->find(*it);
                if (found == node->end()) {
                    if (remove) { node = nullptr; break; }
                    node = &(*node)[*it];
                    *node = json::object();
                } else {
                    node = &*found;
                }
            }
        }
        if (node == nullptr) continue;  // removing under a missing parent: nothing to do
        if (!node->is_object()) return net::make_error(where + "path goes through a non-object");
        if (remove) {
            node->erase(ptr.back());
        } else {
            (*node)[ptr.back()] = c["value"];
        }
    }
    return {};
}

StateIndex::StateIndex(const Trace& trace, std::size_t keyframe_every)
    : trace_(trace), every_(keyframe_every == 0 ? 1 : keyframe_every), tip_(trace.initial_state) {
    keyframes_.push_back(tip_);
    extend();
}

void StateIndex::extend() {
    for (; indexed_ < trace_.size(); ++indexed_) {
        // A trace written by rtclab always applies; a hand-edited one that does not is
        // rejected when it is read (trace_jsonl.cpp), so errors cannot reach here.
        (void)apply_changes(tip_, event_changes(trace_, indexed_));
        if ((indexed_ + 1) % every_ == 0) keyframes_.push_back(tip_);
    }
}

json StateIndex::state_after(std::ptrdiff_t step) const {
    if (step < 0) return keyframes_.front();
    auto k = static_cast<std::size_t>(step);
    if (k + 1 >= indexed_) return tip_;
    // keyframes_[n] holds the state after (n * every_) events.
    const std::size_t n = (k + 1) / every_;
    json state = keyframes_[n];
    for (std::size_t i = n * every_; i <= k; ++i) (void)apply_changes(state, event_changes(trace_, i));
    return state;
}

}  // namespace rtclab::sim
