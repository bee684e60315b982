#include "ui/gui/model/topology_view.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <string_view>

#include "sim/nat_config.h"
#include "sim/trace_format.h"
#include "ui/gui/model/screen_layout.h"

namespace rtclab::gui {

namespace {

using ordered_json = nlohmann::ordered_json;
using json = nlohmann::json;

template <class J>
std::string string_at(const J& object, const char* key, const std::string& fallback = "") {
    if (!object.is_object()) return fallback;
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->template get<std::string>() : fallback;
}

template <class J>
std::int64_t int_at(const J& object, const char* key) {
    if (!object.is_object()) return -1;
    const auto it = object.find(key);
    return it != object.end() && it->is_number_integer() ? it->template get<std::int64_t>() : -1;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// How a filter entry's remote reads in its row. RFC 4787 §5: endpoint-independent filtering
// keeps "*" (anyone may send back), address-dependent an address (any of its ports),
// address-and-port-dependent an address:port.
std::string filter_remote_text(const std::string& remote) {
    if (remote == "*") return "anyone (*)";
    const bool has_port = remote.find(':') != std::string::npos && remote.rfind(']') != remote.size() - 1;
    return has_port ? remote : remote + " (any port)";
}

std::string filter_text(const std::string& mapping, const std::string& remote) {
    // "the mapping ← who may send in through it"
    return mapping + " ← " + filter_remote_text(remote);
}

std::string ip_of(const std::string& endpoint) {
    if (!endpoint.empty() && endpoint.front() == '[') return endpoint.substr(0, endpoint.find(']') + 1);
    return endpoint.substr(0, endpoint.rfind(':'));
}

// Why a NAT dropped a packet, from the event's detail (docs/trace-format.md, nat.drop).
std::string drop_message_of(const ordered_json& detail) {
    const std::string reason = string_at(detail, "reason");
    const std::string remote = string_at(detail, "remote");
    if (reason == "address-and-port-dependent filtering") {
        return reason + ": no mapping permits " + remote;
    }
    if (reason == "address-dependent filtering") {
        return reason + ": " + string_at(detail, "internal", "the inside host") + " never sent to " + ip_of(remote);
    }
    if (reason == "no mapping") {
        return "no mapping: nothing inside has sent from " + string_at(detail, "external", "this port");
    }
    if (reason == "hairpinning disabled") {
        return "hairpinning disabled: " + remote + " cannot reach " + string_at(detail, "external") +
               " through the NAT's own outside address";
    }
    if (reason == "no external port left") return "no external port left for a new mapping";
    return reason.empty() ? std::string("dropped") : reason;
}

// The link a packet event crosses: typed hops know their network; events read from a file
// carry it in "packet.link" (or "detail.network").
std::string packet_link(const sim::Trace& trace, std::size_t i) {
    const sim::Event& e = trace.event(i);
    if (e.kind == sim::EventKind::kPacket || e.kind == sim::EventKind::kLinkLoss) {
        const auto n = trace.hop(e).network;
        return n < trace.networks.size() ? trace.networks[n] : std::string();
    }
    if (e.kind == sim::EventKind::kGeneric) {
        const sim::GenericEvent& g = trace.generic(e);
        if (g.packet.is_object()) return string_at(g.packet, "link");
        return string_at(g.detail, "network");
    }
    return "";
}

const json* object_at(const json& parent, const char* key) {
    if (!parent.is_object()) return nullptr;
    const auto it = parent.find(key);
    return it != parent.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

std::string rfc3489_name(const std::string& mapping, const std::string& filtering, bool translates) {
    if (!translates) return "open";
    const auto m = sim::parse_behavior(mapping);
    const auto f = sim::parse_behavior(filtering);
    if (!m || !f) return "no RFC 3489 name";
    // RFC 3489 §5: the three cones share one mapping for every destination and differ in
    // who may send back; "symmetric" gives each destination its own mapping.
    if (*m == sim::Behavior::kEndpointIndependent) {
        switch (*f) {
            case sim::Behavior::kEndpointIndependent: return "full cone";
            case sim::Behavior::kAddressDependent: return "restricted cone";
            case sim::Behavior::kAddressAndPortDependent: return "port-restricted cone";
        }
    }
    // A destination-dependent mapping with endpoint-independent filtering is none of the four.
    return *f == sim::Behavior::kEndpointIndependent ? "no RFC 3489 name" : "symmetric";
}

// --- the graph -------------------------------------------------------------------------------

TopologyGraph TopologyGraph::from_trace(const sim::Trace& trace) {
    TopologyGraph g;
    const ordered_json& topo = trace.topology;
    if (!topo.is_object()) return g;
    const auto networks = topo.find("networks");
    const auto hosts = topo.find("hosts");
    const auto lane_label = [&](sim::LaneId lane, const std::string& fallback) {
        return lane < trace.lanes.size() ? trace.lanes[lane].label : fallback;
    };

    // Networks first: node i is network i, so parents can be found by name.
    std::vector<std::string> parent_names;
    if (networks != topo.end() && networks->is_array()) {
        for (const auto& n : *networks) {
            if (!n.is_object()) continue;
            TopologyNode node;
            node.kind = NodeKind::kNetwork;
            node.name = string_at(n, "name", "network");
            node.address = string_at(n, "cidr");
            node.short_label = node.name;
            node.label = node.address.empty() ? node.name : node.name + " " + node.address;
            node.network = static_cast<int>(g.nodes.size());
            parent_names.push_back(string_at(n, "parent"));
            g.nodes.push_back(std::move(node));
        }
    }
    const int network_count = static_cast<int>(g.nodes.size());
    const auto network_named = [&](const std::string& name) {
        for (int i = 0; i < network_count; ++i)
            if (g.nodes[static_cast<std::size_t>(i)].name == name) return i;
        return -1;
    };
    for (int i = 0; i < network_count; ++i) {
        const int parent = network_named(parent_names[static_cast<std::size_t>(i)]);
        g.nodes[static_cast<std::size_t>(i)].outside = parent == i ? -1 : parent;
    }
    // Depth in the tree; a cycle in a hand-written trace is cut where it closes.
    for (int i = 0; i < network_count; ++i) {
        int depth = 0;
        for (int p = g.nodes[static_cast<std::size_t>(i)].outside; p >= 0 && depth <= network_count;
             p = g.nodes[static_cast<std::size_t>(p)].outside) {
            ++depth;
        }
        if (depth > network_count) {
            g.nodes[static_cast<std::size_t>(i)].outside = -1;
            depth = 0;
        }
        g.nodes[static_cast<std::size_t>(i)].depth = depth;
        g.max_depth = std::max(g.max_depth, static_cast<std::size_t>(depth));
    }

    // The NAT (or plain router) joining each inner network to its parent.
    std::size_t n_index = 0;
    if (networks != topo.end() && networks->is_array()) {
        for (const auto& n : *networks) {
            if (!n.is_object()) continue;
            const int inside = static_cast<int>(n_index++);
            const TopologyNode& net = g.nodes[static_cast<std::size_t>(inside)];
            const auto nat_it = n.find("nat");
            const bool has_nat = nat_it != n.end() && nat_it->is_object();
            if (net.outside < 0 && !has_nat) continue;
            TopologyNode node;
            node.kind = NodeKind::kNat;
            node.network = inside;
            node.outside = net.outside;
            node.depth = net.depth > 0 ? net.depth - 1 : 0;
            if (has_nat) {
                const ordered_json& nat = *nat_it;
                node.name = string_at(nat, "name", net.name + "-nat");
                node.address = string_at(nat, "outside");
                node.lane = trace.lane_index(node.name);
                node.label = lane_label(node.lane, node.name);
                node.short_label = node.name;
                NatDescription d;
                d.name = node.name;
                d.label = node.label;
                d.mapping = string_at(nat, "mapping");
                d.filtering = string_at(nat, "filtering");
                const auto tr = nat.find("translates");
                d.translates = tr == nat.end() || !tr->is_boolean() || tr->get<bool>();
                d.rfc3489 = rfc3489_name(d.mapping, d.filtering, d.translates);
                d.outside = node.address;
                d.node = static_cast<int>(g.nodes.size());
                g.nats.push_back(std::move(d));
            } else {
                node.name = net.name + "-router";
                node.label = node.short_label = "router";
            }
            g.nodes.push_back(std::move(node));
        }
    }

    if (hosts != topo.end() && hosts->is_array()) {
        for (const auto& h : *hosts) {
            if (!h.is_object()) continue;
            TopologyNode node;
            node.name = string_at(h, "name", "host");
            node.kind = string_at(h, "role") == "server" ? NodeKind::kServer : NodeKind::kHost;
            node.label = string_at(h, "label", node.name);
            node.short_label = node.name;
            node.address = string_at(h, "address");
            node.lane = trace.lane_index(string_at(h, "lane", node.name));
            node.network = network_named(string_at(h, "network"));
            if (node.network < 0) continue;  // nowhere to draw it
            node.depth = g.nodes[static_cast<std::size_t>(node.network)].depth;
            g.nodes.push_back(std::move(node));
        }
    }
    return g;
}

int TopologyGraph::node_of_lane(sim::LaneId lane) const {
    if (lane == sim::kNoLane) return -1;
    for (std::size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].lane == lane) return static_cast<int>(i);
    return -1;
}

int TopologyGraph::nat_named(const std::string& name) const {
    for (std::size_t i = 0; i < nats.size(); ++i)
        if (nats[i].name == name) return static_cast<int>(i);
    return -1;
}

// --- placement -------------------------------------------------------------------------------

namespace {

struct Placer {
    const TopologyGraph& g;
    TopologyPlacement& p;
    float bar_h, item_h, vgap, hgap, max_box_w;
    std::vector<float> weights;  // per network node: the width its subtree asks for

    float level_h() const { return bar_h + vgap + item_h + vgap; }
    float bar_y(int depth) const { return p.graph.y + static_cast<float>(depth) * level_h(); }
    float items_y(int depth) const { return bar_y(depth) + bar_h + vgap; }

    // What hangs under a network: its hosts and the NATs of its child networks, in lane order
    // so that left to right matches the sequence diagram's lanes.
    std::vector<int> items_of(int network) const {
        std::vector<int> items;
        for (std::size_t i = 0; i < g.nodes.size(); ++i) {
            const TopologyNode& n = g.nodes[i];
            if ((n.kind == NodeKind::kHost || n.kind == NodeKind::kServer) && n.network == network)
                items.push_back(static_cast<int>(i));
            if (n.kind == NodeKind::kNat && n.outside == network) items.push_back(static_cast<int>(i));
        }
        std::stable_sort(items.begin(), items.end(), [&](int a, int b) {
            return g.nodes[static_cast<std::size_t>(a)].lane < g.nodes[static_cast<std::size_t>(b)].lane;
        });
        return items;
    }

    float item_weight(int node) {
        const TopologyNode& n = g.nodes[static_cast<std::size_t>(node)];
        // A NAT's column holds its whole inner network: at least one and a half boxes wide.
        return n.kind == NodeKind::kNat ? std::max(1.5f, network_weight(n.network)) : 1.0f;
    }

    float network_weight(int network) {
        float& w = weights[static_cast<std::size_t>(network)];
        if (w > 0) return w;
        w = 1.0f;  // guards against a cycle while this network is being weighed
        float sum = 0;
        for (int item : items_of(network)) sum += item_weight(item);
        w = std::max(1.0f, sum);
        return w;
    }

    Rect box_in_slot(float x0, float x1, float y) const {
        const float w = std::min(x1 - x0 - hgap, max_box_w);
        return Rect{std::floor((x0 + x1 - w) / 2), y, std::floor(w), item_h};
    }

    void attach(int node, int network, Point at_node, Point at_bar) {
        p.attachments.push_back(Attachment{node, network, at_node, at_bar});
    }

    void place_network(int network, float x0, float x1) {
        const TopologyNode& net = g.nodes[static_cast<std::size_t>(network)];
        const Rect bar{std::floor(x0 + hgap / 2), bar_y(net.depth), std::floor(x1 - x0 - hgap), bar_h};
        p.boxes[static_cast<std::size_t>(network)] = bar;
        const std::vector<int> items = items_of(network);
        float total = 0;
        for (int item : items) total += item_weight(item);
        float x = x0;
        for (int item : items) {
            const float w = (x1 - x0) * item_weight(item) / std::max(total, 1.0f);
            const Rect box = box_in_slot(x, x + w, items_y(net.depth));
            p.boxes[static_cast<std::size_t>(item)] = box;
            const float cx = std::floor(box.x + box.w / 2);
            attach(item, network, Point{cx, box.y}, Point{cx, bar.bottom()});
            const TopologyNode& n = g.nodes[static_cast<std::size_t>(item)];
            if (n.kind == NodeKind::kNat && n.network >= 0) {
                attach(item, n.network, Point{cx, box.bottom()}, Point{cx, bar_y(net.depth + 1)});
                place_network(n.network, x, x + w);
            }
            x += w;
        }
    }
};

float path_length(const PacketPath& path) {
    float len = 0;
    for (int i = 1; i < path.count; ++i) {
        const Point a = path.points[static_cast<std::size_t>(i - 1)], b = path.points[static_cast<std::size_t>(i)];
        len += std::hypot(b.x - a.x, b.y - a.y);
    }
    return len;
}

}  // namespace

Point PacketPath::at(float t) const {
    if (count == 0) return Point{};
    t = std::clamp(t, 0.0f, 1.0f);
    float remaining = t * path_length(*this);
    for (int i = 1; i < count; ++i) {
        const Point a = points[static_cast<std::size_t>(i - 1)], b = points[static_cast<std::size_t>(i)];
        const float seg = std::hypot(b.x - a.x, b.y - a.y);
        if (remaining <= seg && seg > 0) {
            const float f = remaining / seg;
            return Point{a.x + (b.x - a.x) * f, a.y + (b.y - a.y) * f};
        }
        remaining -= seg;
    }
    return points[static_cast<std::size_t>(count - 1)];
}

Point PacketPath::resting() const {
    if (count == 0) return Point{};
    if (count == 4 && points[1].y == points[2].y && points[1].x != points[2].x) {
        return Point{(points[1].x + points[2].x) / 2, points[1].y};
    }
    return Point{(points[0].x + points[1].x) / 2, (points[0].y + points[1].y) / 2};
}

TopologyPlacement place_topology(const TopologyGraph& graph, const Rect& area, float scale) {
    const Metrics m(scale);
    TopologyPlacement p;
    p.area = area;
    p.scale = scale;
    p.line_h = m.line_h();
    p.boxes.assign(graph.nodes.size(), Rect{});
    const float pad = m.pad();
    const Rect inner{area.x + pad, area.y + pad, std::max(0.0f, area.w - 2 * pad), std::max(0.0f, area.h - 2 * pad)};

    Placer placer{graph, p, m.line_h(), m.row_h(), 8.0f * scale, 6.0f * scale, 200.0f * scale, {}};
    placer.weights.assign(graph.nodes.size(), 0.0f);
    const float graph_h = graph.nodes.empty() ? 0.0f
                                              : static_cast<float>(graph.max_depth + 1) * placer.level_h() - placer.vgap;
    p.graph = Rect{inner.x, inner.y, inner.w, std::min(graph_h, inner.h)};
    p.status = Rect{inner.x, p.graph.bottom() + 4.0f * scale, inner.w, 2.0f * m.line_h()};
    const float tables_top = p.status.bottom() + 4.0f * scale;
    p.tables = Rect{inner.x, tables_top, inner.w, std::max(0.0f, inner.bottom() - tables_top)};

    // The roots (usually just the internet) share the width by weight.
    std::vector<int> roots;
    for (std::size_t i = 0; i < graph.nodes.size(); ++i)
        if (graph.nodes[i].kind == NodeKind::kNetwork && graph.nodes[i].outside < 0) roots.push_back(static_cast<int>(i));
    float total = 0;
    for (int r : roots) total += placer.network_weight(r);
    float x = inner.x;
    for (int r : roots) {
        const float w = inner.w * placer.network_weight(r) / std::max(total, 1.0f);
        placer.place_network(r, x, x + w);
        x += w;
    }
    return p;
}

std::size_t TopologyPlacement::visible_lines() const {
    if (line_h <= 0 || tables.h <= 0) return 0;
    return static_cast<std::size_t>(tables.h / line_h);
}

Rect TopologyPlacement::line_rect(std::size_t line, std::size_t first_line) const {
    return Rect{tables.x, tables.y + static_cast<float>(line - first_line) * line_h, tables.w, line_h};
}

PacketPath TopologyPlacement::path(const PacketMove& move) const {
    PacketPath path;
    if (!move.active || move.from < 0 || move.to < 0 || static_cast<std::size_t>(move.from) >= boxes.size() ||
        static_cast<std::size_t>(move.to) >= boxes.size())
        return path;
    const Attachment* from = nullptr;
    const Attachment* to = nullptr;
    for (const Attachment& a : attachments) {
        if (a.network != move.network) continue;
        if (a.node == move.from) from = &a;
        if (a.node == move.to) to = &a;
    }
    if (from != nullptr && to != nullptr) {
        // Run beside the bar, a few pixels into the gap on the nodes' side.
        const auto beside = [&](const Attachment& a) {
            const float dir = a.at_node.y >= a.at_bar.y ? 1.0f : -1.0f;
            return Point{a.at_bar.x, a.at_bar.y + dir * 3.0f * scale};
        };
        path.points = {from->at_node, beside(*from), beside(*to), to->at_node};
        path.count = 4;
        return path;
    }
    // No attachment to the link named (a hand-written trace): straight from box to box.
    const Rect& a = boxes[static_cast<std::size_t>(move.from)];
    const Rect& b = boxes[static_cast<std::size_t>(move.to)];
    path.points[0] = Point{a.x + a.w / 2, a.y + a.h / 2};
    path.points[1] = Point{b.x + b.w / 2, b.y + b.h / 2};
    path.count = 2;
    return path;
}

std::size_t first_table_line(const TopologyAtCursor& at, std::size_t visible) {
    const std::size_t total = at.lines.size();
    if (total <= visible || visible == 0) return 0;
    std::size_t first = at.focus_line >= 0 ? static_cast<std::size_t>(at.focus_line) : 0;
    if (at.lit_line >= 0) {
        const auto lit = static_cast<std::size_t>(at.lit_line);
        if (lit < first) first = lit;
        if (lit >= first + visible) first = lit + 1 - visible;
    }
    return std::min(first, total - visible);
}

// --- the state at the cursor -----------------------------------------------------------------

std::vector<std::string> TopologyAtCursor::lit_entries(int nat) const {
    std::vector<std::string> out;
    if (nat < 0 || static_cast<std::size_t>(nat) >= tables.size()) return out;
    const NatTables& t = tables[static_cast<std::size_t>(nat)];
    for (const auto* list : {&t.mappings, &t.filters})
        for (const NatEntry& e : *list)
            if (e.lit && !e.missing) out.push_back(e.text);
    return out;
}

namespace {

// Each NAT's tables from /nats/<name>/mappings and /filters. Mappings in the order they were
// made; filter entries grouped under their mapping, in the mapping table's order.
NatTables tables_of(const json* nat) {
    NatTables t;
    if (nat == nullptr) return t;
    if (const json* mappings = object_at(*nat, "mappings")) {
        for (const auto& [key, v] : mappings->items()) {
            NatEntry e;
            e.key = key;
            e.internal = string_at(v, "internal", "?");
            e.external = string_at(v, "external", key);
            e.remote = string_at(v, "remote");  // empty: null, for every destination
            e.created_us = int_at(v, "created_us");
            e.expires_us = int_at(v, "expires_us");
            e.text = e.internal + " ⇄ " + e.external;
            t.mappings.push_back(std::move(e));
        }
        std::stable_sort(t.mappings.begin(), t.mappings.end(),
                         [](const NatEntry& a, const NatEntry& b) { return a.created_us < b.created_us; });
    }
    if (const json* filters = object_at(*nat, "filters")) {
        for (const auto& [key, v] : filters->items()) {
            NatEntry e;
            e.key = key;
            e.external = string_at(v, "mapping", key.substr(0, key.find(' ')));
            e.remote = string_at(v, "remote", "*");
            e.text = filter_text(e.external, e.remote);
            t.filters.push_back(std::move(e));
        }
        const auto order = [&](const NatEntry& f) {
            for (std::size_t i = 0; i < t.mappings.size(); ++i)
                if (t.mappings[i].key == f.external) return i;
            return t.mappings.size();
        };
        std::stable_sort(t.filters.begin(), t.filters.end(),
                         [&](const NatEntry& a, const NatEntry& b) { return order(a) < order(b); });
    }
    return t;
}

// Lights the entry with `key`; returns its index, or -1 when the table has none.
int light(std::vector<NatEntry>& entries, const std::string& key) {
    for (std::size_t i = 0; i < entries.size(); ++i) {
        if (entries[i].key == key) {
            entries[i].lit = true;
            return static_cast<int>(i);
        }
    }
    return -1;
}

int add_missing(std::vector<NatEntry>& entries, NatEntry e) {
    e.missing = true;
    e.lit = true;
    entries.push_back(std::move(e));
    return static_cast<int>(entries.size() - 1);
}

}  // namespace

void TopologyView::update(const sim::Trace& trace, const json& state, std::ptrdiff_t cursor) {
    if (!built_) {
        graph_ = TopologyGraph::from_trace(trace);
        // Per event, the NAT last involved (a NAT decision or a packet to or from one): which
        // NAT's tables the view keeps in sight when the event at the cursor names none.
        std::vector<std::int16_t> nat_of_lane(trace.lanes.size(), -1);
        for (std::size_t n = 0; n < graph_.nats.size(); ++n) {
            const sim::LaneId lane = graph_.nodes[static_cast<std::size_t>(graph_.nats[n].node)].lane;
            if (lane < nat_of_lane.size()) nat_of_lane[lane] = static_cast<std::int16_t>(n);
        }
        nat_in_focus_.resize(trace.size());
        std::int16_t focus = -1;
        for (std::size_t i = 0; i < trace.size(); ++i) {
            const sim::Event& e = trace.event(i);
            if (e.lane_a < nat_of_lane.size() && nat_of_lane[e.lane_a] >= 0) focus = nat_of_lane[e.lane_a];
            else if (e.lane_b < nat_of_lane.size() && nat_of_lane[e.lane_b] >= 0) focus = nat_of_lane[e.lane_b];
            nat_in_focus_[i] = focus;
        }
        built_ = true;
    }

    TopologyAtCursor at;
    at.cursor = cursor;
    const json* nats = object_at(state, "nats");
    for (const NatDescription& d : graph_.nats) at.tables.push_back(tables_of(nats ? object_at(*nats, d.name.c_str()) : nullptr));

    // The event at the cursor: what it hit in the tables, and where a packet goes.
    int lit_mapping = -1, lit_filter = -1;
    bool filter_first = false;  // inbound traffic: the filter entry is what let it in
    if (cursor >= 0 && static_cast<std::size_t>(cursor) < trace.size()) {
        const auto i = static_cast<std::size_t>(cursor);
        const sim::Event& ev = trace.event(i);
        const std::string kind = sim::event_kind(trace, i);
        if (starts_with(kind, "nat.")) {
            const ordered_json detail = sim::event_detail(trace, i);
            int nat = graph_.nat_named(string_at(detail, "nat"));
            if (nat < 0) {
                const int node = graph_.node_of_lane(ev.lane_a);
                for (std::size_t n = 0; n < graph_.nats.size(); ++n)
                    if (graph_.nats[n].node == node && node >= 0) nat = static_cast<int>(n);
            }
            at.event_nat = nat;
            const std::string label = nat >= 0 ? graph_.nats[static_cast<std::size_t>(nat)].label : "NAT";
            at.status_kind = StatusKind::kNat;
            at.status = label + ": " + sim::event_summary(trace, i);
            if (nat >= 0) {
                NatTables& t = at.tables[static_cast<std::size_t>(nat)];
                const std::string mapping = string_at(detail, "mapping", string_at(detail, "external"));
                const std::string filter = string_at(detail, "filter");
                if (kind == "nat.mapping.created" || kind == "nat.mapping.reused") {
                    // Outbound: the mapping translated it, and its destination may now answer.
                    lit_mapping = light(t.mappings, mapping);
                    lit_filter = light(t.filters, filter);
                } else if (kind == "nat.mapping.refreshed" || kind == "nat.hairpin") {
                    lit_mapping = light(t.mappings, mapping);
                } else if (kind == "nat.inbound") {
                    // RFC 4787 §5: the filter entry let it in, the mapping took it inside.
                    lit_filter = light(t.filters, filter);
                    lit_mapping = light(t.mappings, mapping);
                    filter_first = true;
                } else if (kind == "nat.mapping.expired") {
                    NatEntry gone;
                    gone.key = string_at(detail, "external");
                    gone.internal = string_at(detail, "internal", "?");
                    gone.external = gone.key;
                    gone.created_us = int_at(detail, "created_us");
                    gone.text = gone.internal + " ⇄ " + gone.external + "  expired";
                    lit_mapping = add_missing(t.mappings, std::move(gone));
                } else if (kind == "nat.drop") {
                    at.status_kind = StatusKind::kDrop;
                    at.drop_message = drop_message_of(detail);
                    at.status = label + " drops it: " + at.drop_message;
                    const std::string reason = string_at(detail, "reason");
                    if (reason == "no mapping") {
                        NatEntry none;
                        none.key = string_at(detail, "external");
                        none.external = none.key;
                        none.text = "no mapping ⇄ " + none.key;
                        lit_mapping = add_missing(t.mappings, std::move(none));
                    } else if (ends_with(reason, "filtering")) {
                        // The entry that would have let it in, shown as absent.
                        NatEntry none;
                        none.key = filter;
                        const auto from = filter.find(" from ");
                        none.external = string_at(detail, "external");
                        none.remote = from == std::string::npos ? string_at(detail, "remote") : filter.substr(from + 6);
                        none.text = "no " + filter_text(none.external, none.remote);
                        lit_filter = add_missing(t.filters, std::move(none));
                        filter_first = true;
                    }
                }
            }
        } else if (starts_with(kind, "packet.") || kind == "link.loss") {
            at.packet.from = graph_.node_of_lane(ev.lane_a);
            at.packet.to = graph_.node_of_lane(ev.lane_b);
            const std::string link = packet_link(trace, i);
            for (std::size_t n = 0; n < graph_.nodes.size(); ++n)
                if (graph_.nodes[n].kind == NodeKind::kNetwork && graph_.nodes[n].name == link) at.packet.network = static_cast<int>(n);
            at.packet.active = at.packet.from >= 0 && at.packet.to >= 0 && at.packet.from != at.packet.to;
            at.packet.lost = kind == "link.loss";
            at.status_kind = at.packet.lost ? StatusKind::kDrop : StatusKind::kPacket;
            at.status = sim::event_summary(trace, i);
            if (!link.empty() && !at.packet.lost) at.status += "  on " + link;
            if (at.packet.lost) at.drop_message = "the link lost it (loss rate of " + link + ")";
        } else if (sim::is_lost_datagram_kind(kind)) {  // link.loss took the branch above
            at.status_kind = StatusKind::kDrop;
            at.status = sim::event_summary(trace, i);
            at.drop_message = at.status;
        }
    }

    // The lines: each NAT's header, its mapping table, its filter table.
    for (std::size_t n = 0; n < graph_.nats.size(); ++n) {
        const NatDescription& d = graph_.nats[n];
        const int nat = static_cast<int>(n);
        const NatTables& t = at.tables[n];
        if (cursor >= 0 && static_cast<std::size_t>(cursor) < nat_in_focus_.size() &&
            nat_in_focus_[static_cast<std::size_t>(cursor)] == nat)
            at.focus_line = static_cast<int>(at.lines.size());
        at.lines.push_back({TableLineKind::kNatHeader, nat, d.label + " — " + d.rfc3489 + " (RFC 3489)", -1});
        if (!d.translates) {
            at.lines.push_back({TableLineKind::kEmpty, nat, "a plain router: no mappings, no filtering", -1});
            continue;
        }
        at.lines.push_back({TableLineKind::kMappingHeading, nat, "mapping: " + d.mapping + " (RFC 4787 §4.1)", -1});
        if (t.mappings.empty()) at.lines.push_back({TableLineKind::kEmpty, nat, "no mappings yet", -1});
        for (std::size_t e = 0; e < t.mappings.size(); ++e) {
            if (nat == at.event_nat && static_cast<int>(e) == lit_mapping && (!filter_first || lit_filter < 0)) {
                at.lit_line = static_cast<int>(at.lines.size());
                at.lit_missing = t.mappings[e].missing;
            }
            at.lines.push_back({TableLineKind::kMapping, nat, t.mappings[e].text, static_cast<int>(e)});
        }
        at.lines.push_back({TableLineKind::kFilterHeading, nat, "filtering: " + d.filtering + " (§5)", -1});
        if (t.filters.empty()) at.lines.push_back({TableLineKind::kEmpty, nat, "nobody may send in yet", -1});
        for (std::size_t e = 0; e < t.filters.size(); ++e) {
            if (nat == at.event_nat && static_cast<int>(e) == lit_filter && (filter_first || lit_mapping < 0)) {
                at.lit_line = static_cast<int>(at.lines.size());
                at.lit_missing = t.filters[e].missing;
            }
            at.lines.push_back({TableLineKind::kFilter, nat, t.filters[e].text, static_cast<int>(e)});
        }
    }
    at_ = std::move(at);
}

const TopologyPlacement& TopologyView::placement(const Rect& area, float scale) const {
    const Rect& a = placement_.area;
    if (!placed_ || a.x != area.x || a.y != area.y || a.w != area.w || a.h != area.h || placement_.scale != scale) {
        placement_ = place_topology(graph_, area, scale);
        placed_ = true;
    }
    return placement_;
}

bool TopologyView::lit_line_rect(const Rect& area, float scale, Rect& out) const {
    if (at_.lit_line < 0) return false;
    const TopologyPlacement& p = placement(area, scale);
    const std::size_t visible = p.visible_lines();
    const std::size_t first = first_table_line(at_, visible);
    const auto lit = static_cast<std::size_t>(at_.lit_line);
    if (lit < first || lit >= first + visible) return false;
    out = p.line_rect(lit, first);
    return true;
}

}  // namespace rtclab::gui
