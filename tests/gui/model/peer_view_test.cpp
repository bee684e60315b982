// The peer inspector's view model on the classroom trace: the signaling state machine (lit state,
// last transition, geometry), the candidate lists, the check list and DTLS fingerprints.
#include "ui/gui/model/peer_view.h"

#include <catch2/catch.hpp>
#include <cmath>
#include <set>

#include "session_fixture.h"
#include "ui/gui/model/screen_layout.h"
#include "ui/gui/model/signaling_diagram.h"

using namespace rtclab::gui;
using rtclab::gui::test::find_event;
using rtclab::gui::test::open_classroom;
using rtclab::gui::test::peer;

namespace {

bool inside(const Rect& in, const Rect& out) {
    return in.x >= out.x && in.y >= out.y && in.right() <= out.right() && in.bottom() <= out.bottom();
}
bool overlap(const Rect& a, const Rect& b) {
    return a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom();
}
// A point on the border of r (within a pixel).
bool on_border(const DiagramPoint& p, const Rect& r) {
    const bool in_x = p.x >= r.x - 1 && p.x <= r.right() + 1, in_y = p.y >= r.y - 1 && p.y <= r.bottom() + 1;
    const bool at_x = std::abs(p.x - r.x) <= 1 || std::abs(p.x - r.right()) <= 1;
    const bool at_y = std::abs(p.y - r.y) <= 1 || std::abs(p.y - r.bottom()) <= 1;
    return (in_x && at_y) || (in_y && at_x);
}

std::set<std::string> types_of(const std::vector<CandidateView>& list) {
    std::set<std::string> out;
    for (const auto& c : list) out.insert(c.type);
    return out;
}

}  // namespace

TEST_CASE("the diagram's edges are net/jsep's transitions, labelled with their calls", "[gui][peer][signaling]") {
    const auto& edges = signaling_edges();
    // stable <-> each offer, offer -> pranswer, pranswer -> stable: eight edges between states.
    CHECK(edges.size() == 8);
    const auto calls = [&](int from, int to) {
        const int e = find_signaling_edge(from, to);
        return e < 0 ? std::vector<std::string>{} : edges[static_cast<std::size_t>(e)].calls;
    };
    CHECK(calls(sig::kStable, sig::kHaveLocalOffer) == std::vector<std::string>{"setLocal(offer)"});
    CHECK(calls(sig::kStable, sig::kHaveRemoteOffer) == std::vector<std::string>{"setRemote(offer)"});
    // Rollback returns to stable from either offer state (net/jsep allows it from both sides).
    CHECK(calls(sig::kHaveLocalOffer, sig::kStable) ==
          std::vector<std::string>{"setRemote(answer)", "setLocal(rollback)", "setRemote(rollback)"});
    CHECK(calls(sig::kHaveRemoteOffer, sig::kStable) ==
          std::vector<std::string>{"setLocal(answer)", "setLocal(rollback)", "setRemote(rollback)"});
    // Beside the edge, the rollbacks are one line; it names either call.
    const auto& back = edges[static_cast<std::size_t>(find_signaling_edge(sig::kHaveLocalOffer, sig::kStable))];
    CHECK(back.labels == std::vector<std::string>{"setRemote(answer)", "rollback"});
    CHECK(edge_label_names("rollback", "setLocal(rollback)"));
    CHECK(edge_label_names("setRemote(answer)", "setRemote(answer)"));
    CHECK_FALSE(edge_label_names("setRemote(answer)", "setLocal(answer)"));
    CHECK_FALSE(edge_label_names("rollback", ""));
    CHECK(calls(sig::kHaveRemoteOffer, sig::kHaveLocalPranswer) == std::vector<std::string>{"setLocal(pranswer)"});
    CHECK(calls(sig::kHaveLocalOffer, sig::kHaveRemotePranswer) == std::vector<std::string>{"setRemote(pranswer)"});
    CHECK(calls(sig::kHaveLocalPranswer, sig::kStable) == std::vector<std::string>{"setLocal(answer)"});
    CHECK(calls(sig::kHaveRemotePranswer, sig::kStable) == std::vector<std::string>{"setRemote(answer)"});
    // No rollback out of a pranswer state (webrtc-pc §4.4.1.6 step 2), nothing out of closed.
    CHECK(find_signaling_edge(sig::kHaveLocalPranswer, sig::kHaveRemoteOffer) < 0);
    CHECK(find_signaling_edge(sig::kClosed, sig::kStable) < 0);
    for (int s = 0; s < sig::kCount; ++s) CHECK(signaling_state_index(signaling_state_name(s)) == s);
}

TEST_CASE("the diagram fits its canvas: nodes apart, edges from border to border", "[gui][peer][signaling]") {
    for (float scale : {1.0f, 1.5f}) {
        const ScreenLayout screen = make_screen_layout(1280, 800, scale, 2);
        const Rect canvas = screen.peers[0].diagram;
        const auto g = layout_signaling_diagram(canvas, screen.metrics.font_px());
        INFO("scale " << scale);
        CHECK(g.font_px <= screen.metrics.font_px());
        for (int a = 0; a < sig::kCount; ++a) {
            CHECK(inside(g.nodes[a], canvas));
            for (int b = a + 1; b < sig::kCount; ++b) CHECK_FALSE(overlap(g.nodes[a], g.nodes[b]));
        }
        REQUIRE(g.edges.size() == signaling_edges().size());
        for (const auto& e : g.edges) {
            REQUIRE(e.points.size() >= 2);
            CHECK(on_border(e.points.front(), g.nodes[e.from]));
            CHECK(on_border(e.points.back(), g.nodes[e.to]));
            CHECK(canvas.contains(e.label.x, e.label.y));
            // The arrowhead points into the destination.
            CHECK(e.head[0].x == e.points.back().x);
            CHECK(e.head[0].y == e.points.back().y);
        }
    }
    // At 1280x800 the diagram's text is the UI's.
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, 2);
    CHECK(layout_signaling_diagram(screen.peers[0].diagram, 16).font_px == 16);
}

TEST_CASE("after Bob's setRemoteDescription(offer) the diagram lights have-remote-offer", "[gui][peer][signaling]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto srd = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(srd > 0);

    // Just before: Bob is stable and has not moved yet.
    s->set_cursor(srd - 1);
    const PeerView* bob = peer(*s, "bob");
    REQUIRE(bob);
    CHECK(bob->signaling.lit == sig::kStable);
    CHECK(bob->signaling.last.event == -1);
    CHECK(bob->signaling.previous == -1);
    CHECK(bob->signaling.hops.empty());

    s->set_cursor(srd);
    bob = peer(*s, "bob");
    CHECK(bob->signaling.lit == sig::kHaveRemoteOffer);
    CHECK(bob->signaling.previous == sig::kStable);
    CHECK(bob->signaling.last.from == sig::kStable);
    CHECK(bob->signaling.last.to == sig::kHaveRemoteOffer);
    CHECK(bob->signaling.last.event == srd);
    CHECK(bob->signaling.just_now);
    CHECK(bob->signaling.last.call == "setRemoteDescription(offer)");
    CHECK(bob->signaling.last.short_call == "setRemote(offer)");
    CHECK(bob->signaling.hops == std::vector<int>{sig::kStable, sig::kHaveRemoteOffer});
    CHECK(bob->signaling.summary.find("stable \u2192 have-remote-offer") != std::string::npos);
    // Alice's last transition is her own setLocalDescription(offer), earlier.
    const PeerView* alice = peer(*s, "alice");
    CHECK(alice->signaling.lit == sig::kHaveLocalOffer);
    CHECK(alice->signaling.last.from == sig::kStable);
    CHECK(alice->signaling.last.to == sig::kHaveLocalOffer);
    CHECK(alice->signaling.last.short_call == "setLocal(offer)");
    CHECK_FALSE(alice->signaling.just_now);

    // The marked edge is the table's stable -> have-remote-offer, from node to node.
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, s->peers().size());
    const auto g = layout_signaling_diagram(screen.peers[0].diagram, screen.metrics.font_px());
    const auto marked = transition_edges(g, bob->signaling.hops);
    REQUIRE(marked.size() == 1);
    CHECK(marked[0].edge == find_signaling_edge(sig::kStable, sig::kHaveRemoteOffer));
    CHECK(on_border(marked[0].points.front(), g.nodes[sig::kStable]));
    CHECK(on_border(marked[0].points.back(), g.nodes[sig::kHaveRemoteOffer]));

    // The signalingstatechange that follows does not change the state: the last transition stays.
    const auto change = find_event(*s, "pc.signalingstatechange", "bob:");
    REQUIRE(change > srd);
    s->set_cursor(change);
    bob = peer(*s, "bob");
    CHECK(bob->signaling.lit == sig::kHaveRemoteOffer);
    CHECK(bob->signaling.last.event == srd);
    CHECK_FALSE(bob->signaling.just_now);

    // Stepping back from far away finds the same answer (no dependence on the path taken).
    s->go_end();
    s->set_cursor(change);
    CHECK(peer(*s, "bob")->signaling.last.event == srd);
}

TEST_CASE("after the answers both peers are stable, each by its own call", "[gui][peer][signaling]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto sld = find_event(*s, "pc.setLocalDescription", "bob:");
    REQUIRE(sld > 0);
    s->set_cursor(sld);
    const PeerView* bob = peer(*s, "bob");
    CHECK(bob->signaling.lit == sig::kStable);
    CHECK(bob->signaling.last.from == sig::kHaveRemoteOffer);
    CHECK(bob->signaling.last.short_call == "setLocal(answer)");

    s->go_end();
    const PeerView* alice = peer(*s, "alice");
    CHECK(alice->signaling.lit == sig::kStable);
    CHECK(alice->signaling.previous == sig::kHaveLocalOffer);
    CHECK(alice->signaling.last.short_call == "setRemote(answer)");
    CHECK(alice->signaling.last.event == find_event(*s, "pc.setRemoteDescription", "alice:"));
    // Two transitions each in the whole run: offer/answer once.
    CHECK(s->signaling_history().transitions("alice").size() == 2);
    CHECK(s->signaling_history().transitions("bob").size() == 2);
}

TEST_CASE("an implicit rollback or close() is drawn along the edges it takes", "[gui][peer][signaling]") {
    const ScreenLayout screen = make_screen_layout(1280, 800, 1.0f, 2);
    const auto g = layout_signaling_diagram(screen.peers[0].diagram, 16);
    // Glare: have-local-offer -> have-remote-offer in one event goes through stable.
    const auto glare = transition_edges(g, {sig::kHaveLocalOffer, sig::kStable, sig::kHaveRemoteOffer});
    REQUIRE(glare.size() == 2);
    CHECK(glare[0].edge == find_signaling_edge(sig::kHaveLocalOffer, sig::kStable));
    CHECK(glare[1].edge == find_signaling_edge(sig::kStable, sig::kHaveRemoteOffer));
    // close(): no edge in the table, a straight one between the nodes.
    const auto closed = transition_edges(g, {sig::kHaveLocalOffer, sig::kClosed});
    REQUIRE(closed.size() == 1);
    CHECK(closed[0].edge == -1);
    CHECK(on_border(closed[0].points.front(), g.nodes[sig::kHaveLocalOffer]));
    CHECK(on_border(closed[0].points.back(), g.nodes[sig::kClosed]));
}

TEST_CASE("the candidate lists hold host, srflx and relay, and the learned prflx", "[gui][peer][candidates]") {
    auto s = open_classroom();
    REQUIRE(s);
    s->set_cursor(Session::kStart);
    CHECK(peer(*s, "alice")->local_candidates.empty());
    s->go_end();
    const PeerView* alice = peer(*s, "alice");
    const PeerView* bob = peer(*s, "bob");
    REQUIRE(alice);
    REQUIRE(bob);
    CHECK(types_of(alice->local_candidates) == std::set<std::string>{"host", "srflx", "relay"});
    // Bob is behind a symmetric NAT: Alice learns his checks' source as a peer-reflexive candidate.
    CHECK(types_of(alice->remote_candidates) == std::set<std::string>{"host", "srflx", "relay", "prflx"});
    CHECK(types_of(bob->local_candidates).count("prflx") == 1);
    for (const auto* list : {&alice->local_candidates, &alice->remote_candidates, &bob->local_candidates}) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const CandidateView& c = (*list)[i];
            CHECK(c.prflx == (c.type == "prflx"));
            CHECK_FALSE(c.endpoint.empty());
            CHECK(c.priority_text == std::to_string(c.priority));
            if (i > 0) CHECK((*list)[i - 1].priority >= c.priority);  // highest first
        }
    }
    for (const auto& c : alice->local_candidates) {
        if (c.type == "host") {
            CHECK(c.endpoint == "192.168.1.10:52357");
            CHECK(c.related.empty());
        }
        if (c.type == "srflx") CHECK(c.related == "192.168.1.10:52357");  // the host it maps
        if (c.type == "relay") CHECK_FALSE(c.related.empty());
    }
}

TEST_CASE("the check list: pair states, and the nominated and selected pair at the end", "[gui][peer][checks]") {
    auto s = open_classroom();
    REQUIRE(s);
    // While Alice checks, her list has pairs in progress and none selected.
    const auto checking = find_event(*s, "pc.iceconnectionstatechange", "alice:");
    REQUIRE(checking > 0);
    s->set_cursor(checking);
    const PeerView* alice = peer(*s, "alice");
    REQUIRE_FALSE(alice->pairs.empty());
    CHECK(alice->selected_pair == -1);
    std::set<std::string> states;
    for (const auto& p : alice->pairs) states.insert(p.state);
    CHECK(states.count("in-progress") == 1);

    s->go_end();
    for (const char* name : {"alice", "bob"}) {
        const PeerView* v = peer(*s, name);
        INFO(name);
        REQUIRE(v);
        REQUIRE(v->selected_pair >= 0);
        const PairView& sel = v->pairs[static_cast<std::size_t>(v->selected_pair)];
        CHECK(sel.selected);
        CHECK(sel.nominated);
        CHECK(sel.state == "succeeded");
        CHECK(sel.id == s->state()["peers"][name]["selectedPair"].get<std::string>());
        int selected = 0;
        for (std::size_t i = 0; i < v->pairs.size(); ++i) {
            selected += v->pairs[i].selected ? 1 : 0;
            if (i > 0) CHECK(v->pairs[i - 1].priority >= v->pairs[i].priority);  // RFC 8445 §6.1.2.3 order
        }
        CHECK(selected == 1);
        CHECK(v->nominated_pairs >= 1);
    }
    alice = peer(*s, "alice");
    const PairView& sel = alice->pairs[static_cast<std::size_t>(alice->selected_pair)];
    CHECK(sel.local == "relay 198.51.100.2:51561");
    // NAT B (symmetric) picks its ports at random: the prflx candidate is one of them.
    CHECK(sel.remote.rfind("prflx 198.51.100.20:", 0) == 0);
    states.clear();
    for (const auto& p : alice->pairs) states.insert(p.state);
    CHECK(states == std::set<std::string>{"succeeded", "failed"});
}

TEST_CASE("DTLS: each remote fingerprint is the other peer's certificate", "[gui][peer][dtls]") {
    auto s = open_classroom();
    REQUIRE(s);
    s->set_cursor(Session::kStart);
    const PeerView* alice = peer(*s, "alice");
    CHECK_FALSE(alice->dtls.local_fingerprint.empty());
    CHECK(alice->dtls.remote_fingerprint.empty());  // no remote description yet
    CHECK(alice->dtls.remote_owner.empty());
    CHECK(alice->dtls.state.empty());               // no DTLS in the trace yet

    // Bob holds the offer: he knows Alice's fingerprint, Alice does not know his yet.
    s->set_cursor(find_event(*s, "pc.setRemoteDescription", "bob:"));
    CHECK(peer(*s, "bob")->dtls.remote_fingerprint == peer(*s, "alice")->dtls.local_fingerprint);
    CHECK(peer(*s, "alice")->dtls.remote_fingerprint.empty());

    s->go_end();
    alice = peer(*s, "alice");
    const PeerView* bob = peer(*s, "bob");
    CHECK(alice->dtls.local_fingerprint != bob->dtls.local_fingerprint);
    CHECK(alice->dtls.remote_fingerprint == bob->dtls.local_fingerprint);
    CHECK(bob->dtls.remote_fingerprint == alice->dtls.local_fingerprint);
    CHECK(alice->dtls.remote_owner == "bob");
    CHECK(bob->dtls.remote_owner == "alice");
    CHECK(alice->dtls.remote_algorithm == "sha-256");
    CHECK(alice->dtls.local_algorithm == "sha-256");
    // RFC 5763: the offer says actpass, the answer active: Bob is the DTLS client.
    CHECK(alice->dtls.local_setup == "actpass");
    CHECK(bob->dtls.local_setup == "active");
    CHECK(alice->dtls.role == "server");
    CHECK(bob->dtls.role == "client");
}

TEST_CASE("DTLS state comes from dtlsState or dtls/state when the trace has it", "[gui][peer][dtls]") {
    nlohmann::json state = {{"peers", {{"a", {{"dtlsState", "connecting"}}}, {"b", {{"dtls", {{"state", "connected"}}}}}}}};
    const auto views = make_peer_views(state, state);
    REQUIRE(views.size() == 2);
    CHECK(views[0].dtls.state == "connecting");
    CHECK(views[1].dtls.state == "connected");
}

TEST_CASE("peer tab names round-trip", "[gui][peer]") {
    for (int t = 0; t < kPeerTabCount; ++t) CHECK(peer_tab_index(peer_tab_name(t)) == t);
    CHECK(peer_tab_index("nope") == -1);
    CHECK(peer_tab_index("") == -1);
}

TEST_CASE("the ICE role shows once the first offer decides it", "[gui][peer]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto alice_offer = find_event(*s, "pc.setLocalDescription", "alice:");
    const auto bob_offer = find_event(*s, "pc.setRemoteDescription", "bob:");
    REQUIRE(alice_offer >= 0);
    REQUIRE(bob_offer > alice_offer);
    s->set_cursor(alice_offer - 1);
    CHECK(peer(*s, "alice")->role == kRoleUndecided);
    CHECK(peer(*s, "bob")->role == kRoleUndecided);
    s->set_cursor(alice_offer);
    CHECK(peer(*s, "alice")->role == "controlling");  // the offerer (RFC 8445 §6.1.1)
    CHECK(peer(*s, "bob")->role == kRoleUndecided);
    s->set_cursor(bob_offer);
    CHECK(peer(*s, "bob")->role == "controlled");
}
