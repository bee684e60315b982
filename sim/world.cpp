#include "sim/world.h"

#include <algorithm>
#include <cctype>

#include "sim/apps/peer_app.h"
#include "sim/apps/signaling_server_app.h"
#include "sim/apps/stun_client_app.h"
#include "sim/apps/stun_server_app.h"
#include "sim/apps/turn_server_app.h"
#include "sim/nat_state.h"
#include "sim/peer_state.h"

namespace rtclab::sim {

World::World(const Scenario& scenario, WorldOptions options)
    : scenario_(scenario),
      seed_(options.seed.value_or(scenario.seed)),
      rng_(seed_) {
    trace_.set_recording(options.record);
    trace_.scenario = scenario_.name;
    trace_.title = scenario_.title;
    trace_.seed = seed_;
    trace_.duration_us = scenario_.duration.us;
    trace_.notes = scenario_.notes;
    build_topology();
    build_lanes();
    build_initial_state();
    start_services();
    start_peers();
    schedule_script();
}

void World::start_services() {
    // Servers start their services before anything else happens.
    for (std::uint32_t h = 0; h < scenario_.topology.hosts.size(); ++h) {
        const HostSpec& spec = scenario_.topology.hosts[h];
        if (spec.stun) {
            const auto app = add_app(std::make_unique<StunServerApp>(h, *spec.stun));
            bind(h, spec.stun->port, app);
        }
        if (spec.turn) {
            const auto app = add_app(std::make_unique<TurnServerApp>(*this, h, *spec.turn));
            bind(h, spec.turn->port, app);
        }
        if (spec.signaling) {
            add_app(std::make_unique<SignalingServerApp>(h, *spec.signaling));
        }
    }
}

void World::start_peers() {
    SignalingServerApp* signaling = nullptr;
    if (const auto h = host_index(scenario_.signaling)) {
        for (const auto& app : apps_) {
            if (auto* s = dynamic_cast<SignalingServerApp*>(app.get())) signaling = s;
        }
        (void)h;
    }
    const auto& peers = scenario_.peers;
    for (std::size_t i = 0; i < peers.size(); ++i) {
        const auto host = host_index(peers[i].host);
        if (!host) continue;  // the loader has checked the names
        // Two peers talk to each other; with more, each talks to the next one.
        const std::string remote =
            peers.size() < 2 ? std::string() : peers[(i + 1) % peers.size()].host;
        auto app = std::make_unique<PeerApp>(*this, *host, peers[i], remote, signaling);
        PeerApp* peer = app.get();
        const auto index = add_app(std::move(app));
        bind(*host, peer->port(), index);
        peer_apps_.push_back(peer);
        if (signaling) signaling->add_peer(peer->name(), peer, host_app_lane_[*host]);
        trace_.initial_state["peers"][peer->name()] = peer_state_json(peer->pc());
        peer->start(*this);
    }
}

PeerApp* World::peer_app(std::string_view name) const {
    for (PeerApp* p : peer_apps_) {
        if (p->name() == name) return p;
    }
    return nullptr;
}

std::optional<std::uint32_t> World::network_index(std::string_view name) const {
    for (std::uint32_t i = 0; i < networks_.size(); ++i) {
        if (networks_[i].name == name) return i;
    }
    return std::nullopt;
}

void World::set_link_up(std::uint32_t network, bool up) {
    networks_[network].up = up;
    if (!trace_.recording()) return;
    GenericEvent ev;
    ev.kind = up ? "link.up" : "link.down";
    ev.summary = "network " + networks_[network].name + (up ? ": link back up" : ": link down");
    ev.explain = up ? "Datagrams cross this network again."
                    : "Nothing crosses this network until it comes back: ICE consent checks "
                      "go unanswered (RFC 7675), so the peers will see 'disconnected', then "
                      "'failed'.";
    ev.detail = {{"network", networks_[network].name}, {"up", up}};
    ev.changes.push_back({{"path", "/networks/" + networks_[network].name + "/up"}, {"value", up}});
    record(kNoLane, kNoLane, std::move(ev));
}

bool World::move_host(std::uint32_t host, std::uint32_t network, const net::IpAddress& address) {
    HostSpec& spec = scenario_.topology.hosts[host];
    Network& to = networks_[network];
    if (to.attached.count(address)) {
        if (trace_.recording()) {
            GenericEvent ev;
            ev.kind = "host.move.refused";
            ev.summary = spec.name + " cannot join " + to.name + " as " + address.to_string() +
                         ": the address is taken";
            ev.detail = {{"host", spec.name}, {"network", to.name}, {"address", address.to_string()}};
            record(host_agent_lane_[host], kNoLane, std::move(ev));
        }
        return false;
    }
    Network& from = networks_[host_network_[host]];
    from.attached.erase(spec.address);
    to.attached[address] = Node{NodeType::kHost, host};
    host_network_[host] = network;
    const std::string old_address = spec.address.to_string();
    const std::string old_network = spec.network;
    spec.address = address;
    spec.network = to.name;
    if (trace_.recording()) {
        GenericEvent ev;
        ev.kind = "host.move";
        ev.summary = spec.name + " moves from " + old_network + " (" + old_address + ") to " + to.name +
                     " (" + address.to_string() + ")";
        ev.explain = "The host changed networks, as a phone leaving Wi-Fi for 4G does: its old "
                     "address is gone, so every candidate gathered on it is dead. Consent checks "
                     "on the selected pair go unanswered (RFC 7675): 'disconnected'. An ICE restart "
                     "(RFC 8445 §9) gathers candidates on the new network and finds a new pair.";
        ev.detail = {{"host", spec.name},
                     {"from", {{"network", old_network}, {"address", old_address}}},
                     {"to", {{"network", to.name}, {"address", address.to_string()}}}};
        const std::string base = "/" + std::string(spec.role == HostRole::kPeer ? "hosts" : "servers") +
                                 "/" + spec.name;
        ev.changes.push_back({{"path", base + "/address"}, {"value", address.to_string()}});
        ev.changes.push_back({{"path", base + "/network"}, {"value", to.name}});
        if (spec.role == HostRole::kPeer) {
            // What STUN said about the old network no longer holds.
            ev.changes.push_back({{"path", base + "/reflexive"}, {"value", nlohmann::json::object()}});
        }
        record(host_agent_lane_[host], kNoLane, std::move(ev));
    }
    for (PeerApp* p : peer_apps_) {
        if (p->host() == host) p->network_changed(*this);
    }
    return true;
}

World::~World() = default;

// --- construction ---------------------------------------------------------------------------

void World::build_topology() {
    const TopologySpec& topo = scenario_.topology;
    networks_.reserve(topo.networks.size());
    for (const NetworkSpec& spec : topo.networks) {
        Network n;
        n.name = spec.name;
        n.cidr = spec.cidr;
        n.link = spec.link;
        n.rng = rng_.fork("network:" + spec.name);
        networks_.push_back(std::move(n));
        trace_.networks.push_back(spec.name);
    }
    const auto network_index = [&](const std::string& name) -> std::int32_t {
        for (std::size_t i = 0; i < topo.networks.size(); ++i) {
            if (topo.networks[i].name == name) return static_cast<std::int32_t>(i);
        }
        return -1;
    };
    for (std::size_t i = 0; i < topo.networks.size(); ++i) {
        const NetworkSpec& spec = topo.networks[i];
        if (spec.parent.empty() || !spec.nat) continue;
        const std::int32_t parent = network_index(spec.parent);
        if (parent < 0) continue;  // the loader has already rejected this
        const auto nat_index = static_cast<std::uint32_t>(nats_.size());
        nats_.push_back(std::make_unique<Nat>(spec.nat->name, spec.nat->config, spec.nat->outside,
                                              spec.nat->inside, rng_.fork("nat:" + spec.nat->name)));
        nat_inside_network_.push_back(static_cast<std::uint32_t>(i));
        nat_drops_.push_back(0);
        networks_[i].parent = parent;
        networks_[i].nat = static_cast<std::int32_t>(nat_index);
        networks_[i].attached[spec.nat->inside] = Node{NodeType::kNatInside, nat_index};
        networks_[static_cast<std::size_t>(parent)].attached[spec.nat->outside] =
            Node{NodeType::kNatOutside, nat_index};
        if (!spec.nat->config.translates) {
            networks_[static_cast<std::size_t>(parent)].open_children.push_back(
                static_cast<std::uint32_t>(i));
        }
    }
    for (std::uint32_t h = 0; h < topo.hosts.size(); ++h) {
        const HostSpec& host = topo.hosts[h];
        const std::int32_t net = network_index(host.network);
        host_network_.push_back(static_cast<std::uint32_t>(std::max(net, 0)));
        host_rngs_.push_back(rng_.fork("host:" + host.name));
        if (net >= 0) networks_[static_cast<std::size_t>(net)].attached[host.address] = Node{NodeType::kHost, h};
    }
}

namespace {

std::string nat_label(const std::string& name) {
    // "nat-a" -> "NAT A"; other names keep their spelling.
    if (name.rfind("nat-", 0) == 0) {
        std::string rest = name.substr(4);
        for (char& c : rest) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return "NAT " + rest;
    }
    return name;
}

}  // namespace

void World::build_lanes() {
    // Lane order follows the MDN diagram: the first half of the peers on the left with their
    // NATs inside-out, the servers in the middle, the other peers mirrored on the right.
    const TopologySpec& topo = scenario_.topology;
    host_agent_lane_.assign(topo.hosts.size(), kNoLane);
    host_app_lane_.assign(topo.hosts.size(), kNoLane);
    nat_lane_.assign(nats_.size(), kNoLane);

    std::vector<std::uint32_t> peers, servers;
    for (std::uint32_t h = 0; h < topo.hosts.size(); ++h) {
        (topo.hosts[h].role == HostRole::kPeer ? peers : servers).push_back(h);
    }
    const auto nat_chain = [&](std::uint32_t host) {
        std::vector<std::uint32_t> chain;  // inside-out
        std::int32_t net = static_cast<std::int32_t>(host_network_[host]);
        while (net >= 0 && networks_[static_cast<std::size_t>(net)].nat >= 0) {
            chain.push_back(static_cast<std::uint32_t>(networks_[static_cast<std::size_t>(net)].nat));
            net = networks_[static_cast<std::size_t>(net)].parent;
        }
        return chain;
    };
    const auto add_nat_lane = [&](std::uint32_t nat) {
        if (nat_lane_[nat] != kNoLane) return;
        nat_lane_[nat] = trace_.add_lane(nats_[nat]->name(), nat_label(nats_[nat]->name()), "nat");
    };
    const std::size_t left = (peers.size() + 1) / 2;
    for (std::size_t i = 0; i < left; ++i) {
        const std::uint32_t h = peers[i];
        const HostSpec& spec = topo.hosts[h];
        host_app_lane_[h] = trace_.add_lane(spec.name + ".app", spec.label + " (app)", "app");
        host_agent_lane_[h] = trace_.add_lane(spec.name + ".agent", spec.label + " (agent)", "agent");
    }
    for (std::size_t i = 0; i < left; ++i) {
        for (std::uint32_t nat : nat_chain(peers[i])) add_nat_lane(nat);
    }
    for (std::uint32_t h : servers) {
        for (std::uint32_t nat : nat_chain(h)) add_nat_lane(nat);
        host_agent_lane_[h] = host_app_lane_[h] =
            trace_.add_lane(topo.hosts[h].name, topo.hosts[h].label, "server");
    }
    // NATs no peer or server sits behind directly (e.g. an empty branch) still get a lane.
    std::vector<std::uint32_t> right(peers.begin() + static_cast<std::ptrdiff_t>(left), peers.end());
    std::vector<std::uint32_t> right_nats;
    for (std::uint32_t h : right) {
        auto chain = nat_chain(h);
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) right_nats.push_back(*it);
    }
    for (std::uint32_t nat = 0; nat < nats_.size(); ++nat) {
        if (std::find(right_nats.begin(), right_nats.end(), nat) == right_nats.end()) add_nat_lane(nat);
    }
    for (std::size_t i = 0; i < right.size(); ++i) {
        const std::uint32_t h = right[i];
        auto chain = nat_chain(h);
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) add_nat_lane(*it);
        const HostSpec& spec = topo.hosts[h];
        host_agent_lane_[h] = trace_.add_lane(spec.name + ".agent", spec.label + " (agent)", "agent");
        host_app_lane_[h] = trace_.add_lane(spec.name + ".app", spec.label + " (app)", "app");
    }
    for (std::uint32_t n = 0; n < nats_.size(); ++n) {
        trace_.nats.push_back(NatInfo{nats_[n]->name(), nat_lane_[n], nats_[n]->config()});
    }
}

void World::build_initial_state() {
    using nlohmann::json;
    using nlohmann::ordered_json;
    const TopologySpec& topo = scenario_.topology;
    json state = {{"peers", json::object()},
                  {"hosts", json::object()},
                  {"nats", json::object()},
                  {"servers", json::object()},
                  {"networks", json::object()}};
    ordered_json topo_json = {{"name", topo.name}, {"networks", ordered_json::array()},
                              {"hosts", ordered_json::array()}};
    for (const NetworkSpec& n : topo.networks) {
        state["networks"][n.name] = {{"up", true}};
        ordered_json nj = {{"name", n.name},
                           {"cidr", n.cidr.to_string()},
                           {"parent", n.parent.empty() ? ordered_json(nullptr) : ordered_json(n.parent)},
                           {"latency_us", n.link.latency.us},
                           {"jitter_us", n.link.jitter.us},
                           {"loss", n.link.loss}};
        if (n.nat) {
            nj["nat"] = nat_config_json(n.nat->name, n.nat->config, n.nat->outside, n.nat->inside);
            json nat_state = nat_config_json(n.nat->name, n.nat->config, n.nat->outside, n.nat->inside);
            nat_state["mappings"] = json::object();
            nat_state["filters"] = json::object();
            state["nats"][n.nat->name] = std::move(nat_state);
        }
        topo_json["networks"].push_back(std::move(nj));
    }
    for (std::uint32_t h = 0; h < topo.hosts.size(); ++h) {
        const HostSpec& host = topo.hosts[h];
        ordered_json hj = {{"name", host.name},
                           {"label", host.label},
                           {"network", host.network},
                           {"address", host.address.to_string()},
                           {"role", host.role == HostRole::kPeer ? "peer" : "server"},
                           {"lane", trace_.lanes[host_agent_lane_[h]].id}};
        if (host.stun) hj["stun"] = {{"port", host.stun->port}};
        if (host.turn) {
            // The lab's TURN accounts go into the trace, so that a replay (the GUI's packet
            // inspector, like Wireshark given the password) can verify long-term-credential
            // MESSAGE-INTEGRITY (RFC 8489 §9.2). They are the scenario's own, made up for class.
            ordered_json users = ordered_json::array();
            for (const auto& [name, password] : host.turn->users)
                users.push_back({{"username", name}, {"password", password}});
            hj["turn"] = {{"port", host.turn->port}, {"realm", host.turn->realm}, {"users", std::move(users)}};
        }
        topo_json["hosts"].push_back(hj);
        if (host.role == HostRole::kPeer) {
            state["hosts"][host.name] = {{"address", host.address.to_string()},
                                         {"network", host.network},
                                         {"reflexive", json::object()}};
        } else {
            json server = {{"address", host.address.to_string()}, {"network", host.network}};
            if (host.stun) {
                server["stun"] = {{"port", host.stun->port}, {"bindings_answered", 0}};
            }
            if (host.signaling) server["signaling"] = {{"relayed", 0}};
            state["servers"][host.name] = std::move(server);
        }
    }
    trace_.topology = std::move(topo_json);
    trace_.initial_state = std::move(state);
}

void World::schedule_script() {
    for (std::uint32_t i = 0; i < scenario_.script.size(); ++i) {
        queue_.push(net::Instant{} + scenario_.script[i].at, WorldEventType::kScriptStep, i);
    }
}

// --- running --------------------------------------------------------------------------------

void World::run() { run_until(net::Instant{} + scenario_.duration); }

void World::run_until(net::Instant t) {
    while (!queue_.empty() && queue_.top().at <= t) step();
    if (now_ < t) now_ = t;
}

bool World::step() {
    if (queue_.empty()) return false;
    const WorldEvent e = queue_.pop();
    now_ = e.at;
    switch (e.type) {
        case WorldEventType::kHopArrival: arrive(e.a); break;
        case WorldEventType::kHostTimer: apps_[e.a]->on_timer(*this, now_, e.b); break;
        case WorldEventType::kScriptStep: run_script_step(e.a); break;
        case WorldEventType::kNatExpiry: nat_expiry(e.a, e.b, e.c); break;
    }
    return true;
}

void World::run_script_step(std::uint32_t index) {
    const ScriptStep& step = scenario_.script[index];
    if (const auto* a = std::get_if<StunBindingAction>(&step.action)) {
        const auto host = host_index(a->host);
        const auto server = host_index(a->server);
        if (!host || !server || !scenario_.topology.hosts[*server].stun) return;
        auto* client = dynamic_cast<StunClientApp*>(app_on(*host, a->local_port));
        if (!client) {
            const auto app = add_app(std::make_unique<StunClientApp>(*host, a->local_port));
            if (!bind(*host, a->local_port, app)) return;  // the loader keeps ports consistent
            client = static_cast<StunClientApp*>(apps_[app].get());
        }
        const net::TransportAddress to =
            host_endpoint(*server, scenario_.topology.hosts[*server].stun->port);
        client->ask(*this, now_, scenario_.topology.hosts[*server].name, to);
    } else if (const auto* u = std::get_if<UdpSendAction>(&step.action)) {
        const auto host = host_index(u->host);
        if (!host) return;
        if (trace_.recording()) {
            GenericEvent ev;
            ev.kind = "app.udp-send";
            ev.summary = "send \"" + u->payload + "\" from port " + std::to_string(u->local_port) +
                         " to " + u->to.to_string();
            ev.detail = {{"host", u->host},
                         {"local", host_endpoint(*host, u->local_port).to_string()},
                         {"to", u->to.to_string()},
                         {"payload", u->payload}};
            record(host_app_lane_[*host], host_agent_lane_[*host], std::move(ev));
        }
        const auto* bytes = reinterpret_cast<const std::uint8_t*>(u->payload.data());
        send(*host, u->local_port, u->to, net::ByteView(bytes, u->payload.size()));
    } else if (const auto* r = std::get_if<NatRebootAction>(&step.action)) {
        if (const auto nat = nat_index(r->nat)) reboot_nat(*nat);
    } else if (const auto* ri = std::get_if<RestartIceAction>(&step.action)) {
        if (PeerApp* p = peer_app(ri->peer)) p->restart_ice(*this);
    } else if (const auto* rn = std::get_if<RenegotiateAction>(&step.action)) {
        if (PeerApp* p = peer_app(rn->peer)) p->renegotiate(*this);
    } else if (const auto* l = std::get_if<LinkAction>(&step.action)) {
        if (const auto n = network_index(l->network)) set_link_up(*n, l->up);
    } else if (const auto* c = std::get_if<PeerCallAction>(&step.action)) {
        if (PeerApp* p = peer_app(c->peer)) p->call(*this, *c);
    } else if (const auto* m = std::get_if<MoveHostAction>(&step.action)) {
        const auto host = host_index(m->host);
        const auto net = network_index(m->network);
        if (host && net) move_host(*host, *net, m->address);
    }
}

// --- hosts and apps -------------------------------------------------------------------------

std::optional<std::uint32_t> World::host_index(std::string_view name) const {
    const auto& hosts = scenario_.topology.hosts;
    for (std::uint32_t i = 0; i < hosts.size(); ++i) {
        if (hosts[i].name == name) return i;
    }
    return std::nullopt;
}

const HostSpec& World::host(std::uint32_t index) const { return scenario_.topology.hosts[index]; }

net::TransportAddress World::host_endpoint(std::uint32_t host, std::uint16_t port) const {
    return net::TransportAddress{scenario_.topology.hosts[host].address, port};
}

LaneId World::host_agent_lane(std::uint32_t host) const { return host_agent_lane_[host]; }
LaneId World::host_app_lane(std::uint32_t host) const { return host_app_lane_[host]; }

std::uint32_t World::add_app(std::unique_ptr<App> app) {
    app->app_index = static_cast<std::uint32_t>(apps_.size());
    apps_.push_back(std::move(app));
    return static_cast<std::uint32_t>(apps_.size() - 1);
}

App* World::app_on(std::uint32_t host, std::uint16_t port) const {
    const auto it = sockets_.find((std::uint64_t{host} << 16) | port);
    return it == sockets_.end() ? nullptr : apps_[it->second.app].get();
}

bool World::bind(std::uint32_t host, std::uint16_t port, std::uint32_t app) {
    return sockets_.emplace((std::uint64_t{host} << 16) | port, Socket{app}).second;
}

void World::set_timer(std::uint32_t app, net::Instant at, std::uint32_t token) {
    queue_.push(at, WorldEventType::kHostTimer, app, token);
}

std::optional<std::uint32_t> World::nat_index(std::string_view name) const {
    for (std::uint32_t i = 0; i < nats_.size(); ++i) {
        if (nats_[i]->name() == name) return i;
    }
    return std::nullopt;
}

void World::record(LaneId from, LaneId to, GenericEvent event) {
    trace_.record_generic(now_, from, to, std::move(event));
}

// --- datagrams ------------------------------------------------------------------------------

std::uint32_t World::new_datagram() {
    if (!free_datagrams_.empty()) {
        const std::uint32_t slot = free_datagrams_.back();
        free_datagrams_.pop_back();
        return slot;
    }
    datagrams_.emplace_back();
    return static_cast<std::uint32_t>(datagrams_.size() - 1);
}

void World::free_datagram(std::uint32_t slot) { free_datagrams_.push_back(slot); }

void World::send(std::uint32_t host, std::uint16_t local_port, const net::TransportAddress& to,
                 net::ByteView payload) {
    const std::uint32_t slot = new_datagram();
    InFlight& d = datagrams_[slot];
    d.src = host_endpoint(host, local_port);
    d.dst = to;
    d.payload.assign(payload.begin(), payload.end());
    d.trace_packet = trace_.recording() ? trace_.store_packet(payload) : PacketStore::kNone;
    hop(slot, static_cast<std::uint16_t>(host_network_[host]), host_agent_lane_[host]);
}

LaneId World::node_lane(const Node& node) const {
    return node.type == NodeType::kHost ? host_agent_lane_[node.index] : nat_lane_[node.index];
}

void World::hop(std::uint32_t slot, std::uint16_t net_index, LaneId from) {
    InFlight& d = datagrams_[slot];
    Network& net = networks_[net_index];
    // Where does this network deliver d.dst? (see the routing rule in world.h)
    std::optional<Node> next;
    if (const auto it = net.attached.find(d.dst.ip); it != net.attached.end()) {
        next = it->second;
    } else {
        for (std::uint32_t child : net.open_children) {
            if (networks_[child].cidr.contains(d.dst.ip)) {
                next = Node{NodeType::kNatOutside, static_cast<std::uint32_t>(networks_[child].nat)};
                break;
            }
        }
        // A destination inside this network's own prefix is on-link: the sender delivers it
        // directly (ARP), never through the router -- and no node here has it. (The root's
        // prefix holds every address: there it is simply unroutable.)
        const bool on_link = net.parent >= 0 && net.cidr.contains(d.dst.ip);
        if (on_link) {
            if (trace_.recording()) {
                PacketHop h{net_index, Protocol::kUdp, 0, d.src, d.dst, d.trace_packet};
                trace_.record_simple(now_, EventKind::kNoHostOnLink, from, kNoLane, h);
            }
            free_datagram(slot);
            return;
        }
        if (!next && net.nat >= 0) next = Node{NodeType::kNatInside, static_cast<std::uint32_t>(net.nat)};
    }
    if (!next) {
        if (trace_.recording()) {
            PacketHop h{net_index, Protocol::kUdp, 0, d.src, d.dst, d.trace_packet};
            trace_.record_simple(now_, EventKind::kNoRoute, from, kNoLane, h);
        }
        free_datagram(slot);
        return;
    }
    const LaneId to = node_lane(*next);
    const std::int64_t jitter = net.link.jitter.us > 0 ? net.rng.between(0, net.link.jitter.us) : 0;
    const std::int64_t delay = net.link.latency.us + jitter;
    const bool lost = net.rng.chance(net.link.loss) || !net.up;
    if (trace_.recording()) {
        PacketHop h{net_index, Protocol::kUdp, static_cast<std::int32_t>(delay), d.src, d.dst,
                    d.trace_packet};
        trace_.record_simple(now_, lost ? EventKind::kLinkLoss : EventKind::kPacket, from, to, h);
    }
    if (lost) {
        free_datagram(slot);
        return;
    }
    d.network = net_index;
    d.to = *next;
    d.from_lane = from;
    queue_.push(now_ + net::Duration{delay}, WorldEventType::kHopArrival, slot);
}

void World::arrive(std::uint32_t slot) {
    switch (datagrams_[slot].to.type) {
        case NodeType::kHost: arrive_at_host(slot); break;
        case NodeType::kNatInside: arrive_at_nat_inside(slot); break;
        case NodeType::kNatOutside: arrive_at_nat_outside(slot); break;
    }
}

void World::arrive_at_host(std::uint32_t slot) {
    InFlight& d = datagrams_[slot];
    const std::uint32_t host = d.to.index;
    App* app = app_on(host, d.dst.port);
    if (!app) {
        if (trace_.recording()) {
            PacketHop h{d.network, Protocol::kUdp, 0, d.src, d.dst, d.trace_packet};
            trace_.record_simple(now_, EventKind::kPortUnreachable, host_agent_lane_[host], kNoLane, h);
        }
        free_datagram(slot);
        return;
    }
    ++delivered_;
    const Received r{now_, d.dst, d.src, d.payload};
    // The app may send (and so reuse datagram slots) while it handles this one: free the slot
    // only afterwards, and never touch `d` again after the call.
    app->on_datagram(*this, r);
    free_datagram(slot);
}

void World::record_outbound(std::uint32_t nat, const Nat::Outbound& out, const InFlight& d) {
    if (!trace_.recording()) return;
    const NatMapping& m = nats_[nat]->mapping(out.mapping);
    NatRecord rec{static_cast<std::uint16_t>(nat), DropReason::kNone, true, d.src, out.external, d.dst,
                  m.expires.us, d.trace_packet};
    const EventKind kind = out.decision == Nat::Decision::kCreated  ? EventKind::kNatMappingCreated
                           : out.decision == Nat::Decision::kReused ? EventKind::kNatMappingReused
                                                                    : EventKind::kNatMappingRefreshed;
    trace_.record_nat(now_, kind, nat_lane_[nat], rec);
}

void World::record_drop(std::uint32_t nat, DropReason reason, const InFlight& d,
                        const net::TransportAddress& internal) {
    ++nat_drops_[nat];
    if (!trace_.recording()) return;
    NatRecord rec{static_cast<std::uint16_t>(nat), reason, false, internal, d.dst, d.src, 0, d.trace_packet};
    trace_.record_nat(now_, EventKind::kNatDrop, nat_lane_[nat], rec);
}

std::optional<Nat::Outbound> World::translate_outbound(std::uint32_t nat_i, std::uint32_t slot) {
    const InFlight& d = datagrams_[slot];
    Nat& nat = *nats_[nat_i];
    const Nat::Outbound out = nat.outbound(now_, d.src, d.dst);
    if (out.decision == Nat::Decision::kDropped) {
        record_drop(nat_i, out.reason, d, d.src);
        free_datagram(slot);
        return std::nullopt;
    }
    record_outbound(nat_i, out, d);
    if (out.decision == Nat::Decision::kCreated) {
        const NatMapping& m = nat.mapping(out.mapping);
        queue_.push(m.expires, WorldEventType::kNatExpiry, nat_i, out.mapping, m.generation);
    }
    return out;
}

void World::arrive_at_nat_inside(std::uint32_t slot) {
    InFlight& d = datagrams_[slot];
    const std::uint32_t nat_i = d.to.index;
    Nat& nat = *nats_[nat_i];
    const std::uint32_t inside_net = nat_inside_network_[nat_i];
    const auto parent = static_cast<std::uint16_t>(networks_[inside_net].parent);
    const LaneId lane = nat_lane_[nat_i];
    if (!nat.config().translates) {  // a plain router: forward up unchanged
        hop(slot, parent, lane);
        return;
    }
    if (d.dst.ip == nat.outside()) {
        // RFC 4787 §6: hairpinning — an inside host sends to a mapping of its own NAT.
        if (!nat.config().hairpinning) {
            record_drop(nat_i, DropReason::kHairpinDisabled, d, d.src);
            free_datagram(slot);
            return;
        }
        const auto out = translate_outbound(nat_i, slot);
        if (!out) return;
        // REQ-9 b: the hairpinned packet carries the sender's external address as its source.
        InFlight as_seen = d;
        as_seen.src = out->external;
        const Nat::Inbound in = nat.inbound(now_, out->external, d.dst.port);
        if (!in.accepted) {
            record_drop(nat_i, in.reason, as_seen, in.internal);
            free_datagram(slot);
            return;
        }
        if (trace_.recording()) {
            NatRecord rec{static_cast<std::uint16_t>(nat_i), DropReason::kNone, in.refreshed, in.internal,
                          d.dst, out->external, nat.mapping(in.mapping).expires.us, d.trace_packet};
            trace_.record_nat(now_, EventKind::kNatHairpin, lane, rec);
        }
        d.src = out->external;
        d.dst = in.internal;
        hop(slot, static_cast<std::uint16_t>(inside_net), lane);
        return;
    }
    const auto out = translate_outbound(nat_i, slot);
    if (!out) return;
    d.src = out->external;
    hop(slot, parent, lane);
}

void World::arrive_at_nat_outside(std::uint32_t slot) {
    InFlight& d = datagrams_[slot];
    const std::uint32_t nat_i = d.to.index;
    Nat& nat = *nats_[nat_i];
    const auto inside_net = static_cast<std::uint16_t>(nat_inside_network_[nat_i]);
    const LaneId lane = nat_lane_[nat_i];
    if (!nat.config().translates) {  // a plain router: forward down unchanged
        hop(slot, inside_net, lane);
        return;
    }
    const Nat::Inbound in = nat.inbound(now_, d.src, d.dst.port);
    if (!in.accepted) {
        record_drop(nat_i, in.reason, d, in.internal);
        free_datagram(slot);
        return;
    }
    if (trace_.recording()) {
        NatRecord rec{static_cast<std::uint16_t>(nat_i), DropReason::kNone, in.refreshed, in.internal,
                      d.dst, d.src, nat.mapping(in.mapping).expires.us, d.trace_packet};
        trace_.record_nat(now_, EventKind::kNatInbound, lane, rec);
    }
    d.dst = in.internal;
    hop(slot, inside_net, lane);
}

void World::nat_expiry(std::uint32_t nat_i, std::uint32_t slot, std::uint32_t generation) {
    Nat& nat = *nats_[nat_i];
    const NatMapping& current = nat.mapping(slot);
    const bool permits_known = current.live && current.generation == generation;
    std::vector<net::TransportAddress> permits;
    if (permits_known) permits = current.permits;
    const auto gone = nat.expire(now_, slot, generation);
    if (!gone) {
        // Refreshed since the timer was set: look again when the new lifetime runs out.
        const NatMapping& m = nat.mapping(slot);
        if (m.live && m.generation == generation) {
            queue_.push(m.expires, WorldEventType::kNatExpiry, nat_i, slot, generation);
        }
        return;
    }
    if (trace_.recording()) {
        record(nat_lane_[nat_i], kNoLane, mapping_expired_event(nat, *gone, permits));
    }
}

void World::reboot_nat(std::uint32_t nat_i) {
    Nat& nat = *nats_[nat_i];
    const std::size_t n = nat.reboot();
    if (trace_.recording()) record(nat_lane_[nat_i], kNoLane, nat_reboot_event(nat, n));
}

}  // namespace rtclab::sim
