#include "sim/run_summary.h"

#include "sim/apps/peer_app.h"

namespace rtclab::sim {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json run_summary(const World& world, const std::vector<ExpectationResult>& results,
                         const json& final_state) {
    ordered_json expectations = ordered_json::array();
    bool passed = true;
    for (const auto& r : results) {
        expectations.push_back({{"what", r.what}, {"passed", r.passed}, {"why", r.why}});
        passed = passed && r.passed;
    }
    ordered_json hosts = ordered_json::object();
    if (final_state.contains("hosts")) {
        for (const auto& [name, h] : final_state["hosts"].items()) {
            hosts[name] = {{"reflexive", h.value("reflexive", json::object())}};
        }
    }
    ordered_json peers = ordered_json::object();
    for (const PeerApp* p : world.peer_apps()) peers[p->name()] = p->summary();
    ordered_json nats = ordered_json::object();
    for (std::size_t i = 0; i < world.nat_count(); ++i) {
        const Nat& nat = world.nat(i);
        nats[nat.name()] = {{"preset", nat.config().preset},
                            {"mappings", nat.mapping_count()},
                            {"drops", world.nat_drops(i)}};
    }
    return ordered_json{{"scenario", world.scenario().name},
                        {"seed", world.seed()},
                        {"virtual_time_us", world.now().us},
                        {"events", world.trace().size()},
                        {"expectations", std::move(expectations)},
                        {"passed", passed},
                        {"peers", std::move(peers)},
                        {"hosts", std::move(hosts)},
                        {"nats", std::move(nats)}};
}

}  // namespace rtclab::sim
