#include "sim/nat_matrix.h"

#include "sim/apps/peer_app.h"
#include "sim/nat_config.h"
#include "sim/world.h"

namespace rtclab::sim {
namespace {

net::IpAddress ip(const char* text) { return *net::IpAddress::parse(text); }

NetworkSpec home(const std::string& name, const char* cidr, const std::string& nat_name,
                 const std::string& preset, const char* outside, const char* inside) {
    NetworkSpec n;
    n.name = name;
    n.cidr = *net::Cidr::parse(cidr);
    n.link = LinkConfig{net::Duration::millis(1), {}, 0.0};
    n.parent = "internet";
    n.nat = NatSpec{nat_name, ip(outside), ip(inside), *nat_preset(preset)};
    return n;
}

}  // namespace

Scenario matrix_scenario(const std::string& preset_a, const std::string& preset_b, bool turn,
                         std::uint64_t seed) {
    Scenario s;
    s.name = "matrix-" + preset_a + "-" + preset_b + (turn ? "-turn" : "");
    s.title = "a behind " + preset_a + ", b behind " + preset_b + (turn ? ", with TURN" : "");
    s.seed = seed;
    // Long enough for every check to fail and ICE to say so: a failed cell ends in "failed".
    s.duration = net::Duration::seconds(20);
    TopologySpec& t = s.topology;
    t.name = "matrix";
    NetworkSpec internet;
    internet.name = "internet";
    internet.cidr = *net::Cidr::parse("0.0.0.0/0");
    internet.link = LinkConfig{net::Duration::millis(20), {}, 0.0};
    t.networks.push_back(internet);
    t.networks.push_back(home("home-a", "192.168.1.0/24", "nat-a", preset_a, "203.0.113.10", "192.168.1.1"));
    t.networks.push_back(home("home-b", "192.168.2.0/24", "nat-b", preset_b, "198.51.100.20", "192.168.2.1"));
    t.hosts.push_back(make_host("a", "A", "home-a", ip("192.168.1.10")));
    t.hosts.push_back(make_host("b", "B", "home-b", ip("192.168.2.20")));
    t.hosts.push_back(make_host("stun", "STUN server", "internet", ip("203.0.113.1"),
                                StunServiceSpec{3478, "rtclab stun"}));
    HostSpec signal = make_host("signal", "Signaling server", "internet", ip("203.0.113.5"));
    signal.role = HostRole::kServer;
    signal.signaling = SignalingServiceSpec{};
    t.hosts.push_back(signal);
    if (turn) {
        HostSpec relay = make_host("turn", "TURN server", "internet", ip("198.51.100.2"));
        relay.role = HostRole::kServer;
        TurnServiceSpec spec;
        spec.users = {{"a", "a-secret"}, {"b", "b-secret"}};
        relay.turn = spec;
        t.hosts.push_back(relay);
    }
    s.signaling = "signal";
    PeerSpec a;
    a.host = "a";
    a.offerer = true;
    a.start = net::Duration::millis(10);
    a.ice_servers.push_back(IceServerRef{"stun", "", ""});
    if (turn) a.ice_servers.push_back(IceServerRef{"turn", "a", "a-secret"});
    PeerSpec b;
    b.host = "b";
    b.ice_servers.push_back(IceServerRef{"stun", "", ""});
    if (turn) b.ice_servers.push_back(IceServerRef{"turn", "b", "b-secret"});
    s.peers = {a, b};
    return s;
}

MatrixCell matrix_outcome(const World& world, const std::string& preset_a,
                          const std::string& preset_b) {
    MatrixCell cell;
    cell.a = preset_a;
    cell.b = preset_b;
    const PeerApp* a = world.peer_app("a");
    if (!a) return cell;
    cell.connected = a->ever_connected();
    cell.a_state = std::string(net::ice::connection_state_name(a->pc().ice_connection_state()));
    const auto& agent = a->pc().ice_agent();
    if (const auto sel = agent.selected_pair(); sel && *sel < agent.pairs().size()) {
        const auto& p = agent.pairs()[*sel];
        const auto& l = agent.local_candidates()[p.local];
        const auto& r = agent.remote_candidates()[p.remote];
        cell.relay = l.type == net::sdp::CandidateType::kRelay ||
                     r.type == net::sdp::CandidateType::kRelay;
        cell.pair = net::sdp::candidate_type_name(l.type) + "/" + net::sdp::candidate_type_name(r.type);
    }
    if (!cell.connected) cell.pair.reset();  // "null when it failed"
    return cell;
}

std::vector<MatrixCell> run_matrix(bool turn, std::uint64_t seed,
                                   const std::function<void(const World&, const MatrixCell&)>& on_cell) {
    std::vector<MatrixCell> cells;
    for (const std::string& a : nat_preset_names()) {
        for (const std::string& b : nat_preset_names()) {
            World world(matrix_scenario(a, b, turn, seed), WorldOptions{std::nullopt, bool(on_cell)});
            world.run();
            cells.push_back(matrix_outcome(world, a, b));
            if (on_cell) on_cell(world, cells.back());
        }
    }
    return cells;
}

nlohmann::ordered_json matrix_row_json(const MatrixCell& c) {
    return {{"a", c.a},
            {"b", c.b},
            {"connected", c.connected},
            {"relay", c.relay},
            {"pair", c.pair ? nlohmann::ordered_json(*c.pair) : nlohmann::ordered_json(nullptr)}};
}

}  // namespace rtclab::sim
