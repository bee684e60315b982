// Trace: the event-sourced record of a run — the one contract between sim/ and the front ends.
//
// The simulator appends events; the terminal transcript, the GUI, the pcapng writer, the JSON
// Lines file and the tests all read them. In memory the trace is compact: hot events (a packet
// crossing a hop, a NAT decision) are small typed records, packet bytes are stored once, and
// text (summary, explanation, detail, state changes) is formatted only when someone asks
// (trace_format.h). Rare events and events read back from a file are kept as ready-made JSON.
// The JSON Lines form is documented in docs/trace-format.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/address.h"
#include "net/core/time.h"
#include "sim/chunked_vector.h"
#include "sim/nat_config.h"
#include "sim/packet_store.h"

namespace rtclab::sim {

using LaneId = std::uint16_t;
inline constexpr LaneId kNoLane = 0xffff;

struct Lane {
    std::string id;     // "alice.app", "alice.agent", "nat-a", "stun"
    std::string label;  // "Alice (app)", "NAT A", "STUN server"
    std::string kind;   // "app", "agent", "nat", "server"
};

enum class EventKind : std::uint8_t {
    kPacket,                // packet.<protocol>: a datagram crossing one hop
    kLinkLoss,              // link.loss: the link lost the datagram
    kNoRoute,               // net.unreachable: no network leads to the destination
    kNoHostOnLink,          // net.no-host: the destination is on the sender's own subnet; no host has it
    kPortUnreachable,       // host.port-unreachable: nothing listens on the port
    kNatMappingCreated,     // nat.mapping.created
    kNatMappingReused,      // nat.mapping.reused: an existing mapping serves a new destination
    kNatMappingRefreshed,   // nat.mapping.refreshed: traffic extended a mapping's lifetime
    kNatMappingExpired,     // nat.mapping.expired
    kNatInbound,            // nat.inbound: filtering let an inbound packet through
    kNatDrop,               // nat.drop: filtering (or a missing mapping) dropped a packet
    kNatHairpin,            // nat.hairpin: inside to the NAT's own outside address
    kGeneric,               // anything else, stored as ready-made JSON
};

// Payload protocols told apart by looking at the first bytes (RFC 7983 demultiplexing).
enum class Protocol : std::uint8_t { kUdp, kStun };

struct Event {
    std::int64_t t_us = 0;
    EventKind kind = EventKind::kGeneric;
    LaneId lane_a = kNoLane;  // from (or the lane of a mark)
    LaneId lane_b = kNoLane;  // to, or kNoLane for a mark
    std::uint32_t index = 0;  // into the payload table of its kind
};

struct PacketHop {
    std::uint16_t network = 0;  // index into Trace::networks (the link / pcapng interface)
    Protocol protocol = Protocol::kUdp;
    std::int32_t delay_us = 0;  // arrives at t_us + delay_us
    net::TransportAddress src, dst;
    std::uint32_t packet = PacketStore::kNone;
};

// Why a NAT dropped a packet.
enum class DropReason : std::uint8_t {
    kNone,
    kNoMapping,          // nothing maps the destination port
    kFilteredAddress,    // address-dependent filtering: never sent to this remote address
    kFilteredEndpoint,   // address-and-port-dependent filtering: never sent to this ip:port
    kHairpinDisabled,    // hairpinning is off
    kPortsExhausted,     // no external port left
};

struct NatRecord {
    std::uint16_t nat = 0;  // index into Trace::nats
    DropReason reason = DropReason::kNone;
    bool refreshed = false;
    net::TransportAddress internal;  // inside endpoint of the mapping
    net::TransportAddress external;  // the NAT's outside endpoint of the mapping
    net::TransportAddress remote;    // the far endpoint of the packet
    std::int64_t expires_us = 0;
    std::uint32_t packet = PacketStore::kNone;
};

// A rare or loaded event, already in its JSON form.
struct GenericEvent {
    std::string kind;
    std::string summary;
    std::string explain;
    nlohmann::ordered_json detail = nlohmann::ordered_json::object();
    nlohmann::json changes = nlohmann::json::array();
    nlohmann::ordered_json packet;  // null when the event has no packet
};

struct NatInfo {
    std::string name;
    LaneId lane = kNoLane;
    NatConfig config;
};

class Trace {
public:
    // --- what a replay needs besides the events (the header line of the file) ---------------
    std::string scenario;
    std::string title;
    std::uint64_t seed = 0;
    std::int64_t duration_us = 0;
    std::vector<Lane> lanes;
    std::vector<std::string> networks;  // link names, in the order PacketHop::network counts
    std::vector<NatInfo> nats;
    nlohmann::ordered_json topology = nlohmann::ordered_json::object();
    nlohmann::json notes = nlohmann::json::object();
    nlohmann::json initial_state = nlohmann::json::object();  // the state at step "start"

    // --- recording (the simulator) -----------------------------------------------------------
    // When off, the record_* calls do nothing; callers check recording() before building text.
    void set_recording(bool on) { recording_ = on; }
    bool recording() const { return recording_; }

    LaneId add_lane(std::string id, std::string label, std::string kind);
    LaneId lane_index(std::string_view id) const;  // kNoLane when unknown

    std::uint32_t store_packet(net::ByteView bytes) { return packets_.add(bytes); }
    void record_hop(net::Instant t, LaneId from, LaneId to, const PacketHop& hop);
    void record_nat(net::Instant t, EventKind kind, LaneId lane, const NatRecord& rec);
    void record_simple(net::Instant t, EventKind kind, LaneId from, LaneId to, const PacketHop& hop);
    void record_generic(net::Instant t, LaneId from, LaneId to, GenericEvent ev);

    // --- reading -------------------------------------------------------------------------------
    std::size_t size() const { return events_.size(); }
    const Event& event(std::size_t i) const { return events_[i]; }
    const PacketHop& hop(const Event& e) const { return hops_[e.index]; }
    const NatRecord& nat_record(const Event& e) const { return nat_records_[e.index]; }
    const GenericEvent& generic(const Event& e) const { return generic_[e.index]; }
    net::ByteView packet_bytes(std::uint32_t id) const { return packets_.get(id); }

    void clear_events();

private:
    bool recording_ = true;
    ChunkedVector<Event> events_;
    ChunkedVector<PacketHop> hops_;
    ChunkedVector<NatRecord> nat_records_;
    std::vector<GenericEvent> generic_;
    PacketStore packets_;
};

}  // namespace rtclab::sim
