// TopologyView: what the topology view shows — the networks, NATs, hosts and servers of the
// trace header's topology, placed once for a rectangle, and at the cursor each NAT's mapping and
// filter tables (from the state document) with the entries the event at the cursor hit lit, why
// a dropped packet was dropped, and which link the packet at the cursor crosses.
//
// Everything here comes from the trace (header, state at the cursor, event at the cursor); no
// GL, no simulator. RFC 4787 words throughout: a NAT's *mapping* behaviour (§4.1) decides which
// external endpoint an outbound packet gets, its *filtering* behaviour (§5) which inbound packets
// may use that mapping. RFC 3489's older names (full cone … symmetric) label the combinations.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/trace.h"
#include "ui/gui/model/rect.h"

namespace rtclab::gui {

struct Point {
    float x = 0, y = 0;
};

// The RFC 3489 name of a NAT configured with these RFC 4787 behaviours (words as in the
// topology: "endpoint-independent", "address-dependent", "address-and-port-dependent"):
// "full cone", "restricted cone", "port-restricted cone", "symmetric" (a mapping that is not
// endpoint-independent, RFC 3489 §5), "open" for a router that does not translate, and
// "no RFC 3489 name" for combinations RFC 3489 did not name.
std::string rfc3489_name(const std::string& mapping, const std::string& filtering, bool translates);

// ---------------------------------------------------------------------------------------------
// The graph: built once per trace from its header.

enum class NodeKind { kNetwork, kNat, kHost, kServer };

struct TopologyNode {
    NodeKind kind = NodeKind::kHost;
    std::string name;         // "internet", "nat-a", "alice", "stun"
    std::string label;        // "home-a 192.168.1.0/24", "NAT A", "Alice", "STUN server"
    std::string short_label;  // what to show when the label does not fit: "home-a", "stun"
    std::string address;      // host address, NAT outside address, network CIDR
    sim::LaneId lane = sim::kNoLane;
    int network = -1;  // a host's network; a NAT's inside network; a network: itself
    int outside = -1;  // a NAT's outside network; a network: its parent; -1 for none
    int depth = 0;     // of a network in the tree (the internet is 0); of others, their network's
};

// One NAT (or a router that does not translate) and both of its names.
struct NatDescription {
    std::string name;       // "nat-a": the key under /nats in the state document
    std::string label;      // "NAT A"
    std::string rfc3489;    // "port-restricted cone"
    std::string mapping;    // RFC 4787 §4.1 behaviour: "endpoint-independent"
    std::string filtering;  // RFC 4787 §5 behaviour: "address-and-port-dependent"
    std::string outside;    // its external address
    bool translates = true;
    int node = -1;
};

struct TopologyGraph {
    std::vector<TopologyNode> nodes;
    std::vector<NatDescription> nats;
    std::size_t max_depth = 0;

    static TopologyGraph from_trace(const sim::Trace& trace);
    int node_of_lane(sim::LaneId lane) const;  // -1 when no node has the lane
    int nat_named(const std::string& name) const;  // index into nats, -1 when unknown
};

// ---------------------------------------------------------------------------------------------
// The state at the cursor.

// One entry of a NAT's mapping table (/nats/<n>/mappings/<external>) or filter table
// (/nats/<n>/filters/<external> from <remote>).
struct NatEntry {
    std::string key;   // the entry's id in the state document
    std::string text;  // "192.168.1.10:52357 ⇄ 203.0.113.10:52357", "203.0.113.10:52357 ← 203.0.113.1:3478"
    // The mapping's inside and outside endpoints and what it is specific to (mappings); the
    // mapping and the remote allowed to send through it (filters).
    std::string internal, external, remote;
    std::int64_t created_us = -1, expires_us = -1;  // mappings only
    bool lit = false;      // the event at the cursor used, created or refreshed this entry
    bool missing = false;  // not in the table: the entry a dropped packet lacked, or the
                           // mapping that just expired (shown once, struck through)
};

// The lines of the NAT tables, all NATs one after the other, so that a fixed number of lines
// fits the view and only those are drawn.
enum class TableLineKind {
    kNatHeader,       // "NAT A — port-restricted cone (RFC 3489)"
    kMappingHeading,  // "mapping: endpoint-independent (RFC 4787 §4.1)"
    kFilterHeading,   // "filtering: address-and-port-dependent (§5)"
    kMapping,
    kFilter,
    kEmpty,           // "none yet"
};

struct TableLine {
    TableLineKind kind = TableLineKind::kEmpty;
    int nat = -1;
    std::string text;
    int entry = -1;  // into NatTables::mappings / filters of that NAT, for kMapping / kFilter
};

struct NatTables {
    std::vector<NatEntry> mappings, filters;
};

// A packet on a link at the cursor: it moves from one node to another across one network.
struct PacketMove {
    bool active = false;
    int from = -1, to = -1;  // nodes
    int network = -1;        // node of the network (the link) it crosses
    bool lost = false;       // link.loss: the link lost it on the way
};

enum class StatusKind { kNone, kPacket, kNat, kDrop };

// What the view shows at one cursor; rebuilt only when the cursor moves.
struct TopologyAtCursor {
    std::ptrdiff_t cursor = -1;
    std::vector<NatTables> tables;  // per graph.nats
    std::vector<TableLine> lines;
    int lit_line = -1;    // the line of the entry the event hit (or lacked): kept on screen
    bool lit_missing = false;  // that entry is a missing one (a drop's, an expired mapping)
    int focus_line = -1;  // the header of the NAT last involved at or before the cursor
    int event_nat = -1;   // the NAT the event at the cursor happened at
    PacketMove packet;
    StatusKind status_kind = StatusKind::kNone;
    std::string status;        // one line on the event at the cursor, for the view's caption
    std::string drop_message;  // why a packet was dropped: "address-and-port-dependent
                               // filtering: no mapping permits 203.0.113.7:3478"

    // The lit entries of a NAT's tables (not the missing ones), as their texts; for tests.
    std::vector<std::string> lit_entries(int nat) const;
};

// ---------------------------------------------------------------------------------------------
// Placement in a rectangle: computed once per rectangle and UI scale.

struct Attachment {  // a node's link to a network: a short vertical line to the network's bar
    int node = -1, network = -1;
    Point at_node, at_bar;
};

// The polyline a packet follows: out of its node to the bar, along it (in the gap beside the
// bar, so that the bar's label stays readable), into the other node.
struct PacketPath {
    std::array<Point, 4> points{};
    int count = 0;
    Point at(float t) const;  // t in [0, 1], by length along the path
    // Where the dot rests while paused: halfway along the run beside the bar, or, when the
    // path only crosses the bar (host to its NAT), on the way out of the source.
    Point resting() const;
};

struct TopologyPlacement {
    Rect area;    // the whole view
    Rect graph;   // networks, NATs, hosts
    Rect status;  // two lines under the graph: the event at the cursor, a drop's reason
    Rect tables;  // the NAT tables' lines
    float line_h = 0;
    float scale = 1;
    std::vector<Rect> boxes;  // per node
    std::vector<Attachment> attachments;

    std::size_t visible_lines() const;
    Rect line_rect(std::size_t line, std::size_t first_line) const;
    PacketPath path(const PacketMove& move) const;
};

TopologyPlacement place_topology(const TopologyGraph& graph, const Rect& area, float scale);

// The first table line on screen: the focused NAT's header, moved down if need be so that the
// lit line shows. Deterministic for a cursor, like the sequence diagram's first row.
std::size_t first_table_line(const TopologyAtCursor& at, std::size_t visible);

// ---------------------------------------------------------------------------------------------

class TopologyView {
public:
    // Builds the graph on first use, then the view of the state at `cursor`.
    void update(const sim::Trace& trace, const nlohmann::json& state, std::ptrdiff_t cursor);

    const TopologyGraph& graph() const { return graph_; }
    const TopologyAtCursor& at_cursor() const { return at_; }
    // Placement for a rectangle, cached: recomputed only when the rectangle or scale changes.
    const TopologyPlacement& placement(const Rect& area, float scale) const;

    // Where the lit entry's line is on screen, if one is lit and on screen (screenshot tests);
    // a missing entry (a drop) counts too: at_cursor().lit_missing tells which.
    bool lit_line_rect(const Rect& area, float scale, Rect& out) const;

private:
    bool built_ = false;
    TopologyGraph graph_;
    std::vector<std::int16_t> nat_in_focus_;  // per event: the NAT last involved, -1 for none
    TopologyAtCursor at_;
    mutable TopologyPlacement placement_;
    mutable bool placed_ = false;
};

}  // namespace rtclab::gui
