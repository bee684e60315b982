// Tests for sim/nat: each RFC 4787 knob on its own, then in combination.
#include <catch2/catch.hpp>

#include <algorithm>

#include "sim/nat.h"

using namespace rtclab;
using namespace rtclab::sim;
using net::Duration;
using net::Instant;
using net::TransportAddress;

namespace {

TransportAddress ep(const char* text) { return *TransportAddress::parse(text); }

Nat make_nat(Behavior mapping, Behavior filtering, PortAssignment ports = PortAssignment::kPreserve) {
    NatConfig c;
    c.preset = "custom";
    c.mapping = mapping;
    c.filtering = filtering;
    c.ports = ports;
    c.mapping_lifetime = Duration::seconds(30);
    return Nat("nat-a", c, *net::IpAddress::parse("203.0.113.10"), *net::IpAddress::parse("192.168.1.1"),
               net::Rng(7));
}

const auto kAlice = ep("192.168.1.10:5000");
const auto kStun = ep("198.51.100.1:3478");
const auto kStunOtherPort = ep("198.51.100.1:3479");
const auto kPeer = ep("198.51.100.77:6000");

}  // namespace

TEST_CASE("endpoint-independent mapping: one external port for every destination", "[nat][mapping]") {
    // Filtering is the strictest kind here: if the mapping were keyed by the filtering
    // behaviour (pion/transport#36), the two destinations would get two external ports.
    Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kAddressAndPortDependent);
    const auto first = nat.outbound(Instant{0}, kAlice, kStun);
    CHECK(first.decision == Nat::Decision::kCreated);
    CHECK(first.external == ep("203.0.113.10:5000"));
    const auto second = nat.outbound(Instant{1}, kAlice, kPeer);
    CHECK(second.decision == Nat::Decision::kReused);
    CHECK(second.external == first.external);
    const auto again = nat.outbound(Instant{2}, kAlice, kPeer);
    CHECK(again.decision == Nat::Decision::kRefreshed);
    CHECK(nat.mapping_count() == 1);
}

TEST_CASE("address-dependent mapping: a new port per destination address only", "[nat][mapping]") {
    Nat nat = make_nat(Behavior::kAddressDependent, Behavior::kEndpointIndependent);
    const auto a = nat.outbound(Instant{0}, kAlice, kStun);
    const auto b = nat.outbound(Instant{0}, kAlice, kStunOtherPort);  // same address, other port
    const auto c = nat.outbound(Instant{0}, kAlice, kPeer);           // other address
    CHECK(b.decision == Nat::Decision::kReused);
    CHECK(a.external == b.external);
    CHECK(c.decision == Nat::Decision::kCreated);
    CHECK(c.external != a.external);
    CHECK(nat.mapping_count() == 2);
}

TEST_CASE("address-and-port-dependent mapping: a new port per destination address:port", "[nat][mapping]") {
    // Filtering is endpoint-independent: keyed by filtering, all three would share one port.
    Nat nat = make_nat(Behavior::kAddressAndPortDependent, Behavior::kEndpointIndependent);
    const auto a = nat.outbound(Instant{0}, kAlice, kStun);
    const auto b = nat.outbound(Instant{0}, kAlice, kStunOtherPort);
    const auto c = nat.outbound(Instant{0}, kAlice, kPeer);
    CHECK(a.decision == Nat::Decision::kCreated);
    CHECK(b.decision == Nat::Decision::kCreated);
    CHECK(c.decision == Nat::Decision::kCreated);
    CHECK(a.external != b.external);
    CHECK(b.external != c.external);
    CHECK(nat.mapping_count() == 3);
    // With endpoint-independent filtering anyone may send to any of them.
    CHECK(nat.inbound(Instant{0}, ep("192.0.2.99:1"), b.external.port).accepted);
}

TEST_CASE("endpoint-independent filtering lets anyone reach a mapping", "[nat][filtering]") {
    Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kEndpointIndependent);
    const auto out = nat.outbound(Instant{0}, kAlice, kStun);
    const auto in = nat.inbound(Instant{0}, kPeer, out.external.port);
    CHECK(in.accepted);
    CHECK(in.internal == kAlice);
}

TEST_CASE("address-dependent filtering: only addresses sent to, any port", "[nat][filtering]") {
    Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kAddressDependent);
    const auto out = nat.outbound(Instant{0}, kAlice, kStun);
    CHECK(nat.inbound(Instant{0}, kStunOtherPort, out.external.port).accepted);
    const auto in = nat.inbound(Instant{0}, kPeer, out.external.port);
    CHECK_FALSE(in.accepted);
    CHECK(in.reason == DropReason::kFilteredAddress);
}

TEST_CASE("address-and-port-dependent filtering: only the exact address:port sent to", "[nat][filtering]") {
    Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kAddressAndPortDependent);
    const auto out = nat.outbound(Instant{0}, kAlice, kStun);
    CHECK(nat.inbound(Instant{0}, kStun, out.external.port).accepted);
    const auto other_port = nat.inbound(Instant{0}, kStunOtherPort, out.external.port);
    CHECK_FALSE(other_port.accepted);
    CHECK(other_port.reason == DropReason::kFilteredEndpoint);
    // Once Alice sends to the peer (hole punching), the peer may answer.
    CHECK_FALSE(nat.inbound(Instant{0}, kPeer, out.external.port).accepted);
    nat.outbound(Instant{0}, kAlice, kPeer);
    CHECK(nat.inbound(Instant{0}, kPeer, out.external.port).accepted);
}

TEST_CASE("inbound to a port nobody mapped is dropped", "[nat][filtering]") {
    Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kEndpointIndependent);
    const auto in = nat.inbound(Instant{0}, kPeer, 40000);
    CHECK_FALSE(in.accepted);
    CHECK(in.reason == DropReason::kNoMapping);
}

TEST_CASE("port assignment: preserve, sequential, random", "[nat][ports]") {
    SECTION("preserve keeps the inside port, and takes the next one when it is taken") {
        Nat nat = make_nat(Behavior::kAddressAndPortDependent, Behavior::kEndpointIndependent,
                           PortAssignment::kPreserve);
        CHECK(nat.outbound(Instant{0}, kAlice, kStun).external.port == 5000);
        CHECK(nat.outbound(Instant{0}, kAlice, kPeer).external.port == 5001);
        CHECK(nat.outbound(Instant{0}, ep("192.168.1.11:5000"), kPeer).external.port == 5002);
    }
    SECTION("sequential counts up from the dynamic range") {
        Nat nat = make_nat(Behavior::kAddressAndPortDependent, Behavior::kEndpointIndependent,
                           PortAssignment::kSequential);
        CHECK(nat.outbound(Instant{0}, kAlice, kStun).external.port == 49152);
        CHECK(nat.outbound(Instant{0}, kAlice, kPeer).external.port == 49153);
    }
    SECTION("random draws from the seeded generator: in range, reproducible") {
        Nat a = make_nat(Behavior::kAddressAndPortDependent, Behavior::kEndpointIndependent,
                         PortAssignment::kRandom);
        Nat b = make_nat(Behavior::kAddressAndPortDependent, Behavior::kEndpointIndependent,
                         PortAssignment::kRandom);
        std::vector<std::uint16_t> ports;
        for (int i = 0; i < 20; ++i) {
            const auto remote = TransportAddress{kPeer.ip, static_cast<std::uint16_t>(7000 + i)};
            const auto pa = a.outbound(Instant{0}, kAlice, remote).external.port;
            CHECK(pa == b.outbound(Instant{0}, kAlice, remote).external.port);
            CHECK(pa >= 49152);
            ports.push_back(pa);
        }
        std::sort(ports.begin(), ports.end());
        CHECK(std::adjacent_find(ports.begin(), ports.end()) == ports.end());
    }
}

TEST_CASE("mapping lifetime: expiry, outbound refresh, inbound refresh by rule", "[nat][lifetime]") {
    SECTION("outbound-only refresh") {
        Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kEndpointIndependent);
        const auto out = nat.outbound(Instant{0}, kAlice, kStun);
        const auto gen = nat.mapping(out.mapping).generation;
        CHECK(nat.mapping(out.mapping).expires == Instant{0} + Duration::seconds(30));
        // Inbound traffic does not refresh under the outbound rule.
        const auto in = nat.inbound(Instant{0} + Duration::seconds(20), kStun, out.external.port);
        CHECK(in.accepted);
        CHECK_FALSE(in.refreshed);
        CHECK_FALSE(nat.expire(Instant{0} + Duration::seconds(29), out.mapping, gen));
        // Outbound traffic at 10 s moves expiry to 40 s.
        nat.outbound(Instant{0} + Duration::seconds(10), kAlice, kStun);
        CHECK_FALSE(nat.expire(Instant{0} + Duration::seconds(30), out.mapping, gen));
        const auto gone = nat.expire(Instant{0} + Duration::seconds(40), out.mapping, gen);
        REQUIRE(gone);
        CHECK(gone->external == out.external);
        CHECK(nat.mapping_count() == 0);
        CHECK(nat.inbound(Instant{0} + Duration::seconds(41), kStun, out.external.port).reason ==
              DropReason::kNoMapping);
    }
    SECTION("refresh in both directions") {
        NatConfig c = *nat_preset("full-cone");
        c.refresh = RefreshRule::kBoth;
        c.mapping_lifetime = Duration::seconds(30);
        Nat nat("nat-a", c, *net::IpAddress::parse("203.0.113.10"), *net::IpAddress::parse("192.168.1.1"),
                net::Rng(1));
        const auto out = nat.outbound(Instant{0}, kAlice, kStun);
        const auto in = nat.inbound(Instant{0} + Duration::seconds(20), kStun, out.external.port);
        CHECK(in.refreshed);
        CHECK(nat.mapping(out.mapping).expires == Instant{0} + Duration::seconds(50));
    }
}

TEST_CASE("a reboot forgets every mapping and stale timers find nothing", "[nat]") {
    Nat nat = make_nat(Behavior::kEndpointIndependent, Behavior::kEndpointIndependent);
    const auto out = nat.outbound(Instant{0}, kAlice, kStun);
    const auto gen = nat.mapping(out.mapping).generation;
    CHECK(nat.reboot() == 1);
    CHECK(nat.mapping_count() == 0);
    CHECK_FALSE(nat.expire(Instant{0} + Duration::seconds(100), out.mapping, gen));
    CHECK_FALSE(nat.inbound(Instant{0}, kStun, out.external.port).accepted);
}
