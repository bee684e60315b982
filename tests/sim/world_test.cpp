// Tests for sim/world: routing through NATs, links, hairpinning, expiry, STUN, determinism.
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include "sim/state_index.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"
#include "sim/world.h"
#include "world_fixture.h"

using namespace rtclab;
using namespace rtclab::sim;
using namespace rtclab::sim::testing;

namespace {

std::vector<std::size_t> find_kind(const Trace& t, const std::string& kind) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (event_kind(t, i) == kind) found.push_back(i);
    }
    return found;
}

std::string jsonl(const Trace& t) {
    std::ostringstream out;
    write_trace_jsonl(t, out);
    return out.str();
}

}  // namespace

TEST_CASE("a datagram crosses home-a, nat-a and the internet, translated", "[world]") {
    Scenario s = two_homes(*nat_preset("port-restricted-cone"), *nat_preset("port-restricted-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "203.0.113.1:9"));  // nothing listens on 9
    World w(s);
    w.run();
    const Trace& t = w.trace();
    const auto hops = find_kind(t, "packet.udp");
    REQUIRE(hops.size() == 2);
    const auto inside = event_detail(t, hops[0]);
    const auto outside = event_detail(t, hops[1]);
    CHECK(inside["network"] == "home-a");
    CHECK(inside["src"] == "192.168.1.10:5000");
    CHECK(outside["network"] == "internet");
    CHECK(outside["src"] == "203.0.113.10:5000");  // the NAT's mapping, port preserved
    CHECK(outside["dst"] == "203.0.113.1:9");
    // 1 ms on home-a, then 10 ms on the internet.
    CHECK(t.event(hops[0]).t_us == 0);
    CHECK(t.event(hops[1]).t_us == 1000);
    CHECK(inside["arrive_us"] == 1000);
    CHECK(outside["arrive_us"] == 11000);
    CHECK(find_kind(t, "nat.mapping.created").size() == 1);
    CHECK(find_kind(t, "host.port-unreachable").size() == 1);
    CHECK(event_lanes(t, hops[0]) == nlohmann::json({"alice.agent", "nat-a"}));
    CHECK(event_lanes(t, hops[1]) == nlohmann::json({"nat-a", "srv"}));
}

TEST_CASE("lanes follow the MDN diagram: peers outside, NATs inside them, servers in the middle", "[world]") {
    Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("full-cone"));
    World w(s);
    std::vector<std::string> ids;
    for (const auto& l : w.trace().lanes) ids.push_back(l.id);
    CHECK(ids == std::vector<std::string>{"alice.app", "alice.agent", "carol.app", "carol.agent", "nat-a",
                                          "srv", "nat-b", "bob.agent", "bob.app"});
}

TEST_CASE("an unsolicited packet is filtered, with the reason", "[world][nat]") {
    Scenario s = two_homes(*nat_preset("port-restricted-cone"), *nat_preset("port-restricted-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "203.0.113.1:3478"));
    s.script.push_back(udp_send(100, "bob", 6000, "203.0.113.10:5000"));
    World w(s);
    w.run();
    const auto drops = find_kind(w.trace(), "nat.drop");
    REQUIRE(drops.size() == 1);
    const auto d = event_detail(w.trace(), drops[0]);
    CHECK(d["reason"] == "address-and-port-dependent filtering");
    CHECK(d["remote"] == "198.51.100.20:6000");
    CHECK(event_summary(w.trace(), drops[0]).find("no mapping permits 198.51.100.20:6000") != std::string::npos);
    CHECK(w.nat_drops(*w.nat_index("nat-a")) == 1);
}

TEST_CASE("a full-cone NAT lets the same packet through", "[world][nat]") {
    Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("port-restricted-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "203.0.113.1:3478"));
    s.script.push_back(udp_send(100, "bob", 6000, "203.0.113.10:5000"));
    World w(s);
    w.run();
    CHECK(find_kind(w.trace(), "nat.drop").empty());
    REQUIRE(find_kind(w.trace(), "nat.inbound").size() == 1);
    // Delivered to Alice's port 5000, where nothing listens.
    CHECK(find_kind(w.trace(), "host.port-unreachable").size() == 1);
}

TEST_CASE("hairpinning loops a packet back inside, or drops it when disabled", "[world][nat]") {
    for (bool hairpin : {true, false}) {
        NatConfig a = *nat_preset("full-cone");
        a.hairpinning = hairpin;
        Scenario s = two_homes(a, *nat_preset("full-cone"));
        s.script.push_back(udp_send(0, "carol", 7000, "203.0.113.1:3478"));  // carol gets 203.0.113.10:7000
        s.script.push_back(udp_send(100, "alice", 5000, "203.0.113.10:7000"));
        World w(s);
        w.run();
        const auto hairpins = find_kind(w.trace(), "nat.hairpin");
        if (hairpin) {
            REQUIRE(hairpins.size() == 1);
            // The looped packet reaches carol from alice's external address (RFC 4787 REQ-9 b).
            const auto hops = find_kind(w.trace(), "packet.udp");
            const auto last = event_detail(w.trace(), hops.back());
            CHECK(last["network"] == "home-a");
            CHECK(last["src"] == "203.0.113.10:5000");
            CHECK(last["dst"] == "192.168.1.11:7000");
        } else {
            CHECK(hairpins.empty());
            const auto drops = find_kind(w.trace(), "nat.drop");
            REQUIRE(drops.size() == 1);
            CHECK(event_detail(w.trace(), drops[0])["reason"] == "hairpinning disabled");
        }
    }
}

TEST_CASE("links: loss drops every datagram at 1.0; jitter stays within bounds", "[world][link]") {
    SECTION("loss") {
        Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("full-cone"),
                               LinkConfig{net::Duration::millis(10), {}, 1.0});
        s.script.push_back(udp_send(0, "alice", 5000, "203.0.113.1:3478"));
        World w(s);
        w.run();
        CHECK(find_kind(w.trace(), "link.loss").size() == 1);
        CHECK(find_kind(w.trace(), "packet.udp").size() == 1);  // only the home-a hop
        CHECK(w.datagrams_delivered() == 0);
    }
    SECTION("jitter") {
        Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("full-cone"),
                               LinkConfig{net::Duration::millis(10), net::Duration::millis(5), 0.0});
        for (int i = 0; i < 50; ++i) s.script.push_back(udp_send(i, "alice", 5000, "203.0.113.1:9"));
        World w(s);
        w.run();
        std::set<std::int64_t> delays;
        for (std::size_t i : find_kind(w.trace(), "packet.udp")) {
            const auto d = event_detail(w.trace(), i);
            if (d["network"] != "internet") continue;
            const std::int64_t delay = d["delay_us"];
            CHECK(delay >= 10000);
            CHECK(delay <= 15000);
            delays.insert(delay);
        }
        CHECK(delays.size() > 10);  // jitter really varies
    }
}

TEST_CASE("a private address is not routed on the internet", "[world]") {
    Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("full-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "10.0.0.20:5000"));  // bob's private address
    World w(s);
    w.run();
    CHECK(find_kind(w.trace(), "net.unreachable").size() == 1);
}

TEST_CASE("an address on the sender's own subnet that no host has is dropped on the link, not routed",
          "[world]") {
    // Alice (192.168.1.0/24) sends to 192.168.1.99: on-link for her, so it never goes to her
    // router -- no NAT mapping, nothing on the internet -- and nobody answers.
    Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("full-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "192.168.1.99:5000"));
    // Carol is on the same link: that one is delivered.
    s.script.push_back(udp_send(10, "alice", 5000, "192.168.1.11:6000"));
    World w(s);
    w.run();
    const auto no_host = find_kind(w.trace(), "net.no-host");
    REQUIRE(no_host.size() == 1);
    CHECK(event_summary(w.trace(), no_host[0]) ==
          "no host on home-a has 192.168.1.99 (its own subnet: not sent to the router): dropped");
    CHECK(event_detail(w.trace(), no_host[0])["network"] == "home-a");
    CHECK(find_kind(w.trace(), "nat.mapping.created").empty());
    CHECK(find_kind(w.trace(), "net.unreachable").empty());
    CHECK(find_kind(w.trace(), "host.port-unreachable").size() == 1);  // carol has no app on 6000
}

TEST_CASE("a mapping expires after its lifetime, and the state document loses it", "[world][nat]") {
    NatConfig a = *nat_preset("full-cone");
    a.mapping_lifetime = net::Duration::seconds(2);
    Scenario s = two_homes(a, *nat_preset("full-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "203.0.113.1:9"));
    s.script.push_back(udp_send(1000, "alice", 5000, "203.0.113.1:9"));  // refresh at ~1 s
    World w(s);
    w.run();
    const Trace& t = w.trace();
    const auto expired = find_kind(t, "nat.mapping.expired");
    REQUIRE(expired.size() == 1);
    CHECK(t.event(expired[0]).t_us == 3001000);  // refreshed at 1.001 s, lifetime 2 s
    CHECK(find_kind(t, "nat.mapping.refreshed").size() == 1);
    StateIndex states(t);
    const auto before = states.state_after(static_cast<std::ptrdiff_t>(expired[0]) - 1);
    const auto after = states.state_after(static_cast<std::ptrdiff_t>(expired[0]));
    CHECK(before["nats"]["nat-a"]["mappings"].contains("203.0.113.10:5000"));
    CHECK(before["nats"]["nat-a"]["mappings"]["203.0.113.10:5000"]["expires_us"] == 3001000);
    CHECK(after["nats"]["nat-a"]["mappings"].empty());
    CHECK(after["nats"]["nat-a"]["filters"].empty());
}

TEST_CASE("a NAT reboot forgets mappings", "[world][nat]") {
    Scenario s = two_homes(*nat_preset("full-cone"), *nat_preset("full-cone"));
    s.script.push_back(udp_send(0, "alice", 5000, "203.0.113.1:9"));
    s.script.push_back(ScriptStep{net::Duration::millis(500), NatRebootAction{"nat-a"}, 0});
    s.script.push_back(udp_send(600, "bob", 6000, "203.0.113.10:5000"));
    World w(s);
    w.run();
    CHECK(find_kind(w.trace(), "nat.reboot").size() == 1);
    const auto drops = find_kind(w.trace(), "nat.drop");
    REQUIRE(drops.size() == 1);
    CHECK(event_detail(w.trace(), drops[0])["reason"] == "no mapping");
}

TEST_CASE("the same scenario and seed give a byte-identical trace; another seed does not", "[world][determinism]") {
    const auto make = [] {
        Scenario s = two_homes(*nat_preset("symmetric"), *nat_preset("symmetric"),
                               LinkConfig{net::Duration::millis(10), net::Duration::millis(3), 0.1});
        for (int i = 0; i < 20; ++i) s.script.push_back(udp_send(i * 10, "alice", 5000, "203.0.113.1:9"));
        return s;
    };
    World a(make()), b(make()), c(make(), WorldOptions{99, true});
    a.run();
    b.run();
    c.run();
    CHECK(jsonl(a.trace()) == jsonl(b.trace()));
    CHECK(jsonl(a.trace()) != jsonl(c.trace()));
}

TEST_CASE("state at any step is the same from keyframes as from a plain fold", "[trace][state]") {
    Scenario s = two_homes(*nat_preset("port-restricted-cone"), *nat_preset("symmetric"));
    for (int i = 0; i < 30; ++i) {
        s.script.push_back(udp_send(i * 7, i % 2 ? "alice" : "bob", static_cast<std::uint16_t>(5000 + i % 5),
                                    i % 3 ? "203.0.113.1:9" : "203.0.113.10:5001"));
    }
    World w(s);
    w.run();
    const Trace& t = w.trace();
    REQUIRE(t.size() > 100);
    StateIndex coarse(t, 16), fine(t, 1);
    nlohmann::json folded = t.initial_state;
    CHECK(coarse.state_after(StateIndex::kStart) == folded);
    for (std::size_t k = 0; k < t.size(); ++k) {
        REQUIRE(apply_changes(folded, event_changes(t, k)).ok());
        if (k % 7 == 0 || k + 1 == t.size()) {
            CHECK(coarse.state_after(static_cast<std::ptrdiff_t>(k)) == folded);
            CHECK(fine.state_after(static_cast<std::ptrdiff_t>(k)) == folded);
        }
    }
}
