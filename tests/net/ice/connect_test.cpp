// Two agents in lockstep on virtual time: direct connections, peer-reflexive learning, role
// conflicts, failure, consent, restart, TURN, ICE-lite, determinism.
#include <catch2/catch.hpp>

#include <iostream>

#include "ice_harness.h"

using namespace rtclab::net;
using namespace rtclab::net::ice;
using namespace rtclab::net::ice::testing;

namespace {

// A at 10.0.0.1, B at 10.0.0.2, on one network; A controlling.
Harness direct(std::uint64_t seed = 1) {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), seed);
    h.add("b", agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000")}), seed);
    h.signal(0, 1);
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    return h;
}

}  // namespace

TEST_CASE("two hosts on one network connect with the same pair, nominated by A", "[ice][connect]") {
    Harness h = direct();
    h.run_for(Duration::seconds(2));
    for (std::size_t i : {0u, 1u}) {
        INFO("agent " << i);
        CHECK(h.agent(i).connection_state() == ConnectionState::kConnected);
        CHECK(h.agent(i).gathering_state() == GatheringState::kComplete);
        REQUIRE(h.agent(i).selected_pair());
        CHECK(h.agent(i).pairs()[*h.agent(i).selected_pair()].nominated);
        CHECK(h.states_of(i) == std::vector<ConnectionState>{ConnectionState::kChecking,
                                                             ConnectionState::kConnected});
    }
    CHECK(h.selected_addresses(0).first == h.selected_addresses(1).second);
    CHECK(h.selected_addresses(0).second == h.selected_addresses(1).first);
    // A (controlling) sent USE-CANDIDATE; B never did.
    bool a_nominated = false, b_nominated = false;
    for (const auto& [t, e] : h.events_of<event::CheckSent>(0))
        a_nominated |= e.use_candidate;
    for (const auto& [t, e] : h.events_of<event::CheckSent>(1))
        b_nominated |= e.use_candidate;
    CHECK(a_nominated);
    CHECK_FALSE(b_nominated);
    CHECK(h.agent(0).role() == Role::kControlling);
    CHECK(h.agent(1).role() == Role::kControlled);
    CHECK(h.agent(0).stats().checks_succeeded >= 1);
    CHECK(h.agent(1).stats().checks_received >= 1);

    // Data both ways on the selected pair.
    const std::vector<std::uint8_t> hello{23, 1, 2, 3};  // 23: a DTLS-looking first byte
    REQUIRE(h.agent(0).send_data(h.now, hello).ok());
    h.run_for(Duration::millis(50));
    const auto got = h.events_of<event::Data>(1);
    REQUIRE(got.size() == 1);
    CHECK(got[0].second.bytes == Bytes(hello.begin(), hello.end()));
    CHECK(got[0].second.from == addr("10.0.0.1:5000"));
}

TEST_CASE("a check that arrives before the candidate teaches a peer-reflexive candidate",
          "[ice][prflx]") {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), 1);
    h.add("b", agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000")}), 1);
    // Credentials both ways, but only B's candidates reach A (A's are never signalled).
    h.agent(0).set_remote_credentials(h.agent(1).local_credentials());
    h.agent(1).set_remote_credentials(h.agent(0).local_credentials());
    h.peers[1]->signal_to = 0;
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    h.run_for(Duration::seconds(2));
    INFO(dump(h, 1));
    const auto learned = h.events_of<event::RemoteCandidateAdded>(1);
    REQUIRE(learned.size() == 1);
    CHECK(learned[0].second.peer_reflexive);
    const Candidate& prflx = h.agent(1).remote_candidates().at(0);
    CHECK(prflx.type == CandidateType::kPeerReflexive);
    CHECK(prflx.address == "10.0.0.1");
    CHECK(prflx.port == 5000);
    // RFC 8445 §7.3.1.3: its priority is the PRIORITY of the check (prflx type preference).
    CHECK(prflx.priority >> 24 == 110);
    // The triggered check made the pair valid, and both sides connected on it.
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    CHECK(h.agent(1).connection_state() == ConnectionState::kConnected);
    CHECK(h.selected_addresses(1).second == addr("10.0.0.1:5000"));
    // A signalled candidate for the same address later replaces the peer-reflexive one.
    REQUIRE(h.agent(1).add_remote_candidate(h.now, h.agent(0).local_candidates()[0]).ok());
    CHECK(h.agent(1).remote_candidates().size() == 1);
    CHECK(h.agent(1).remote_candidates()[0].type == CandidateType::kHost);
}

TEST_CASE("role conflict: both controlling, resolved by the tie-breaker either way",
          "[ice][role]") {
    for (const bool a_larger : {true, false}) {
        DYNAMIC_SECTION("A's tie-breaker larger: " << a_larger) {
            Harness h;
            auto ca = agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")});
            auto cb = agent_config(Role::kControlling, "b", {addr("10.0.0.2:6000")});
            ca.tie_breaker = a_larger ? 900 : 100;
            cb.tie_breaker = a_larger ? 100 : 900;
            h.add("a", ca, 1);
            h.add("b", cb, 2);
            h.signal(0, 1);
            h.agent(0).start_gathering(h.now);
            h.agent(1).start_gathering(h.now);
            h.run_for(Duration::seconds(3));
            INFO(dump(h, 0) << dump(h, 1));
            const std::size_t winner = a_larger ? 0 : 1, loser = a_larger ? 1 : 0;
            CHECK(h.agent(winner).role() == Role::kControlling);
            CHECK(h.agent(loser).role() == Role::kControlled);
            const auto conflicts = h.events_of<event::RoleConflict>(loser);
            REQUIRE(conflicts.size() == 1);
            CHECK(conflicts[0].second.new_role == Role::kControlled);
            CHECK(h.events_of<event::RoleConflict>(winner).empty());
            // The loser's first check reached the winner while both were controlling: 487.
            CHECK(h.has_note(winner, "ice.check.role-conflict"));
            CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
            CHECK(h.agent(1).connection_state() == ConnectionState::kConnected);
            CHECK(h.selected_addresses(0).first == h.selected_addresses(1).second);
        }
    }
}

TEST_CASE("role conflict: both controlled, one becomes controlling", "[ice][role]") {
    Harness h;
    auto ca = agent_config(Role::kControlled, "a", {addr("10.0.0.1:5000")});
    auto cb = agent_config(Role::kControlled, "b", {addr("10.0.0.2:6000")});
    ca.tie_breaker = 5;
    cb.tie_breaker = 7;
    h.add("a", ca, 1);
    h.add("b", cb, 2);
    h.signal(0, 1);
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    h.run_for(Duration::seconds(3));
    INFO(dump(h, 0) << dump(h, 1));
    CHECK(h.agent(1).role() == Role::kControlling);  // the larger tie-breaker
    CHECK(h.agent(0).role() == Role::kControlled);
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    CHECK(h.agent(1).connection_state() == ConnectionState::kConnected);
}

TEST_CASE("failed only after end-of-candidates, with every pair failed", "[ice][failed]") {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), 1);
    h.agent(0).set_remote_credentials(Credentials{"bfrag", "b-password-0123456789abcdef"});
    h.agent(0).start_gathering(h.now);
    Candidate c;
    c.foundation = "1";
    c.priority = 2130706431u;
    c.address = "10.0.0.99";  // nobody there
    c.port = 7000;
    REQUIRE(h.agent(0).add_remote_candidate(h.now, c).ok());
    h.run_for(Duration::seconds(20));
    INFO(dump(h, 0));
    REQUIRE(h.agent(0).pairs().size() == 1);
    CHECK(h.agent(0).pairs()[0].state == PairState::kFailed);
    // Trickle (RFC 8838 §11): a new candidate could still come, so not failed yet.
    CHECK(h.agent(0).connection_state() == ConnectionState::kChecking);
    CHECK(h.agent(0).stats().checks_failed == 1);
    CHECK(h.agent(0).stats().checks_sent == 4);  // Rc = 4
    h.agent(0).end_of_remote_candidates(h.now);
    h.run_for(Duration::millis(1));
    CHECK(h.agent(0).connection_state() == ConnectionState::kFailed);
    const auto changes = h.events_of<event::ConnectionStateChanged>(0);
    REQUIRE(!changes.empty());
    CHECK(changes.back().second.reason == "all 1 pair failed after end-of-candidates");
    CHECK_FALSE(h.agent(0).send_data(h.now, Bytes{1, 2}).ok());
}

TEST_CASE("the pair fails 5.5 s after its first check (Rc 4, RTO 500 ms)", "[ice][failed]") {
    Harness h;
    h.add("a", agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")}), 1);
    h.agent(0).set_remote_credentials(Credentials{"bfrag", "b-password-0123456789abcdef"});
    h.agent(0).start_gathering(h.now);
    Candidate c;
    c.foundation = "1";
    c.priority = 2130706431u;
    c.address = "10.0.0.99";
    c.port = 7000;
    REQUIRE(h.agent(0).add_remote_candidate(h.now, c).ok());
    h.run_for(Duration::seconds(10));
    std::vector<std::int64_t> sends;
    for (const auto& [t, e] : h.events_of<event::CheckSent>(0))
        sends.push_back(t.us / 1000);
    CHECK(sends == std::vector<std::int64_t>{0, 500, 1500, 3500});
    const auto changes = h.events_of<event::PairStateChanged>(0);
    REQUIRE(changes.back().second.state == PairState::kFailed);
    CHECK(changes.back().first == at_ms(5500));
}

TEST_CASE("a nomination cancels the checks in progress on other pairs (RFC 8445 §8.1.2)", "[ice][nominate]") {
    Harness h = direct();
    // A second remote candidate for A, below B's host candidate in priority and with nobody
    // behind it: its check is in progress when A nominates the working pair.
    Candidate dead;
    dead.foundation = "99";
    dead.priority = 2130706431u - 1000;
    dead.address = "10.0.0.99";
    dead.port = 7000;
    REQUIRE(h.agent(0).add_remote_candidate(h.now, dead).ok());
    h.run_for(Duration::seconds(10));
    INFO(dump(h, 0));
    REQUIRE(h.agent(0).connection_state() == ConnectionState::kConnected);
    std::optional<std::size_t> dead_pair;
    for (std::size_t p = 0; p < h.agent(0).pairs().size(); ++p) {
        if (h.agent(0).remote_candidates()[h.agent(0).pairs()[p].remote].address == "10.0.0.99") dead_pair = p;
    }
    REQUIRE(dead_pair);
    // Sent once (or twice), never the four requests of a pair that is still in the running.
    int sent = 0;
    for (const auto& [t, e] : h.events_of<event::CheckSent>(0)) sent += e.pair == *dead_pair ? 1 : 0;
    CHECK(sent >= 1);
    CHECK(sent < 4);
    bool noted = false;
    for (const auto& [t, e] : h.events_of<event::Note>(0)) noted |= e.kind == "ice.check.cancelled";
    CHECK(noted);
    // The wait for a late answer keeps its length: the pair is marked failed 5.5 s after its
    // check, and says why.
    const auto& pair = h.agent(0).pairs()[*dead_pair];
    CHECK(pair.state == PairState::kFailed);
    std::string reason;
    for (const auto& [t, e] : h.events_of<event::PairStateChanged>(0))
        if (e.pair == *dead_pair) reason = e.reason;
    CHECK(reason.find("retransmissions were cancelled by the nomination") != std::string::npos);
    // Connected all along: a cancelled check is not a failure of ICE.
    CHECK(h.states_of(0) == std::vector<ConnectionState>{ConnectionState::kChecking, ConnectionState::kConnected});
}

TEST_CASE("consent: a cut network goes disconnected, then failed; data stops", "[ice][consent]") {
    Harness h = direct();
    h.run_for(Duration::seconds(2));
    REQUIRE(h.agent(0).connection_state() == ConnectionState::kConnected);
    // The last response on the pair was the nomination's (no consent check is due before the
    // cut): silence counts from there.
    const Instant cut = h.events_of<event::SelectedPairChanged>(0).at(0).first;
    h.pass = [](const Packet&) { return false; };
    h.run_for(Duration::seconds(40));
    INFO(dump(h, 0));
    CHECK(h.states_of(0) ==
          std::vector<ConnectionState>{ConnectionState::kChecking, ConnectionState::kConnected,
                                       ConnectionState::kDisconnected, ConnectionState::kFailed});
    const auto changes = h.events_of<event::ConnectionStateChanged>(0);
    const auto disconnected = changes[2].first - cut;
    const auto failed = changes[3].first - cut;
    // Silence of >= 5 s and an unanswered consent request (sent every 4..6 s).
    CHECK(disconnected >= Duration::seconds(5));
    CHECK(disconnected <= Duration::millis(6600));
    // Consent expires 30 s after the last response.
    CHECK(failed == Duration::seconds(30));
    CHECK(changes[3].second.reason == "no consent response for 30.0 s");
    CHECK(h.has_note(0, "ice.consent.lost"));
    CHECK(h.agent(0).consent_expired());
    CHECK_FALSE(h.agent(0).send_data(h.now, Bytes{1}).ok());
    // Nothing more is sent on the pair after consent expired (RFC 7675 §5.1).
    const std::size_t sent = h.sent.size();
    h.run_for(Duration::seconds(20));
    CHECK(h.sent.size() == sent);
}

TEST_CASE("consent: a short outage is disconnected, then connected again", "[ice][consent]") {
    Harness h = direct();
    h.run_for(Duration::seconds(2));
    h.pass = [](const Packet&) { return false; };
    h.run_for(Duration::seconds(8));
    CHECK(h.agent(0).connection_state() == ConnectionState::kDisconnected);
    h.pass = [](const Packet&) { return true; };
    h.run_for(Duration::seconds(8));
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    const auto changes = h.events_of<event::ConnectionStateChanged>(0);
    CHECK(changes.back().second.reason == "the selected pair answers again");
}

TEST_CASE("ICE restart after consent loss connects again on new credentials", "[ice][restart]") {
    Harness h = direct();
    h.run_for(Duration::seconds(2));
    const auto first = *h.agent(0).selected_pair();
    h.pass = [](const Packet&) { return false; };
    h.run_for(Duration::seconds(35));
    REQUIRE(h.agent(0).connection_state() == ConnectionState::kFailed);
    h.pass = [](const Packet&) { return true; };
    // The offerer restarts; the answerer sees new credentials and restarts too.
    h.agent(0).restart(h.now, Credentials{"a2frag", "a2-password-0123456789abcdef"});
    h.agent(1).restart(h.now, Credentials{"b2frag", "b2-password-0123456789abcdef"});
    h.agent(0).set_remote_credentials(h.agent(1).local_credentials());
    h.agent(1).set_remote_credentials(h.agent(0).local_credentials());
    h.run_for(Duration::seconds(3));
    INFO(dump(h, 0) << dump(h, 1));
    for (std::size_t i : {0u, 1u}) {
        CHECK(h.agent(i).connection_state() == ConnectionState::kConnected);
        REQUIRE(h.agent(i).selected_pair());
    }
    CHECK(*h.agent(0).selected_pair() != first);
    CHECK(h.agent(0).local_credentials().ufrag == "a2frag");
    CHECK(h.agent(0).gathered_candidates().size() == 1);
    CHECK(h.agent(0).local_candidates().size() == 2);  // both sessions' host candidates
    const auto states = h.states_of(0);
    CHECK(states[states.size() - 2] == ConnectionState::kChecking);
    REQUIRE(h.agent(0).send_data(h.now, Bytes{23, 9}).ok());
    h.run_for(Duration::millis(50));
    CHECK(h.events_of<event::Data>(1).size() == 1);
}

TEST_CASE("ICE restart while connected keeps the old pair until the new one is selected",
          "[ice][restart]") {
    Harness h = direct();
    h.run_for(Duration::seconds(2));
    const auto first = *h.agent(0).selected_pair();
    h.agent(0).restart(h.now, Credentials{"a2frag", "a2-password-0123456789abcdef"});
    // Before the answer: still connected on the old pair, data still flows.
    CHECK(h.agent(0).selected_pair() == first);
    REQUIRE(h.agent(0).send_data(h.now, Bytes{23, 1}).ok());
    h.run_for(Duration::seconds(1));
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    CHECK(h.events_of<event::Data>(1).size() == 1);
    h.agent(1).restart(h.now, Credentials{"b2frag", "b2-password-0123456789abcdef"});
    h.agent(0).set_remote_credentials(h.agent(1).local_credentials());
    h.agent(1).set_remote_credentials(h.agent(0).local_credentials());
    h.run_for(Duration::seconds(2));
    INFO(dump(h, 0));
    REQUIRE(h.agent(0).selected_pair());
    CHECK(*h.agent(0).selected_pair() != first);
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    CHECK(h.agent(1).connection_state() == ConnectionState::kConnected);
    // Never left connected.
    CHECK(h.states_of(0) ==
          std::vector<ConnectionState>{ConnectionState::kChecking, ConnectionState::kConnected});
}

TEST_CASE("ICE-lite peer: the full agent controls, the lite agent never checks", "[ice][lite]") {
    Harness h;
    h.add("a", agent_config(Role::kControlled, "a", {addr("10.0.0.1:5000")}), 1);
    auto lite = agent_config(Role::kControlling, "b", {addr("10.0.0.2:6000")});
    lite.lite = true;
    lite.stun_servers = {StunServer{kStunServer}};  // ignored: lite gathers host only
    h.add("b", lite, 2);
    h.agent(0).set_remote_lite(true);
    CHECK(h.agent(0).role() == Role::kControlling);
    CHECK(h.agent(1).role() == Role::kControlled);
    h.signal(0, 1);
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    h.run_for(Duration::seconds(3));
    INFO(dump(h, 0) << dump(h, 1));
    CHECK(h.agent(1).local_candidates().size() == 1);
    CHECK(h.events_of<event::CheckSent>(1).empty());
    CHECK(h.agent(0).connection_state() == ConnectionState::kConnected);
    CHECK(h.agent(1).connection_state() == ConnectionState::kConnected);
    CHECK(h.selected_addresses(0).first == h.selected_addresses(1).second);
}

TEST_CASE("same seed, same bytes; another seed, other bytes", "[ice][determinism]") {
    auto run = [](std::uint64_t seed) {
        Harness h = direct(seed);
        h.run_for(Duration::seconds(12));
        return h.sent;
    };
    const auto x = run(5), y = run(5), z = run(6);
    REQUIRE(x.size() == y.size());
    bool same = true;
    for (std::size_t i = 0; i < x.size(); ++i) {
        same &= x[i].at == y[i].at && x[i].from == y[i].from && x[i].to == y[i].to &&
                x[i].bytes == y[i].bytes;
    }
    CHECK(same);
    bool differ = x.size() != z.size();
    for (std::size_t i = 0; !differ && i < x.size(); ++i)
        differ = x[i].bytes != z[i].bytes;
    CHECK(differ);
}

TEST_CASE("debug dump", "[.debug]") {
    Harness h = direct();
    h.run_for(Duration::seconds(12));
    std::cout << dump(h, 0) << dump(h, 1);
}

TEST_CASE("a host that changes networks: old socket silent, consent lost, a restart connects on the new one",
          "[ice][restart][network]") {
    Harness h = direct();
    h.run_for(Duration::seconds(2));
    REQUIRE(h.agent(0).connection_state() == ConnectionState::kConnected);
    const auto first = *h.agent(0).selected_pair();
    const std::size_t sent_before = h.sent.size();

    // A leaves 10.0.0.1 for 10.0.0.3 (same network in the harness; what matters is the socket).
    h.agent(0).change_network(h.now, {addr("10.0.0.3:5000")});
    h.run_for(Duration::seconds(12));
    // Nothing ever leaves the closed socket again; B's consent checks to it are dropped.
    for (std::size_t i = sent_before; i < h.sent.size(); ++i) {
        INFO("datagram " << i << " from " << h.sent[i].from.to_string());
        CHECK(h.sent[i].from != addr("10.0.0.1:5000"));
    }
    CHECK(h.agent(1).connection_state() == ConnectionState::kDisconnected);
    CHECK(h.agent(0).connection_state() == ConnectionState::kDisconnected);
    CHECK(h.agent(0).selected_pair() == first);
    bool noted = false;
    for (const auto& [t, n] : h.events_of<event::Note>(0)) noted |= n.kind == "ice.network.changed";
    CHECK(noted);

    h.agent(0).restart(h.now, Credentials{"a2frag", "a2-password-0123456789abcdef"});
    h.agent(1).restart(h.now, Credentials{"b2frag", "b2-password-0123456789abcdef"});
    h.agent(0).set_remote_credentials(h.agent(1).local_credentials());
    h.agent(1).set_remote_credentials(h.agent(0).local_credentials());
    h.run_for(Duration::seconds(3));
    INFO(dump(h, 0) << dump(h, 1));
    for (std::size_t i : {0u, 1u}) CHECK(h.agent(i).connection_state() == ConnectionState::kConnected);
    // Gathered on the new interface only, with the first interface's local preference.
    const auto gathered = h.agent(0).gathered_candidates();
    REQUIRE(gathered.size() == 1);
    CHECK(gathered[0].transport_address() == addr("10.0.0.3:5000"));
    CHECK(gathered[0].priority == h.agent(0).local_candidates()[0].priority);
    CHECK(h.selected_addresses(0).first == addr("10.0.0.3:5000"));
    CHECK(h.selected_addresses(1).second == addr("10.0.0.3:5000"));
    // A datagram for the old address is not taken in.
    h.agent(0).handle_datagram(h.now, addr("10.0.0.1:5000"), addr("10.0.0.2:6000"), Bytes{1, 2, 3});
    bool dropped = false;
    h.flush();
    for (const auto& [t, n] : h.events_of<event::Note>(0)) dropped |= n.kind == "ice.datagram.dropped";
    CHECK(dropped);
}
