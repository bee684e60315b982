// A small topology built in code for world tests: the internet with a server, and two homes
// behind NATs whose configuration each test chooses.
//
//   internet 0.0.0.0/0 ─┬─ srv 203.0.113.1 (STUN on 3478)
//                       ├─ nat-a 203.0.113.10 ── home-a 192.168.1.0/24: alice .10, carol .11
//                       └─ nat-b 198.51.100.20 ── home-b 10.0.0.0/24: bob .20
#pragma once

#include "sim/scenario.h"

namespace rtclab::sim::testing {

inline Scenario two_homes(NatConfig nat_a, NatConfig nat_b,
                          LinkConfig internet = LinkConfig{net::Duration::millis(10), {}, 0.0}) {
    Scenario s;
    s.name = "test";
    s.seed = 1;
    s.duration = net::Duration::seconds(5);
    TopologySpec& t = s.topology;
    t.name = "test";
    t.networks.push_back(NetworkSpec{"internet", *net::Cidr::parse("0.0.0.0/0"), internet, "", std::nullopt});
    t.networks.push_back(NetworkSpec{"home-a", *net::Cidr::parse("192.168.1.0/24"),
                                     LinkConfig{net::Duration::millis(1), {}, 0.0}, "internet",
                                     NatSpec{"nat-a", *net::IpAddress::parse("203.0.113.10"),
                                             *net::IpAddress::parse("192.168.1.1"), nat_a}});
    t.networks.push_back(NetworkSpec{"home-b", *net::Cidr::parse("10.0.0.0/24"),
                                     LinkConfig{net::Duration::millis(1), {}, 0.0}, "internet",
                                     NatSpec{"nat-b", *net::IpAddress::parse("198.51.100.20"),
                                             *net::IpAddress::parse("10.0.0.1"), nat_b}});
    t.hosts.push_back(make_host("alice", "Alice", "home-a", *net::IpAddress::parse("192.168.1.10")));
    t.hosts.push_back(make_host("carol", "Carol", "home-a", *net::IpAddress::parse("192.168.1.11")));
    t.hosts.push_back(make_host("bob", "Bob", "home-b", *net::IpAddress::parse("10.0.0.20")));
    t.hosts.push_back(make_host("srv", "Server", "internet", *net::IpAddress::parse("203.0.113.1"), StunServiceSpec{3478, "test"}));
    return s;
}

inline ScriptStep udp_send(std::int64_t at_ms, const char* host, std::uint16_t port, const char* to,
                           const char* payload = "hello") {
    return ScriptStep{net::Duration::millis(at_ms),
                      UdpSendAction{host, port, *net::TransportAddress::parse(to), payload}, 0};
}

inline ScriptStep stun_binding(std::int64_t at_ms, const char* host, std::uint16_t port,
                               const char* server = "srv") {
    return ScriptStep{net::Duration::millis(at_ms), StunBindingAction{host, server, port}, 0};
}

}  // namespace rtclab::sim::testing
