// A TURN topology built in code for sim tests: world_fixture's two homes, plus a TURN server on
// the internet.
//
//   internet ─┬─ srv 203.0.113.1 (STUN on 3478)
//             ├─ turn 203.0.113.2 (TURN on 3478; user alice/s3cret; relay ports 49152-49160)
//             ├─ nat-a ── home-a: alice, carol
//             └─ nat-b ── home-b: bob
#pragma once

#include "world_fixture.h"

namespace rtclab::sim::testing {

inline const net::TransportAddress kTurnServer = *net::TransportAddress::parse("203.0.113.2:3478");

inline Scenario turn_world(NatConfig nat_a, NatConfig nat_b) {
    Scenario s = two_homes(nat_a, nat_b);
    s.duration = net::Duration::seconds(900);
    HostSpec turn = make_host("turn", "TURN server", "internet", kTurnServer.ip);
    turn.role = HostRole::kServer;
    TurnServiceSpec spec;
    spec.port = kTurnServer.port;
    spec.realm = "rtclab.test";
    spec.users = {{"alice", "s3cret"}};
    spec.relay_port_min = 49152;
    spec.relay_port_max = 49160;
    turn.turn = spec;
    s.topology.hosts.push_back(turn);
    return s;
}

}  // namespace rtclab::sim::testing
