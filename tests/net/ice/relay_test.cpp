// Relayed candidates through a net/turn server: gathering, the relay-only policy, checks and
// data through the relay (RFC 8445 §5.1.1.2, RFC 8656).
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>

#include "ice_harness.h"
#include "net/ice/priority.h"

using namespace rtclab::net;
using namespace rtclab::net::ice;
using namespace rtclab::net::ice::testing;

TEST_CASE("relay policy: only the relayed candidate is used, checks and data go via TURN",
          "[ice][turn]") {
    Harness h;
    h.add_turn_server();
    auto ca = agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")});
    ca.turn_servers = {TurnServer{kTurnServer, "user", "pass"}};
    ca.stun_servers = {StunServer{kStunServer}};  // not used under the relay policy
    ca.policy = TransportPolicy::kRelay;
    h.nats.push_back(Nat{ip("198.51.100.1"), {ip("10.0.0.1")}, {}, {}, 61000});
    h.add("a", ca, 1);
    h.add("b", agent_config(Role::kControlled, "b", {addr("192.0.2.10:6000")}), 2);
    h.signal(0, 1);
    h.agent(0).start_gathering(h.now);
    h.agent(1).start_gathering(h.now);
    h.run_for(Duration::seconds(3));
    INFO(dump(h, 0) << dump(h, 1));

    if (std::getenv("ICE_DUMP")) std::cout << dump(h, 0) << dump(h, 1);
    const auto gathered = h.events_of<event::CandidateGathered>(0);
    REQUIRE(gathered.size() == 1);
    const Candidate& relay = gathered[0].second.candidate;
    CHECK(relay.type == CandidateType::kRelay);
    CHECK(relay.address == "203.0.113.2");
    CHECK(relay.priority == candidate_priority(CandidateType::kRelay, 65535));
    // The related address of a relayed candidate is the mapped (server-reflexive) address.
    CHECK(relay.related_address == "198.51.100.1");
    CHECK(h.agent(0).gathering_state() == GatheringState::kComplete);

    for (std::size_t i : {0u, 1u}) {
        INFO("agent " << i);
        CHECK(h.agent(i).connection_state() == ConnectionState::kConnected);
    }
    const auto [local, remote] = h.selected_addresses(0);
    CHECK(local.ip == kTurnServer.ip);
    CHECK(remote == addr("192.0.2.10:6000"));
    CHECK(h.selected_addresses(1).second.ip == kTurnServer.ip);
    // Nothing went from A straight to B: every datagram of A's went to the TURN server.
    for (const auto& p : h.sent) {
        if (p.from.ip == ip("198.51.100.1")) CHECK(p.to == kTurnServer);
    }
    // The working relayed pair got a channel: data now travels as ChannelData (RFC 8656 §12).
    REQUIRE(h.turn_server->allocations().size() == 1);
    CHECK(!h.turn_server->allocations().begin()->second.channels.empty());
    const std::size_t before = h.sent.size();
    REQUIRE(h.agent(0).send_data(h.now, Bytes{23, 4, 5}).ok());
    REQUIRE(h.agent(1).send_data(h.now, Bytes{23, 6}).ok());
    h.run_for(Duration::millis(100));
    REQUIRE(h.events_of<event::Data>(1).size() == 1);
    CHECK(h.events_of<event::Data>(1)[0].second.bytes == Bytes{23, 4, 5});
    REQUIRE(h.sent.size() > before);
    CHECK(h.sent[before].to == kTurnServer);
    CHECK(h.sent[before].bytes.size() <= 4 + 4);      // ChannelData header + 3 bytes (+ padding)
    CHECK((h.sent[before].bytes[0] & 0xC0) == 0x40);  // channel numbers 0x4000..0x4FFF
    REQUIRE(h.events_of<event::Data>(0).size() == 1);
    CHECK(h.events_of<event::Data>(0)[0].second.bytes == Bytes{23, 6});
    CHECK(h.events_of<event::Data>(0)[0].second.from == addr("192.0.2.10:6000"));
}

TEST_CASE("TURN gathering gives srflx and relay; an unreachable server times out", "[ice][turn]") {
    Harness h;
    h.add_turn_server();
    auto ca = agent_config(Role::kControlling, "a", {addr("10.0.0.1:5000")});
    ca.turn_servers = {TurnServer{kTurnServer, "user", "pass"},
                       TurnServer{addr("203.0.113.50:3478"), "user", "pass"}};
    h.nats.push_back(Nat{ip("198.51.100.1"), {ip("10.0.0.1")}, {}, {}, 61000});
    h.add("a", ca, 1);
    h.agent(0).start_gathering(h.now);
    h.run_for(Duration::seconds(1));
    std::vector<CandidateType> types;
    for (const auto& [t, e] : h.events_of<event::CandidateGathered>(0))
        types.push_back(e.candidate.type);
    CHECK(types == std::vector<CandidateType>{CandidateType::kHost, CandidateType::kServerReflexive,
                                              CandidateType::kRelay});
    CHECK(h.agent(0).gathering_state() == GatheringState::kGathering);  // the second server
    h.run_for(Duration::seconds(6));
    CHECK(h.agent(0).gathering_state() == GatheringState::kComplete);
    CHECK(h.has_note(0, "ice.turn.failed"));
}
