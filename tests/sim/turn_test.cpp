// TURN in the world: a host behind a symmetric NAT allocates a relayed address on a TURN server
// on the internet; another host's datagrams to it are dropped until a permission exists, then
// relayed; the trace tells each step and the state document follows the allocation to its end.
#include <catch2/catch.hpp>

#include <sstream>

#include "net/stun/stun.h"
#include "sim/apps/turn_client_app.h"
#include "sim/apps/turn_server_app.h"
#include "sim/state_index.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"
#include "sim/world.h"
#include "turn_fixture.h"

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

// An app that keeps what arrives (bob's end of the conversation).
struct Sink : App {
    std::vector<std::pair<net::TransportAddress, std::string>> got;
    void on_datagram(World&, const Received& d) override {
        got.emplace_back(d.remote, std::string(d.payload.begin(), d.payload.end()));
    }
};

net::ByteView text(const std::string& s) {
    return net::ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

net::Instant at_ms(std::int64_t ms) { return net::Instant{} + net::Duration::millis(ms); }

struct TurnRun {
    World world;
    std::uint32_t alice, bob;
    TurnClientApp* client = nullptr;
    Sink* sink = nullptr;

    explicit TurnRun(Scenario s) : world(s) {
        alice = *world.host_index("alice");
        bob = *world.host_index("bob");
        net::turn::ClientConfig cc;
        cc.server = kTurnServer;
        cc.username = "alice";
        cc.password = "s3cret";
        auto app = std::make_unique<TurnClientApp>(world, alice, 5000, "turn", cc);
        client = app.get();
        REQUIRE(world.bind(alice, 5000, world.add_app(std::move(app))));
        auto s2 = std::make_unique<Sink>();
        sink = s2.get();
        REQUIRE(world.bind(bob, 6000, world.add_app(std::move(s2))));
    }

    // The script of the lesson: allocate, bob knocks (dropped), permission, bob again
    // (relayed), alice answers through the relay.
    net::TransportAddress bob_public;
    void run_conversation() {
        client->start(world, world.now());
        world.run_until(at_ms(1000));
        REQUIRE(client->client().state() == net::turn::TurnClient::State::kAllocated);
        const net::TransportAddress relayed = *client->client().relayed_address();
        world.send(bob, 6000, relayed, text("knock knock"));
        world.run_until(at_ms(1500));
        const auto drops = find_kind(world.trace(), "turn.server.dropped");
        REQUIRE(drops.size() == 1);
        bob_public = *net::TransportAddress::parse(event_detail(world.trace(), drops[0])["peer"].get<std::string>());
        REQUIRE(client->create_permission(world, world.now(), bob_public.ip).ok());
        world.run_until(at_ms(2000));
        world.send(bob, 6000, relayed, text("knock knock"));
        world.run_until(at_ms(2500));
        REQUIRE(client->send_to(world, world.now(), bob_public, text("who's there?")).ok());
        world.run_until(at_ms(3000));
    }
};

}  // namespace

TEST_CASE("TURN through a symmetric NAT: dropped until permission, relayed after", "[sim][turn]") {
    TurnRun r(turn_world(*nat_preset("symmetric"), *nat_preset("port-restricted-cone")));
    r.run_conversation();
    const Trace& t = r.world.trace();
    const net::TransportAddress relayed = *r.client->client().relayed_address();
    CHECK(relayed.ip == kTurnServer.ip);
    CHECK(relayed.port >= 49152);
    CHECK(relayed.port <= 49160);

    // The allocation, step by step, with the documented kinds.
    for (const char* kind : {"turn.client.request", "turn.server.challenge", "turn.client.unauthorized",
                             "turn.server.allocation.created", "turn.client.allocated",
                             "turn.server.dropped", "turn.server.permission.installed",
                             "turn.client.permission", "turn.server.relayed", "turn.client.data"}) {
        CAPTURE(kind);
        CHECK_FALSE(find_kind(t, kind).empty());
    }
    const auto created = find_kind(t, "turn.server.allocation.created");
    REQUIRE(created.size() == 1);
    const auto cd = event_detail(t, created[0]);
    CHECK(cd["relayed"] == relayed.to_string());
    CHECK(cd["username"] == "alice");
    // The server saw alice's symmetric-NAT mapping, not her private address.
    const std::string client_seen = cd["client"];
    CHECK(client_seen.rfind("203.0.113.10:", 0) == 0);
    CHECK(event_lanes(t, created[0]) == nlohmann::json({"turn"}));
    CHECK(event_explain(t, created[0]).find("RFC 8656 §7.2") != std::string::npos);
    const auto allocated = find_kind(t, "turn.client.allocated");
    REQUIRE(allocated.size() == 1);
    CHECK(event_detail(t, allocated[0])["mapped"] == client_seen);
    CHECK(event_lanes(t, allocated[0]) == nlohmann::json({"alice.agent", "alice.app"}));

    // The first knock: dropped for want of a permission, with the reason and the RFC.
    const auto dropped = find_kind(t, "turn.server.dropped");
    REQUIRE(dropped.size() == 1);
    const auto dd = event_detail(t, dropped[0]);
    CHECK(dd["reason"] == "no permission");
    CHECK(dd["direction"] == "peer-to-client");
    CHECK(dd["peer"] == r.bob_public.to_string());
    CHECK(r.bob_public.ip.to_string() == "198.51.100.20");
    CHECK(event_explain(t, dropped[0]).find("RFC 8656 §9") != std::string::npos);

    // The second: relayed to alice, through her NAT.
    REQUIRE(r.client->received().size() == 1);
    CHECK(r.client->received()[0].first == r.bob_public);
    CHECK(std::string(r.client->received()[0].second.begin(), r.client->received()[0].second.end()) ==
          "knock knock");
    const auto data = find_kind(t, "turn.client.data");
    REQUIRE(data.size() == 1);
    CHECK(event_detail(t, data[0])["payload"] == "knock knock");
    // And alice's answer reaches bob from the relayed address: bob never learns alice's.
    REQUIRE(r.sink->got.size() == 1);
    CHECK(r.sink->got[0].first == relayed);
    CHECK(r.sink->got[0].second == "who's there?");
    const auto relays = find_kind(t, "turn.server.relayed");
    REQUIRE(relays.size() == 2);
    CHECK(event_detail(t, relays[0])["direction"] == "peer-to-client");
    CHECK(event_detail(t, relays[1])["direction"] == "client-to-peer");
    CHECK(event_detail(t, relays[1])["carrier"] == "Send indication");

    // The state document: the allocation with its permission, and alice's relayed address.
    StateIndex states(t);
    const auto state = states.state_after(static_cast<std::ptrdiff_t>(t.size()) - 1);
    const auto& alloc = state["servers"]["turn"]["turn"]["allocations"][relayed.to_string()];
    CHECK(alloc["client"] == client_seen);
    CHECK(alloc["relayed"] == relayed.to_string());
    CHECK(alloc["expires_us"].get<std::int64_t>() > 600000000);
    CHECK(alloc["permissions"].contains("198.51.100.20"));
    CHECK(alloc["channels"].empty());
    CHECK(state["hosts"]["alice"]["relayed"]["5000"] == relayed.to_string());
}

TEST_CASE("TURN Allocate traffic on the wire is genuine STUN with long-term integrity", "[sim][turn]") {
    TurnRun r(turn_world(*nat_preset("symmetric"), *nat_preset("port-restricted-cone")));
    r.run_conversation();
    const Trace& t = r.world.trace();
    const auto key = net::stun::IntegrityKey::long_term("alice", "rtclab.test", "s3cret");
    int authenticated = 0, responses = 0;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const Event& e = t.event(i);
        if (e.kind != EventKind::kPacket) continue;
        const PacketHop& hop = t.hop(e);
        if (hop.dst != kTurnServer && hop.src != kTurnServer) continue;
        const net::ByteView bytes = t.packet_bytes(hop.packet);
        if (!net::stun::looks_like_stun(bytes)) continue;
        auto m = net::stun::parse_message(bytes);
        REQUIRE(m.ok());
        if (m->method != net::stun::Method::kAllocate) continue;
        CHECK(net::stun::verify_fingerprint(*m) == net::stun::Verdict::kValid);
        if (m->cls == net::stun::MessageClass::kRequest && m->has(net::stun::attr::kMessageIntegrity)) {
            ++authenticated;
            CHECK(net::stun::verify_integrity(*m, &key) == net::stun::Verdict::kValid);
            CHECK(m->username() == "alice");
            CHECK(m->realm() == "rtclab.test");
        }
        if (m->cls == net::stun::MessageClass::kSuccessResponse) {
            ++responses;
            CHECK(net::stun::verify_integrity(*m, &key) == net::stun::Verdict::kValid);
            CHECK(m->xor_relayed_address() == r.client->client().relayed_address());
        }
    }
    // Each crosses the internet once and home-a once (the request on its way out, the answer
    // on its way in): counted per hop.
    CHECK(authenticated == 2);
    CHECK(responses == 2);
}

TEST_CASE("a NAT reboot orphans the allocation; the state loses it at expiry", "[sim][turn]") {
    TurnRun r(turn_world(*nat_preset("symmetric"), *nat_preset("port-restricted-cone")));
    r.run_conversation();
    const std::string relayed = r.client->client().relayed_address()->to_string();
    // nat-a forgets its mappings: alice's next packets leave from a new port, a new 5-tuple.
    r.world.reboot_nat(*r.world.nat_index("nat-a"));
    r.world.run_until(at_ms(700000));
    const Trace& t = r.world.trace();
    // Keepalives kept the mapping alive until the reboot; after it, alice's permission
    // refresh arrives on a new 5-tuple: a nonce issued to the old address is refused (438),
    // then there is no allocation for the new one (437), and alice gives up.
    CHECK_FALSE(find_kind(t, "turn.server.stale-nonce").empty());
    const auto rejected = find_kind(t, "turn.server.rejected");
    REQUIRE_FALSE(rejected.empty());
    CHECK(event_detail(t, rejected[0])["code"] == 437);
    const auto failed = find_kind(t, "turn.client.failed");
    REQUIRE(failed.size() == 1);
    CHECK(event_detail(t, failed[0])["code"] == 437);
    CHECK(r.client->client().state() == net::turn::TurnClient::State::kFailed);
    // The server keeps the orphan until its lifetime runs out, 600 s after it was made.
    const auto expired = find_kind(t, "turn.server.allocation.expired");
    REQUIRE(expired.size() == 1);
    CHECK(event_detail(t, expired[0])["relayed"] == relayed);
    CHECK(t.event(expired[0]).t_us >= 600000000);
    CHECK(t.event(expired[0]).t_us < 601000000);
    StateIndex states(t);
    const auto before = states.state_after(static_cast<std::ptrdiff_t>(expired[0]) - 1);
    const auto after = states.state_after(static_cast<std::ptrdiff_t>(expired[0]));
    CHECK(before["servers"]["turn"]["turn"]["allocations"].contains(relayed));
    CHECK(after["servers"]["turn"]["turn"]["allocations"].empty());
    CHECK_FALSE(after["hosts"]["alice"]["relayed"].contains("5000"));
    // Data to the dead relayed address is dropped, with the reason.
    r.world.send(r.bob, 6000, *net::TransportAddress::parse(relayed), text("still there?"));
    r.world.run_until(at_ms(701000));
    const auto drops = find_kind(r.world.trace(), "turn.server.dropped");
    CHECK(event_detail(r.world.trace(), drops.back())["reason"] == "no allocation");
}

TEST_CASE("a TURN server starts with the world for a host with a turn service", "[sim][turn]") {
    World w(turn_world(*nat_preset("full-cone"), *nat_preset("full-cone")));
    auto* app = dynamic_cast<TurnServerApp*>(w.app_on(*w.host_index("turn"), 3478));
    REQUIRE(app != nullptr);
    CHECK(app->server().config().listen == kTurnServer);
    CHECK(app->server().config().realm == "rtclab.test");
}

TEST_CASE("TURN runs are deterministic", "[sim][turn][determinism]") {
    const auto jsonl = [] {
        TurnRun r(turn_world(*nat_preset("symmetric"), *nat_preset("port-restricted-cone")));
        r.run_conversation();
        std::ostringstream out;
        write_trace_jsonl(r.world.trace(), out);
        return out.str();
    };
    CHECK(jsonl() == jsonl());
}
