// World: the deterministic simulated network — virtual clock, event queue, topology, NATs,
// links, hosts and their apps — recording everything it does into a Trace.
//
// Nothing else decides what happens next: the queue, ordered by (virtual time, sequence),
// and the seeded Rng. The same scenario and seed give the same trace, byte for byte.
//
// Routing is a tree (after Pion's vnet): a datagram is delivered on its network when the
// destination is attached there, handed to a child network's router when the destination lies
// behind an "open" (non-translating) router, dropped when it lies in the network's own prefix
// but no node has it (on-link: a host never sends those to its router), and otherwise sent up
// to the network's NAT, which translates it onto the parent network. The root network is the
// public internet.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "sim/app.h"
#include "sim/event_queue.h"
#include "sim/nat.h"
#include "sim/scenario.h"
#include "sim/trace.h"

namespace rtclab::sim {

struct WorldOptions {
    std::optional<std::uint64_t> seed;  // overrides the scenario's seed
    bool record = true;                 // false: run without a trace (benchmarks)
};

class PeerApp;
class SignalingServerApp;

class World {
public:
    explicit World(const Scenario& scenario, WorldOptions options = {});
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // Runs the scenario's script until its duration has passed.
    void run();
    // Processes queued events up to and including time t; the clock ends at t.
    void run_until(net::Instant t);
    // Processes one queued event; false when the queue is empty.
    bool step();

    net::Instant now() const { return now_; }
    std::uint64_t seed() const { return seed_; }
    const Scenario& scenario() const { return scenario_; }
    Trace& trace() { return trace_; }
    const Trace& trace() const { return trace_; }

    // --- hosts and apps -------------------------------------------------------------------------
    std::optional<std::uint32_t> host_index(std::string_view name) const;
    const HostSpec& host(std::uint32_t index) const;
    net::TransportAddress host_endpoint(std::uint32_t host, std::uint16_t port) const;
    // The lane a host's network stack draws on: "<peer>.agent", or the server's own lane.
    LaneId host_agent_lane(std::uint32_t host) const;
    LaneId host_app_lane(std::uint32_t host) const;
    // Each host's own random stream (transaction ids, later ICE credentials), forked from the
    // seed by host name so that adding a host does not change the others' choices.
    net::Rng& host_rng(std::uint32_t host) { return host_rngs_[host]; }

    // Takes ownership of an app; returns its index for timers.
    std::uint32_t add_app(std::unique_ptr<App> app);
    App* app_on(std::uint32_t host, std::uint16_t port) const;
    // Binds host:port to an app. False if the port is taken.
    bool bind(std::uint32_t host, std::uint16_t port, std::uint32_t app);
    void set_timer(std::uint32_t app, net::Instant at, std::uint32_t token);
    // Sends a UDP datagram from host:local_port (binding is not required to send).
    void send(std::uint32_t host, std::uint16_t local_port, const net::TransportAddress& to,
              net::ByteView payload);

    // --- NATs --------------------------------------------------------------------------------
    std::size_t nat_count() const { return nats_.size(); }
    const Nat& nat(std::size_t i) const { return *nats_[i]; }
    std::optional<std::uint32_t> nat_index(std::string_view name) const;
    void reboot_nat(std::uint32_t nat);

    // Counters for summaries and benchmarks.
    std::uint64_t datagrams_delivered() const { return delivered_; }
    std::uint64_t nat_drops(std::size_t nat) const { return nat_drops_[nat]; }

    // --- peers (scenario "peers") ------------------------------------------------------------
    PeerApp* peer_app(std::string_view name) const;
    const std::vector<PeerApp*>& peer_apps() const { return peer_apps_; }

    // The host leaves its network and joins `network` with `address` (scenario "move-host");
    // a peer on it is told its interfaces changed. False (and nothing moves) when the address
    // is taken there.
    bool move_host(std::uint32_t host, std::uint32_t network, const net::IpAddress& address);

    // Takes a network's link down (nothing crosses it) or brings it back up.
    void set_link_up(std::uint32_t network, bool up);
    std::optional<std::uint32_t> network_index(std::string_view name) const;

    // Records a ready-made event (app and server code uses this for its rare events).
    void record(LaneId from, LaneId to, GenericEvent event);

private:
    enum class NodeType : std::uint8_t { kHost, kNatInside, kNatOutside };
    struct Node {
        NodeType type = NodeType::kHost;
        std::uint32_t index = 0;  // host or NAT index
    };
    struct Network {
        std::string name;
        net::Cidr cidr;
        LinkConfig link;
        std::int32_t parent = -1;
        std::int32_t nat = -1;  // the NAT joining this network to its parent
        std::unordered_map<net::IpAddress, Node> attached;
        std::vector<std::uint32_t> open_children;  // child networks behind non-translating routers
        bool up = true;  // a link that is down loses everything (scenario "link-down")
        net::Rng rng{0};
    };
    struct InFlight {
        net::TransportAddress src, dst;
        net::Bytes payload;
        std::uint32_t trace_packet = PacketStore::kNone;
        std::uint16_t network = 0;
        Node to;
        LaneId from_lane = kNoLane;
    };
    struct Socket {
        std::uint32_t app;
    };

    void build_topology();
    void build_lanes();
    void build_initial_state();
    void start_services();
    void start_peers();
    void schedule_script();
    void run_script_step(std::uint32_t index);

    std::uint32_t new_datagram();
    void free_datagram(std::uint32_t slot);
    // Sends datagram `slot` across network `net` from the node drawn on lane `from`.
    void hop(std::uint32_t slot, std::uint16_t net, LaneId from);
    void arrive(std::uint32_t slot);
    void arrive_at_host(std::uint32_t slot);
    void arrive_at_nat_inside(std::uint32_t slot);
    void arrive_at_nat_outside(std::uint32_t slot);
    // The outbound half of a NAT crossing: map (or drop, recorded and freed), record it, and
    // schedule a new mapping's expiry. nullopt when the datagram is gone.
    std::optional<Nat::Outbound> translate_outbound(std::uint32_t nat, std::uint32_t slot);
    void nat_expiry(std::uint32_t nat, std::uint32_t slot, std::uint32_t generation);
    void record_outbound(std::uint32_t nat, const Nat::Outbound& out, const InFlight& d);
    void record_drop(std::uint32_t nat, DropReason reason, const InFlight& d,
                     const net::TransportAddress& internal);
    LaneId node_lane(const Node& node) const;

    Scenario scenario_;
    std::uint64_t seed_;
    net::Rng rng_;
    net::Instant now_{};
    EventQueue queue_;
    Trace trace_;

    std::vector<Network> networks_;
    std::vector<std::unique_ptr<Nat>> nats_;
    std::vector<std::uint32_t> nat_inside_network_;  // the network each NAT serves
    std::vector<std::uint32_t> host_network_;
    std::vector<LaneId> host_agent_lane_, host_app_lane_;
    std::vector<net::Rng> host_rngs_;
    std::vector<LaneId> nat_lane_;
    std::vector<std::unique_ptr<App>> apps_;
    std::vector<PeerApp*> peer_apps_;
    std::unordered_map<std::uint64_t, Socket> sockets_;  // (host << 16 | port) -> app
    std::vector<InFlight> datagrams_;
    std::vector<std::uint32_t> free_datagrams_;
    std::vector<std::uint64_t> nat_drops_;
    std::uint64_t delivered_ = 0;
    std::uint16_t ip_id_ = 0;
};

}  // namespace rtclab::sim
