#include "ui/gui/model/signaling_diagram.h"

#include <algorithm>
#include <cmath>

#include "net/jsep/signaling_transitions.h"

namespace rtclab::gui {

namespace {

constexpr const char* kNames[sig::kCount] = {"stable",           "have-local-offer",     "have-remote-offer",
                                             "have-local-pranswer", "have-remote-pranswer", "closed"};

// The short names of the W3C figure ("Non-normative signaling state transitions diagram").
std::string short_method(std::string_view call) {
    if (call == "setLocalDescription") return "setLocal";
    if (call == "setRemoteDescription") return "setRemote";
    return std::string(call);
}

std::optional<net::jsep::SignalingState> jsep_state(int s) {
    using S = net::jsep::SignalingState;
    for (S js : {S::kStable, S::kHaveLocalOffer, S::kHaveRemoteOffer, S::kHaveLocalPranswer, S::kHaveRemotePranswer,
                 S::kClosed})
        if (net::jsep::signaling_state_name(js) == signaling_state_name(s)) return js;
    return std::nullopt;
}

// "/peers/<name>/signalingState" -> name (RFC 6901 unescaped); empty when the path is another.
std::string peer_of_signaling_path(const std::string& path) {
    static constexpr std::string_view kPrefix = "/peers/", kSuffix = "/signalingState";
    const std::string_view p = path;
    if (p.size() <= kPrefix.size() + kSuffix.size() || p.substr(0, kPrefix.size()) != kPrefix ||
        p.substr(p.size() - kSuffix.size()) != kSuffix)
        return {};
    const std::string_view escaped = p.substr(kPrefix.size(), p.size() - kPrefix.size() - kSuffix.size());
    if (escaped.find('/') != std::string_view::npos) return {};
    std::string name;
    for (std::size_t i = 0; i < escaped.size(); ++i) {
        if (escaped[i] == '~' && i + 1 < escaped.size()) {
            name += escaped[i + 1] == '1' ? '/' : '~';
            ++i;
        } else {
            name += escaped[i];
        }
    }
    return name;
}

// The call that made a transition, from the API event's detail: "setRemoteDescription(offer)",
// and the label of the edge it takes: "setRemote(offer)".
void describe_call(const sim::GenericEvent& g, SignalingTransition& t) {
    const auto& d = g.detail;
    const auto call = d.is_object() ? d.find("call") : d.end();
    if (!d.is_object() || call == d.end() || !call->is_string()) {
        t.call = g.kind;
        return;
    }
    const std::string method = call->get<std::string>();
    const auto arg = d.find("argument");
    std::string type = arg != d.end() && arg->is_string() ? arg->get<std::string>() : "";
    const std::string brief = short_method(method);
    if (type.empty()) {
        // setLocalDescription() without a type: the edge's own label says which it was.
        const int e = find_signaling_edge(t.from, t.to);
        if (e >= 0) {
            for (const auto& label : signaling_edges()[static_cast<std::size_t>(e)].calls)
                if (label.rfind(brief + "(", 0) == 0) t.short_call = label;
        }
    } else {
        t.short_call = brief + "(" + type + ")";
    }
    t.call = method + "(" + type + ")";
    if (method == "close") t.short_call = "close()";
}

}  // namespace

const char* signaling_state_name(int state) {
    return state >= 0 && state < sig::kCount ? kNames[state] : nullptr;
}

int signaling_state_index(std::string_view name) {
    for (int s = 0; s < sig::kCount; ++s)
        if (name == kNames[s]) return s;
    return -1;
}

const std::vector<SignalingEdge>& signaling_edges() {
    static const std::vector<SignalingEdge> kEdges = [] {
        using net::jsep::DescriptionSource;
        using net::jsep::SdpType;
        std::vector<SignalingEdge> edges;
        for (int from = 0; from < sig::kCount; ++from) {
            const auto js = jsep_state(from);
            if (!js) continue;
            for (SdpType type : {SdpType::kOffer, SdpType::kPranswer, SdpType::kAnswer, SdpType::kRollback}) {
                for (DescriptionSource source : {DescriptionSource::kLocal, DescriptionSource::kRemote}) {
                    const auto next = net::jsep::next_signaling_state(*js, source, type);
                    if (!next) continue;
                    const int to = signaling_state_index(net::jsep::signaling_state_name(*next));
                    if (to < 0 || to == from) continue;  // a re-offer keeps the state: no event
                    auto it = std::find_if(edges.begin(), edges.end(),
                                           [&](const SignalingEdge& e) { return e.from == from && e.to == to; });
                    if (it == edges.end()) it = edges.insert(edges.end(), SignalingEdge{from, to, {}, {}});
                    it->calls.push_back(std::string(source == DescriptionSource::kLocal ? "setLocal(" : "setRemote(") +
                                        std::string(net::jsep::sdp_type_name(type)) + ")");
                }
            }
        }
        for (auto& e : edges) {
            bool rollback = false;
            for (const auto& c : e.calls) {
                if (c.find("(rollback)") == std::string::npos) {
                    e.labels.push_back(c);
                } else {
                    rollback = true;
                }
            }
            if (rollback) e.labels.push_back("rollback");
        }
        return edges;
    }();
    return kEdges;
}

bool edge_label_names(const std::string& label, const std::string& short_call) {
    if (short_call.empty()) return false;
    if (label == short_call) return true;
    constexpr std::string_view kRollback = "(rollback)";
    return label == "rollback" && short_call.size() > kRollback.size() &&
           short_call.compare(short_call.size() - kRollback.size(), kRollback.size(), kRollback) == 0;
}

int find_signaling_edge(int from, int to) {
    const auto& edges = signaling_edges();
    for (std::size_t i = 0; i < edges.size(); ++i)
        if (edges[i].from == from && edges[i].to == to) return static_cast<int>(i);
    return -1;
}

// --- history ---------------------------------------------------------------------------------

SignalingHistory::SignalingHistory(const sim::Trace& trace) {
    // Where each peer starts: the initial state document.
    std::map<std::string, int, std::less<>> now;
    const auto peers = trace.initial_state.find("peers");
    if (peers != trace.initial_state.end() && peers->is_object()) {
        for (const auto& [name, peer] : peers->items()) {
            const auto s = peer.is_object() ? peer.find("signalingState") : peer.end();
            if (peer.is_object() && s != peer.end() && s->is_string())
                now[name] = signaling_state_index(s->get_ref<const std::string&>());
        }
    }
    // Only API calls change signalingState, and they are generic events: packets and NAT
    // decisions (most of a long trace) are skipped without looking at them.
    for (std::size_t i = 0; i < trace.size(); ++i) {
        const sim::Event& ev = trace.event(i);
        if (ev.kind != sim::EventKind::kGeneric) continue;
        const sim::GenericEvent& g = trace.generic(ev);
        if (!g.changes.is_array()) continue;
        for (const auto& change : g.changes) {
            const auto path = change.find("path");
            if (path == change.end() || !path->is_string()) continue;
            const std::string name = peer_of_signaling_path(path->get_ref<const std::string&>());
            if (name.empty()) continue;
            const auto value = change.find("value");
            const int to = value != change.end() && value->is_string()
                               ? signaling_state_index(value->get_ref<const std::string&>())
                               : -1;
            auto it = now.find(name);
            const int from = it == now.end() ? -1 : it->second;
            now[name] = to;
            if (from < 0 || to < 0 || from == to) continue;
            SignalingTransition t;
            t.event = static_cast<std::ptrdiff_t>(i);
            t.from = from;
            t.to = to;
            describe_call(g, t);
            by_peer_[name].push_back(std::move(t));
        }
    }
}

const std::vector<SignalingTransition>& SignalingHistory::transitions(std::string_view peer) const {
    static const std::vector<SignalingTransition> kNone;
    const auto it = by_peer_.find(peer);
    return it == by_peer_.end() ? kNone : it->second;
}

SignalingView SignalingHistory::at(std::string_view peer, std::ptrdiff_t cursor, std::string_view state) const {
    SignalingView v;
    v.lit = signaling_state_index(state);
    const auto& list = transitions(peer);
    // The last transition at or before the cursor: events are in order, so binary search.
    const auto it = std::upper_bound(list.begin(), list.end(), cursor,
                                     [](std::ptrdiff_t c, const SignalingTransition& t) { return c < t.event; });
    if (it == list.begin()) {
        v.summary = "no transition yet";
        return v;
    }
    v.last = *(it - 1);
    v.previous = v.last.from;
    v.just_now = v.last.event == cursor;
    const int from = v.last.from, to = v.last.to;
    if (find_signaling_edge(from, to) < 0 && to != sig::kClosed && find_signaling_edge(from, sig::kStable) >= 0 &&
        find_signaling_edge(sig::kStable, to) >= 0) {
        v.hops = {from, sig::kStable, to};  // the implicit rollback, then the offer
    } else {
        v.hops = {from, to};
    }
    v.summary = (v.just_now ? std::string("this step: ") : "event " + std::to_string(v.last.event) + ": ") +
                signaling_state_name(from) + " \u2192 " + (v.hops.size() > 2 ? "stable \u2192 " : "") +
                signaling_state_name(to) + " by " + v.last.call;
    return v;
}

// --- geometry --------------------------------------------------------------------------------

namespace {

// Where the nodes sit: centres as fractions of the canvas (rows at the top, middle and bottom),
// widths in ems. The offers and stable form the left column — setLocal(offer) up, setRemote(offer)
// down, the returns beside them; the provisional answers sit to the right of the offers they
// answer; closed stands apart, reached by close() from anywhere.
struct Place {
    float fx, fy, w_em;
};
constexpr float kLeftW = 9.6f, kRightW = 11.4f;
constexpr Place kPlaces[sig::kCount] = {
    {0.33f, 0.5f, kLeftW},   // stable
    {0.33f, 0.0f, kLeftW},   // have-local-offer
    {0.33f, 1.0f, kLeftW},   // have-remote-offer
    {0.78f, 1.0f, kRightW},  // have-local-pranswer
    {0.78f, 0.0f, kRightW},  // have-remote-pranswer
    {0.91f, 0.5f, 4.4f},     // closed
};
constexpr float kMinWidthEm = 32.0f;  // the canvas width the diagram needs at full text size

enum class Side { kTop, kBottom, kLeft, kRight };

// How an edge of the table is drawn. Offsets are in ems; a label is anchored at the middle of
// one segment, moved by (dx, dy), aligned by (ax, ay).
struct Route {
    int from, to;
    Side from_side;
    float from_off;
    Side to_side;
    float to_off;
    bool elbow;  // vertical from the start, then horizontal into the end
    int label_segment;
    float dx, dy, ax, ay;
};
constexpr float kLane = 0.7f;  // the two directions between a pair of nodes, either side of the centre
constexpr Route kRoutes[] = {
    // The forward calls on the right of the column, the way back on its left.
    {sig::kStable, sig::kHaveLocalOffer, Side::kTop, kLane, Side::kBottom, kLane, false, 0, 0.4f, 0, 0, 0.5f},
    {sig::kHaveLocalOffer, sig::kStable, Side::kBottom, -kLane, Side::kTop, -kLane, false, 0, -0.4f, 0, 1, 0.5f},
    {sig::kStable, sig::kHaveRemoteOffer, Side::kBottom, kLane, Side::kTop, kLane, false, 0, 0.4f, 0, 0, 0.5f},
    {sig::kHaveRemoteOffer, sig::kStable, Side::kTop, -kLane, Side::kBottom, -kLane, false, 0, -0.4f, 0, 1, 0.5f},
    // Provisional answers: to the right, labelled under (over) the line.
    {sig::kHaveLocalOffer, sig::kHaveRemotePranswer, Side::kRight, 0, Side::kLeft, 0, false, 0, 0, 0.95f, 0.5f, 0},
    {sig::kHaveRemoteOffer, sig::kHaveLocalPranswer, Side::kRight, 0, Side::kLeft, 0, false, 0, 0, -0.95f, 0.5f, 1},
    // The final answer after a pranswer: down (up) from the pranswer, then left into stable.
    {sig::kHaveRemotePranswer, sig::kStable, Side::kBottom, -3.2f, Side::kRight, -0.3f, true, 0, 0.4f, 0, 0, 0.5f},
    {sig::kHaveLocalPranswer, sig::kStable, Side::kTop, -3.2f, Side::kRight, 0.3f, true, 0, 0.4f, 0, 0, 0.5f},
};

DiagramPoint on_side(const Rect& r, Side side, float off) {
    switch (side) {
        case Side::kTop:
            return {r.x + r.w * 0.5f + off, r.y};
        case Side::kBottom:
            return {r.x + r.w * 0.5f + off, r.bottom()};
        case Side::kLeft:
            return {r.x, r.y + r.h * 0.5f + off};
        case Side::kRight:
            return {r.right(), r.y + r.h * 0.5f + off};
    }
    return {};
}

void add_head(DiagramEdgeGeometry& e, float em) {
    const DiagramPoint& b = e.points.back();
    const DiagramPoint& a = e.points[e.points.size() - 2];
    const float dx = b.x - a.x, dy = b.y - a.y;
    const float len = std::max(1e-3f, std::sqrt(dx * dx + dy * dy));
    const float ux = dx / len, uy = dy / len;
    const float l = std::floor(0.55f * em), w = std::floor(0.3f * em);
    e.head[0] = b;
    e.head[1] = {b.x - ux * l - uy * w, b.y - uy * l + ux * w};
    e.head[2] = {b.x - ux * l + uy * w, b.y - uy * l - ux * w};
}

}  // namespace

SignalingDiagramGeometry layout_signaling_diagram(const Rect& canvas, float font_px) {
    SignalingDiagramGeometry g;
    g.canvas = canvas;
    g.font_px = std::floor(font_px * std::clamp(canvas.w / (kMinWidthEm * font_px), 0.6f, 1.0f));
    const float em = g.font_px;
    const float node_h = std::floor(1.5f * em);
    const float margin = 2.0f;
    for (int s = 0; s < sig::kCount; ++s) {
        const Place& p = kPlaces[s];
        const float w = std::floor(p.w_em * em);
        const float cx = canvas.x + p.fx * canvas.w;
        const float cy = canvas.y + margin + node_h * 0.5f + p.fy * std::max(0.0f, canvas.h - node_h - 2 * margin);
        g.nodes[s] = Rect{std::floor(std::min(cx - w * 0.5f, canvas.right() - w)), std::floor(cy - node_h * 0.5f), w, node_h};
    }
    const auto& edges = signaling_edges();
    g.edges.reserve(edges.size());
    for (std::size_t i = 0; i < edges.size(); ++i) {
        const SignalingEdge& se = edges[i];
        DiagramEdgeGeometry e;
        e.edge = static_cast<int>(i);
        e.from = se.from;
        e.to = se.to;
        const Route* route = nullptr;
        for (const Route& r : kRoutes)
            if (r.from == se.from && r.to == se.to) route = &r;
        if (route == nullptr) {  // not expected: the table and the routes cover the same edges
            auto straight = transition_edges(g, {se.from, se.to});
            straight.front().edge = static_cast<int>(i);
            g.edges.push_back(std::move(straight.front()));
            continue;
        }
        const DiagramPoint a = on_side(g.nodes[se.from], route->from_side, std::floor(route->from_off * em));
        DiagramPoint b = on_side(g.nodes[se.to], route->to_side, std::floor(route->to_off * em));
        e.points.push_back(a);
        if (route->elbow) {
            e.points.push_back({a.x, b.y});
        } else if (route->from_side == Side::kTop || route->from_side == Side::kBottom) {
            b.x = a.x;  // a vertical line between the nodes of a column
        }
        e.points.push_back(b);
        const std::size_t seg = std::min<std::size_t>(static_cast<std::size_t>(route->label_segment), e.points.size() - 2);
        const DiagramPoint& p0 = e.points[seg];
        const DiagramPoint& p1 = e.points[seg + 1];
        e.label = {std::floor((p0.x + p1.x) * 0.5f + route->dx * em), std::floor((p0.y + p1.y) * 0.5f + route->dy * em)};
        e.align_x = route->ax;
        e.align_y = route->ay;
        add_head(e, em);
        g.edges.push_back(std::move(e));
    }
    return g;
}

std::vector<DiagramEdgeGeometry> transition_edges(const SignalingDiagramGeometry& g, const std::vector<int>& hops) {
    std::vector<DiagramEdgeGeometry> out;
    for (std::size_t h = 0; h + 1 < hops.size(); ++h) {
        const int from = hops[h], to = hops[h + 1];
        if (from < 0 || to < 0 || from >= sig::kCount || to >= sig::kCount) continue;
        const int e = find_signaling_edge(from, to);
        if (e >= 0 && static_cast<std::size_t>(e) < g.edges.size()) {
            out.push_back(g.edges[static_cast<std::size_t>(e)]);
            continue;
        }
        // A straight line between the nodes' borders, along the line between their centres.
        const Rect& ra = g.nodes[from];
        const Rect& rb = g.nodes[to];
        const DiagramPoint ca{ra.x + ra.w * 0.5f, ra.y + ra.h * 0.5f}, cb{rb.x + rb.w * 0.5f, rb.y + rb.h * 0.5f};
        const auto exit = [](const Rect& r, DiagramPoint c, float dx, float dy) {
            // The point where the ray from the centre c along (dx, dy) leaves r.
            const float tx = std::abs(dx) > 1e-3f ? (r.w * 0.5f) / std::abs(dx) : 1e9f;
            const float ty = std::abs(dy) > 1e-3f ? (r.h * 0.5f) / std::abs(dy) : 1e9f;
            const float t = std::min(tx, ty);
            return DiagramPoint{c.x + dx * t, c.y + dy * t};
        };
        DiagramEdgeGeometry d;
        d.from = from;
        d.to = to;
        d.points = {exit(ra, ca, cb.x - ca.x, cb.y - ca.y), exit(rb, cb, ca.x - cb.x, ca.y - cb.y)};
        d.label = {(d.points[0].x + d.points[1].x) * 0.5f, (d.points[0].y + d.points[1].y) * 0.5f};
        add_head(d, g.font_px);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace rtclab::gui
