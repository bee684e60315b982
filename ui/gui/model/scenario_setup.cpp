#include "ui/gui/model/scenario_setup.h"

#include <algorithm>

namespace rtclab::gui {

namespace {

bool is_turn_server(const sim::TopologySpec& topology, const std::string& host) {
    for (const auto& h : topology.hosts) {
        if (h.name == host) return h.turn.has_value();
    }
    return false;
}

bool same_knobs(const sim::NatConfig& a, const sim::NatConfig& b) {
    if (a.translates != b.translates) return false;
    if (!a.translates) return true;  // a plain router: the knobs mean nothing
    return a.mapping == b.mapping && a.filtering == b.filtering && a.ports == b.ports &&
           a.mapping_lifetime == b.mapping_lifetime && a.refresh == b.refresh &&
           a.hairpinning == b.hairpinning;
}

}  // namespace

bool operator==(const sim::NatConfig& a, const sim::NatConfig& b) {
    return a.preset == b.preset && same_knobs(a, b);
}

bool ScenarioSetup::operator==(const ScenarioSetup& o) const {
    if (seed != o.seed || nats.size() != o.nats.size() || peers.size() != o.peers.size())
        return false;
    for (std::size_t i = 0; i < nats.size(); ++i) {
        if (nats[i].name != o.nats[i].name || !(nats[i].config == o.nats[i].config)) return false;
    }
    for (std::size_t i = 0; i < peers.size(); ++i) {
        if (peers[i].host != o.peers[i].host || peers[i].trickle != o.peers[i].trickle ||
            peers[i].turn != o.peers[i].turn)
            return false;
    }
    return true;
}

ScenarioSetup setup_of(const sim::Scenario& scenario) {
    ScenarioSetup s;
    s.seed = scenario.seed;
    for (const auto& n : scenario.topology.networks) {
        if (n.nat) s.nats.push_back({n.nat->name, n.name, n.nat->config});
    }
    for (const auto& p : scenario.peers) {
        PeerSetup ps;
        ps.host = p.host;
        ps.trickle = p.trickle;
        ps.turn = std::any_of(p.ice_servers.begin(), p.ice_servers.end(),
                              [&](const sim::IceServerRef& r) {
                                  return is_turn_server(scenario.topology, r.server);
                              });
        s.peers.push_back(ps);
    }
    return s;
}

sim::NatConfig with_preset(const std::string& preset) {
    auto c = sim::nat_preset(preset);
    return c ? *c : sim::NatConfig{};
}

void name_preset(sim::NatConfig& config) {
    if (!config.translates) {
        config.preset = "open";
        return;
    }
    // The current name first, so that knobs equal to two presets keep the one chosen.
    if (auto own = sim::nat_preset(config.preset); own && same_knobs(*own, config)) return;
    for (const auto& name : sim::nat_preset_names()) {
        const auto p = sim::nat_preset(name);
        if (p && same_knobs(*p, config)) {
            config.preset = name;
            return;
        }
    }
    config.preset = "custom";
}

net::Result<sim::Scenario> apply_setup(const sim::Scenario& base, const ScenarioSetup& setup) {
    // Seeds stay below 2^53 so that every JSON reader keeps them exact (docs/scenario-format.md).
    if (setup.seed >= (std::uint64_t{1} << 53)) {
        return net::make_error(
            "the seed must be below 2^53 (9007199254740992), so JSON readers keep it exact");
    }
    sim::Scenario s = base;
    s.seed = setup.seed;
    for (const auto& ns : setup.nats) {
        for (auto& n : s.topology.networks) {
            if (n.nat && n.nat->name == ns.name) n.nat->config = ns.config;
        }
    }
    const sim::HostSpec* first_turn = nullptr;
    for (const auto& h : s.topology.hosts) {
        if (h.turn && !h.turn->users.empty()) {
            first_turn = &h;
            break;
        }
    }
    for (const auto& ps : setup.peers) {
        for (auto& p : s.peers) {
            if (p.host != ps.host) continue;
            p.trickle = ps.trickle;
            auto& servers = p.ice_servers;
            const bool has_turn = std::any_of(
                servers.begin(), servers.end(),
                [&](const sim::IceServerRef& r) { return is_turn_server(s.topology, r.server); });
            if (!ps.turn) {
                servers.erase(std::remove_if(servers.begin(), servers.end(),
                                             [&](const sim::IceServerRef& r) {
                                                 return is_turn_server(s.topology, r.server);
                                             }),
                              servers.end());
            } else if (!has_turn) {
                if (first_turn == nullptr) {
                    return net::make_error("cannot turn TURN on for " + p.host +
                                           ": the topology has no TURN server");
                }
                servers.push_back({first_turn->name, first_turn->turn->users.front().first,
                                   first_turn->turn->users.front().second});
            }
            // A peer restricted to relayed candidates has none without TURN: let it gather all.
            if (!ps.turn) p.relay_only = false;
        }
    }
    return s;
}

}  // namespace rtclab::gui
