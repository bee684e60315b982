// Candidates through the PeerConnection: addIceCandidate's checks and errors (webrtc-pc
// addIceCandidate steps 3-4.7), remote candidates and end-of-candidates written into the
// remote descriptions, and -- with the ICE agent gathering -- local candidates surfacing as
// icecandidate events and a=candidate lines in pendingLocalDescription, and two peers connecting.
#include <map>

#include "net/jsep/jsep_fixture.h"

using namespace rtclab::net;
using namespace rtclab::net::jsep;
using namespace rtclab::net::jsep::test;

namespace {

using S = SignalingState;
const Instant t0{};

std::size_t count_lines(const std::string& text, const std::string& prefix) {
    std::size_t n = 0;
    for (std::size_t at = text.find(prefix); at != std::string::npos;
         at = text.find(prefix, at + 1))
        ++n;
    return n;
}

// A caller with a local offer and a callee that applied it (have-remote-offer).
struct Pair {
    PeerConnection caller;
    PeerConnection callee;
    Description offer;
};
Pair offered(std::uint64_t seed, Configuration caller_config = {},
             Configuration callee_config = {}) {
    Pair p{make_peer(seed, "caller", std::move(caller_config)),
           make_peer(seed, "callee", std::move(callee_config)),
           {}};
    p.offer = value(p.caller.create_offer());
    REQUIRE(ok(p.caller.set_local_description(t0, p.offer)));
    REQUIRE(ok(p.callee.set_remote_description(t0, p.offer)));
    drain(p.caller);
    drain(p.callee);
    return p;
}

std::string remote_ufrag(const PeerConnection& pc) {
    auto d = parsed(pc.remote_description());
    return *d.effective_transport(d.media[0]).ice_ufrag;
}

}  // namespace

TEST_CASE("addIceCandidate: the errors webrtc-pc names", "[jsep][candidates]") {
    PeerConnection lonely = make_peer(30, "lonely");
    // Step 4.1: no remote description yet.
    CHECK(error_name(lonely.add_ice_candidate(t0, host_candidate("0"))) == "InvalidStateError");
    CHECK(error_name(lonely.add_ice_candidate(t0, std::nullopt)) == "InvalidStateError");
    REQUIRE(ok(lonely.set_local_description(t0)));
    CHECK(error_name(lonely.add_ice_candidate(t0, host_candidate("0"))) == "InvalidStateError");

    Pair p = offered(31);
    // Step 3: a candidate needs sdpMid or sdpMLineIndex.
    IceCandidateInit nowhere = host_candidate("0");
    nowhere.sdp_mid.reset();
    CHECK(error_name(p.callee.add_ice_candidate(t0, nowhere)) == "TypeError");
    // Step 4.2.1: unknown mid.
    CHECK(error_name(p.callee.add_ice_candidate(t0, host_candidate("9"))) == "OperationError");
    // Step 4.3.1: sdpMLineIndex out of range.
    IceCandidateInit by_index = nowhere;
    by_index.sdp_mline_index = 5;
    CHECK(error_name(p.callee.add_ice_candidate(t0, by_index)) == "OperationError");
    // Step 4.5: a usernameFragment of no applied remote description.
    IceCandidateInit stale = host_candidate("0");
    stale.username_fragment = "zzzz";
    CHECK(error_name(p.callee.add_ice_candidate(t0, stale)) == "OperationError");
    // Step 4.7.1: a candidate that does not parse.
    IceCandidateInit garbage = host_candidate("0");
    garbage.candidate = "candidate:1 1 udp notanumber 192.0.2.1 1 typ host";
    CHECK(error_name(p.callee.add_ice_candidate(t0, garbage)) == "OperationError");
    // None of them changed the remote description.
    CHECK(p.callee.pending_remote_description() == p.offer);
    CHECK(count_events<event::DescriptionsChanged>(drain(p.callee)) == 0);
}

TEST_CASE("added candidates appear in the remote description of their generation",
          "[jsep][candidates]") {
    Pair p = offered(32);
    const std::string ufrag = remote_ufrag(p.callee);

    // By sdpMid, with the right usernameFragment.
    IceCandidateInit c1 = host_candidate("0", "192.0.2.10", 40001);
    c1.username_fragment = ufrag;
    REQUIRE(ok(p.callee.add_ice_candidate(t0, c1)));
    CHECK(count_events<event::DescriptionsChanged>(drain(p.callee)) == 1);
    auto pending = parsed(p.callee.pending_remote_description());
    REQUIRE(pending.media[0].candidates().size() == 1);
    CHECK(pending.media[0].candidates()[0].address == "192.0.2.10");
    CHECK(p.callee.remote_description()->sdp.find("a=" + c1.candidate + "\r\n") !=
          std::string::npos);
    // The same candidate twice is added once.
    REQUIRE(ok(p.callee.add_ice_candidate(t0, c1)));
    CHECK(count_lines(p.callee.remote_description()->sdp, "a=candidate:") == 1);

    // By sdpMLineIndex only: the section at that index.
    IceCandidateInit c2 = host_candidate("0", "192.0.2.11", 40002);
    c2.sdp_mid.reset();
    c2.sdp_mline_index = 1;
    REQUIRE(ok(p.callee.add_ice_candidate(t0, c2)));
    pending = parsed(p.callee.pending_remote_description());
    CHECK(pending.media[1].candidates().size() == 1);

    // After the answer, the remote offer is current: candidates go there.
    REQUIRE(ok(p.callee.set_local_description(t0)));
    CHECK_FALSE(p.callee.pending_remote_description());
    REQUIRE(ok(p.callee.add_ice_candidate(t0, host_candidate("0", "192.0.2.12", 40003))));
    const auto current = parsed(p.callee.current_remote_description());
    CHECK(current.media[0].candidates().size() == 2);
    // A rejected section's candidate is ignored (step 4.4) -- none here; an unknown one is not.
    CHECK(error_name(p.callee.add_ice_candidate(t0, host_candidate("x"))) == "OperationError");
}

TEST_CASE("end-of-candidates: null, or an empty candidate for one m-line", "[jsep][candidates]") {
    SECTION("null: every m-line") {
        Pair p = offered(33);
        REQUIRE(ok(p.callee.add_ice_candidate(t0, std::nullopt)));
        const auto d = parsed(p.callee.pending_remote_description());
        CHECK(d.media[0].end_of_candidates());  // the BUNDLE-tagged section
        CHECK(count_events<event::DescriptionsChanged>(drain(p.callee)) == 1);
        // Twice is harmless.
        REQUIRE(ok(p.callee.add_ice_candidate(t0, std::nullopt)));
        CHECK(count_lines(p.callee.remote_description()->sdp, "a=end-of-candidates") == 1);
    }
    SECTION("an empty candidate string with sdpMid") {
        Pair p = offered(34);
        IceCandidateInit end;
        end.sdp_mid = "1";
        REQUIRE(ok(p.callee.add_ice_candidate(t0, end)));
        const auto d = parsed(p.callee.pending_remote_description());
        CHECK(d.media[1].end_of_candidates());
        CHECK_FALSE(d.media[0].end_of_candidates());
        // Without mid and index, "" is end-of-candidates for all (no TypeError).
        REQUIRE(ok(p.callee.add_ice_candidate(t0, IceCandidateInit{})));
    }
}

TEST_CASE("candidates in a remote description reach the ICE agent", "[jsep][candidates]") {
    PeerConnection caller = make_peer(35, "caller");
    PeerConnection callee = make_peer(35, "callee");
    Description offer = value(caller.create_offer());
    REQUIRE(ok(caller.set_local_description(t0, offer)));
    // A non-trickle offer: candidates and end-of-candidates inside the SDP.
    offer.sdp = replaced(offer.sdp, "a=ice-ufrag:",
                         "a=candidate:1 1 udp 2122260223 192.0.2.20 50000 typ host\r\n"
                         "a=end-of-candidates\r\na=ice-ufrag:");
    REQUIRE(ok(callee.set_remote_description(t0, offer)));
    CHECK(callee.ice_agent().remote_credentials().has_value());
    CHECK(callee.ice_agent().remote_credentials()->ufrag == remote_ufrag(callee));
    CHECK(callee.ice_agent().remote_end_of_candidates());
    // Roles (RFC 8445 §6.1.1): the offerer controls.
    CHECK(caller.ice_agent().role() == ice::Role::kControlling);
    CHECK(callee.ice_agent().role() == ice::Role::kControlled);
}

// The rest needs the ICE agent's host gathering and checks (net/ice/agent.cpp).
TEST_CASE("gathered candidates surface as events and in pendingLocalDescription",
          "[jsep][candidates][gathering]") {
    PeerConnection pc = make_peer(40, "alice", config_with_host("192.0.2.1", 50000));
    drain(pc);
    REQUIRE(ok(pc.set_local_description(t0)));
    const std::string ufrag = pc.ice_agent().local_credentials().ufrag;
    // Host candidates come at once; drive timers until gathering completes (no servers).
    std::vector<Event> events = drain(pc);
    Instant now = t0;
    for (int i = 0; i < 1000 && pc.ice_gathering_state() != ice::GatheringState::kComplete; ++i) {
        auto next = pc.next_timeout();
        if (!next) break;
        now = std::max(now, *next);
        pc.handle_timeout(now);
        for (auto& e : drain(pc))
            events.push_back(std::move(e));
    }
    std::vector<IceCandidateInit> gathered;
    bool null_candidate = false;
    std::vector<ice::GatheringState> gathering_states;
    for (const auto& e : events) {
        if (auto* c = std::get_if<event::IceCandidate>(&e)) {
            if (c->candidate)
                gathered.push_back(*c->candidate);
            else
                null_candidate = true;
        }
        if (auto* g = std::get_if<event::IceGatheringStateChange>(&e))
            gathering_states.push_back(g->state);
    }
    REQUIRE(gathered.size() >= 1);
    CHECK(gathered[0].sdp_mid == "0");
    CHECK(gathered[0].sdp_mline_index == 0);
    CHECK(gathered[0].username_fragment == ufrag);
    CHECK(gathered[0].candidate.find("192.0.2.1 50000 typ host") != std::string::npos);
    CHECK(count_events<event::Ice>(events) >= 1);
    // Each candidate (and end-of-candidates) changed the pending local description.
    CHECK(count_events<event::DescriptionsChanged>(events) >= gathered.size() + 1);
    // In the pending local description, as a=candidate lines of the BUNDLE-tagged section.
    const std::string& local = pc.pending_local_description()->sdp;
    for (const auto& c : gathered)
        CHECK(local.find("a=" + c.candidate + "\r\n") != std::string::npos);
    CHECK(pc.local_description() == pc.pending_local_description());
    // Gathering completes: the null candidate, and a=end-of-candidates.
    CHECK(pc.ice_gathering_state() == ice::GatheringState::kComplete);
    CHECK(null_candidate);
    CHECK(gathering_states.front() == ice::GatheringState::kGathering);
    CHECK(gathering_states.back() == ice::GatheringState::kComplete);
    CHECK(local.find("a=end-of-candidates") != std::string::npos);
    // A later offer carries them too (RFC 8829 §5.2.2).
    const std::string again = value(pc.create_offer()).sdp;
    CHECK(again.find("a=" + gathered[0].candidate) != std::string::npos);
}

TEST_CASE("two peers connect over the PeerConnection API (lockstep)",
          "[jsep][candidates][connect]") {
    PeerConnection a = make_peer(41, "a", config_with_host("192.0.2.1", 50000));
    PeerConnection b = make_peer(41, "b", config_with_host("192.0.2.2", 50000));
    Lockstep net{a, b, *TransportAddress::parse("192.0.2.1:50000"),
                 *TransportAddress::parse("192.0.2.2:50000")};
    net.negotiate();
    REQUIRE(net.run_until([&] { return net.both_connected(); }, Duration::seconds(30)));
    CHECK(a.ice_connection_state() == ice::ConnectionState::kConnected);
    CHECK(b.ice_connection_state() == ice::ConnectionState::kConnected);
    std::vector<PeerConnectionState> a_states;
    for (const auto& e : net.a_log)
        if (auto* c = std::get_if<event::ConnectionStateChange>(&e)) a_states.push_back(c->state);
    CHECK(a_states == std::vector<PeerConnectionState>{PeerConnectionState::kConnecting,
                                                       PeerConnectionState::kConnected});
    // The offerer controls (RFC 8445 §6.1.1) and nominated a pair.
    CHECK(a.ice_agent().role() == ice::Role::kControlling);
    CHECK(a.ice_agent().selected_pair().has_value());
}

TEST_CASE("an ICE restart renegotiates and reconnects with the new credentials",
          "[jsep][candidates][connect][restart]") {
    PeerConnection a = make_peer(42, "a", config_with_host("192.0.2.1", 50000));
    PeerConnection b = make_peer(42, "b", config_with_host("192.0.2.2", 50000));
    Lockstep net{a, b, *TransportAddress::parse("192.0.2.1:50000"),
                 *TransportAddress::parse("192.0.2.2:50000")};
    net.negotiate();
    REQUIRE(net.run_until([&] { return net.both_connected(); }, Duration::seconds(30)));
    const std::string old_a = a.ice_agent().local_credentials().ufrag;
    const std::string old_b = b.ice_agent().local_credentials().ufrag;
    net.a_log.clear();

    a.restart_ice();
    net.relay_all();
    CHECK(count_events<event::NegotiationNeeded>(net.a_log) == 1);
    net.negotiate();
    CHECK(a.ice_agent().local_credentials().ufrag != old_a);
    CHECK(b.ice_agent().local_credentials().ufrag != old_b);
    CHECK(a.ice_agent().remote_credentials()->ufrag == b.ice_agent().local_credentials().ufrag);
    CHECK(b.ice_agent().remote_credentials()->ufrag == a.ice_agent().local_credentials().ufrag);
    // New candidates, of the new generation, trickle and land in the new descriptions.
    const std::string new_a = a.ice_agent().local_credentials().ufrag;
    net.run_until([&] { return false; }, Duration::seconds(3));
    bool new_generation_candidate = false;
    for (const auto& e : net.a_log)
        if (auto* c = std::get_if<event::IceCandidate>(&e); c && c->candidate)
            new_generation_candidate =
                new_generation_candidate || c->candidate->username_fragment == new_a;
    CHECK(new_generation_candidate);
    CHECK(a.current_local_description()->sdp.find("a=ice-ufrag:" + new_a) != std::string::npos);
    CHECK(a.current_local_description()->sdp.find("a=candidate:") != std::string::npos);
    CHECK(net.both_connected());
    CHECK(a.ice_connection_state() == ice::ConnectionState::kConnected);
}
