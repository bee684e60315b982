// TurnServer on its own: every refusal RFC 8656 and RFC 8489 §9.2.4 prescribe, driven by
// hand-built requests, and garbage that must never crash it.
#include <catch2/catch.hpp>

#include "lockstep.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::turn;
using namespace rtclab::net::turn::testing;
using stun::MessageBuilder;
using stun::MessageClass;
using stun::Method;
namespace sev = rtclab::net::turn::server_event;

namespace {

// A hand-driven client: builds requests itself, so it can send what TurnClient never would.
struct Raw {
    explicit Raw(TurnServer& s) : server(s) {}

    TurnServer& server;
    TransportAddress from = kClient;
    std::string user = "alice";
    std::string realm = "rtclab.test";
    stun::IntegrityKey key = stun::IntegrityKey::long_term("alice", "rtclab.test", "s3cret");
    std::string nonce;
    Rng rng{9};
    Instant now{};
    std::vector<ServerTransmit> to_peers;
    std::vector<ServerEvent> events;

    MessageBuilder request(Method m) {
        return MessageBuilder(MessageClass::kRequest, m, stun::random_transaction_id(rng));
    }
    Bytes sign(MessageBuilder& b) {
        b.username(user).realm(realm).nonce(nonce);
        return b.finish(&key, true);
    }
    // Sends bytes; returns the response to this client, if any.
    std::optional<stun::Message> send(const Bytes& bytes) {
        server.handle_client_datagram(now, from, bytes);
        std::optional<stun::Message> answer;
        while (auto t = server.poll_transmit()) {
            if (t->from == server.config().listen && t->to == from) {
                auto m = stun::parse_message(t->bytes);
                REQUIRE(m.ok());
                answer = *m;
            } else {
                to_peers.push_back(*t);
            }
        }
        while (auto e = server.poll_event()) events.push_back(std::move(*e));
        return answer;
    }
    stun::Message ask(const Bytes& bytes) {
        auto m = send(bytes);
        REQUIRE(m.has_value());
        return *m;
    }
    void learn_nonce() {
        auto b = request(Method::kAllocate);
        const stun::Message m = ask(b.requested_transport().finish());
        REQUIRE(m.error_code()->first == 401);
        nonce = *m.nonce();
    }
    stun::Message allocate() {
        if (nonce.empty()) learn_nonce();
        auto b = request(Method::kAllocate);
        b.requested_transport();
        const stun::Message m = ask(sign(b));
        REQUIRE(m.cls == MessageClass::kSuccessResponse);
        return m;
    }
};

int code_of(const stun::Message& m) {
    REQUIRE(m.cls == MessageClass::kErrorResponse);
    return m.error_code()->first;
}

}  // namespace

TEST_CASE("a TURN server answers Binding requests without credentials", "[turn][server]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    auto b = c.request(Method::kBinding);
    const stun::Message m = c.ask(b.finish());
    CHECK(m.cls == MessageClass::kSuccessResponse);
    CHECK(m.xor_mapped_address() == kClient);
}

TEST_CASE("long-term credentials, RFC 8489 §9.2.4 in order", "[turn][server][auth]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    SECTION("no MESSAGE-INTEGRITY: 401 with REALM and NONCE, unsigned") {
        auto b = c.request(Method::kAllocate);
        const stun::Message m = c.ask(b.requested_transport().finish());
        CHECK(code_of(m) == 401);
        CHECK(m.realm() == "rtclab.test");
        CHECK(m.nonce().has_value());
        CHECK_FALSE(m.has(stun::attr::kMessageIntegrity));
        CHECK(stun::verify_fingerprint(m) == stun::Verdict::kValid);
        CHECK(m.software() == "rtclab turn");
    }
    SECTION("MESSAGE-INTEGRITY without NONCE: 400") {
        auto b = c.request(Method::kAllocate);
        b.requested_transport().username("alice").realm("rtclab.test");
        const stun::Message m = c.ask(b.finish(&c.key));
        CHECK(code_of(m) == 400);
        REQUIRE(std::holds_alternative<sev::Rejected>(c.events.back()));
        CHECK(std::get<sev::Rejected>(c.events.back()).why.find("without NONCE") != std::string::npos);
    }
    SECTION("unknown user, wrong realm, wrong password: 401") {
        c.learn_nonce();
        for (int variant = 0; variant < 3; ++variant) {
            Raw bad(s);
            bad.nonce = c.nonce;
            if (variant == 0) bad.user = "eve";
            if (variant == 1) bad.realm = "elsewhere";
            if (variant == 2) bad.key = stun::IntegrityKey::long_term("alice", "rtclab.test", "nope");
            auto b = bad.request(Method::kAllocate);
            b.requested_transport();
            const stun::Message m = bad.ask(bad.sign(b));
            CAPTURE(variant);
            CHECK(code_of(m) == 401);
            CHECK(m.nonce().has_value());
            CHECK_FALSE(m.has(stun::attr::kMessageIntegrity));
        }
        CHECK(s.allocations().empty());
    }
    SECTION("a nonce the server never issued, or issued to another client: 438") {
        c.learn_nonce();
        Raw other(s);
        other.from = addr("198.51.100.99:1234");
        other.nonce = c.nonce;  // stolen from c
        auto b = other.request(Method::kAllocate);
        b.requested_transport();
        const stun::Message m = other.ask(other.sign(b));
        CHECK(code_of(m) == 438);
        CHECK(m.nonce() != c.nonce);
        CHECK(stun::verify_integrity(m, &other.key) == stun::Verdict::kValid);
        other.nonce = "0123456789012345678901234567890123456789";
        auto b2 = other.request(Method::kAllocate);
        b2.requested_transport();
        CHECK(code_of(other.ask(other.sign(b2))) == 438);
    }
}

TEST_CASE("Allocate refusals: 437, 400, 442, 440, 508 (RFC 8656 §7.2)", "[turn][server][allocate]") {
    ServerConfig sc = server_config();
    TurnServer s(sc, Rng(1));
    Raw c(s);
    c.learn_nonce();
    SECTION("no REQUESTED-TRANSPORT: 400") {
        auto b = c.request(Method::kAllocate);
        CHECK(code_of(c.ask(c.sign(b))) == 400);
    }
    SECTION("TCP: 442 Unsupported Transport Protocol") {
        auto b = c.request(Method::kAllocate);
        b.requested_transport(6);
        const stun::Message m = c.ask(c.sign(b));
        CHECK(code_of(m) == 442);
        // Once authenticated, errors are signed too.
        CHECK(stun::verify_integrity(m, &c.key) == stun::Verdict::kValid);
    }
    SECTION("IPv6 relayed address from an IPv4 relay: 440") {
        auto b = c.request(Method::kAllocate);
        b.requested_transport().requested_address_family(Family::kIpv6);
        CHECK(code_of(c.ask(c.sign(b))) == 440);
    }
    SECTION("RESERVATION-TOKEN: 508, and with EVEN-PORT 400") {
        auto b = c.request(Method::kAllocate);
        b.requested_transport().reservation_token(42);
        CHECK(code_of(c.ask(c.sign(b))) == 508);
        auto b2 = c.request(Method::kAllocate);
        b2.requested_transport().reservation_token(42).even_port(false);
        CHECK(code_of(c.ask(c.sign(b2))) == 400);
    }
    SECTION("EVEN-PORT: an even port; with R set, 508") {
        auto b = c.request(Method::kAllocate);
        b.requested_transport().even_port(true);
        CHECK(code_of(c.ask(c.sign(b))) == 508);
        auto b2 = c.request(Method::kAllocate);
        b2.requested_transport().even_port(false);
        const stun::Message m = c.ask(c.sign(b2));
        REQUIRE(m.cls == MessageClass::kSuccessResponse);
        CHECK(m.xor_relayed_address()->port % 2 == 0);
    }
    SECTION("the same 5-tuple twice: 437") {
        c.allocate();
        auto b = c.request(Method::kAllocate);
        b.requested_transport();
        const stun::Message m = c.ask(c.sign(b));
        CHECK(code_of(m) == 437);
        CHECK(s.allocations().size() == 1);
    }
    SECTION("unknown comprehension-required attribute: 420 listing it") {
        auto b = c.request(Method::kAllocate);
        const std::uint8_t v[4] = {1, 2, 3, 4};
        b.requested_transport().attribute(0x7777, v);
        const stun::Message m = c.ask(c.sign(b));
        CHECK(code_of(m) == 420);
        CHECK(m.unknown_attributes() == std::vector<std::uint16_t>{0x7777});
    }
}

TEST_CASE("lifetimes: at least the default, at most the maximum; Refresh 0 deletes", "[turn][server][lifetime]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    c.learn_nonce();
    auto b = c.request(Method::kAllocate);
    b.requested_transport().lifetime(30);  // below the default: the default (RFC 8656 §7.2)
    const stun::Message m = c.ask(c.sign(b));
    CHECK(m.lifetime() == 600u);
    auto r = c.request(Method::kRefresh);
    r.lifetime(100000);
    CHECK(c.ask(c.sign(r)).lifetime() == 3600u);
    CHECK(s.allocation_for_client(kClient)->expires == c.now + Duration::seconds(3600));
    auto r2 = c.request(Method::kRefresh);
    r2.lifetime(0);
    const stun::Message gone = c.ask(c.sign(r2));
    CHECK(gone.cls == MessageClass::kSuccessResponse);
    CHECK(gone.lifetime() == 0u);
    CHECK(s.allocations().empty());
    auto r3 = c.request(Method::kRefresh);
    CHECK(code_of(c.ask(c.sign(r3))) == 437);
}

TEST_CASE("requests other than Allocate need an allocation (437) and its username (441)", "[turn][server]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    c.learn_nonce();
    for (Method m : {Method::kRefresh, Method::kCreatePermission, Method::kChannelBind}) {
        auto b = c.request(m);
        if (m != Method::kRefresh) b.xor_peer_address(kPeer);
        if (m == Method::kChannelBind) b.channel_number(0x4000);
        CHECK(code_of(c.ask(c.sign(b))) == 437);
    }
    c.allocate();
    c.user = "bob";
    c.key = stun::IntegrityKey::long_term("bob", "rtclab.test", "hunter2");
    auto b = c.request(Method::kCreatePermission);
    b.xor_peer_address(kPeer);
    CHECK(code_of(c.ask(c.sign(b))) == 441);
}

TEST_CASE("CreatePermission refusals: 400, 443, 403", "[turn][server][permission]") {
    ServerConfig sc = server_config();
    sc.forbidden_peers.push_back(*Cidr::parse("10.0.0.0/8"));
    TurnServer s(sc, Rng(1));
    Raw c(s);
    c.allocate();
    auto none = c.request(Method::kCreatePermission);
    CHECK(code_of(c.ask(c.sign(none))) == 400);
    auto v6 = c.request(Method::kCreatePermission);
    v6.xor_peer_address(addr("[2001:db8::1]:5"));
    CHECK(code_of(c.ask(c.sign(v6))) == 443);
    auto forbidden = c.request(Method::kCreatePermission);
    forbidden.xor_peer_address(kPeer).xor_peer_address(addr("10.1.2.3:4"));
    CHECK(code_of(c.ask(c.sign(forbidden))) == 403);
    // All or nothing: the allowed peer in the refused request got no permission.
    CHECK(s.allocation_for_client(kClient)->permissions.empty());
    auto two = c.request(Method::kCreatePermission);
    two.xor_peer_address(kPeer).xor_peer_address(addr("192.0.2.77:0"));
    CHECK(c.ask(c.sign(two)).cls == MessageClass::kSuccessResponse);
    CHECK(s.allocation_for_client(kClient)->permissions.size() == 2);
}

TEST_CASE("ChannelBind: the channel number range and one-to-one rules (RFC 8656 §12.2)", "[turn][server][channel]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    c.allocate();
    const auto bind = [&](std::uint16_t channel, const TransportAddress& peer) {
        auto b = c.request(Method::kChannelBind);
        b.channel_number(channel).xor_peer_address(peer);
        return c.ask(c.sign(b));
    };
    for (std::uint16_t bad : {0x0000, 0x3FFF, 0x5000, 0x7FFF, 0xFFFF}) {
        CAPTURE(bad);
        CHECK(code_of(bind(bad, kPeer)) == 400);
    }
    REQUIRE(std::holds_alternative<sev::Rejected>(c.events.back()));
    CHECK(std::get<sev::Rejected>(c.events.back()).why.find("outside 0x4000-0x4FFF") != std::string::npos);
    CHECK(bind(0x4000, kPeer).cls == MessageClass::kSuccessResponse);
    CHECK(bind(0x4FFF, addr("192.0.2.51:1")).cls == MessageClass::kSuccessResponse);
    CHECK(code_of(bind(0x4000, addr("192.0.2.50:6001"))) == 400);  // channel taken by another peer
    CHECK(code_of(bind(0x4001, kPeer)) == 400);                    // peer bound to another channel
    CHECK(bind(0x4000, kPeer).cls == MessageClass::kSuccessResponse);  // the same pair: a refresh
    auto missing = c.request(Method::kChannelBind);
    missing.channel_number(0x4002);
    CHECK(code_of(c.ask(c.sign(missing))) == 400);
    const Allocation* a = s.allocation_for_client(kClient);
    CHECK(a->channels.size() == 2);
    CHECK(a->has_permission(kPeer.ip, c.now));

    // ChannelData on an unbound channel, and on a reserved number, is dropped.
    c.send(encode_channel_data(0x4444, bytes_of("x")));
    CHECK(std::get<sev::Dropped>(c.events.back()).reason == DropReason::kChannelNotBound);
    Bytes reserved = encode_channel_data(0x4000, bytes_of("x"));
    reserved[0] = 0x50;  // 0x5000: reserved, and its first byte is not ChannelData's (RFC 7983)
    c.send(reserved);
    CHECK(std::get<sev::Dropped>(c.events.back()).reason == DropReason::kNotTurn);
    c.send(encode_channel_data(0x4000, bytes_of("hello")));
    REQUIRE(c.to_peers.size() == 1);
    CHECK(c.to_peers[0].to == kPeer);
}

TEST_CASE("Send indications: discarded without allocation, attributes or permission", "[turn][server][send]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    const auto send = [&](bool peer, bool data, const TransportAddress& to) {
        MessageBuilder b(MessageClass::kIndication, Method::kSend, stun::random_transaction_id(c.rng));
        if (peer) b.xor_peer_address(to);
        if (data) b.data(bytes_of("payload"));
        CHECK_FALSE(c.send(b.finish()).has_value());  // indications get no answer
    };
    send(true, true, kPeer);
    CHECK(std::get<sev::Dropped>(c.events.back()).reason == DropReason::kNoAllocation);
    c.allocate();
    send(false, true, kPeer);
    CHECK(std::get<sev::Dropped>(c.events.back()).reason == DropReason::kBadIndication);
    send(true, false, kPeer);
    CHECK(std::get<sev::Dropped>(c.events.back()).reason == DropReason::kBadIndication);
    send(true, true, kPeer);
    REQUIRE(std::holds_alternative<sev::DroppedNoPermission>(c.events.back()));
    CHECK(std::get<sev::DroppedNoPermission>(c.events.back()).direction == Direction::kClientToPeer);
    CHECK(c.to_peers.empty());
    auto p = c.request(Method::kCreatePermission);
    p.xor_peer_address(kPeer);
    c.ask(c.sign(p));
    send(true, true, addr("192.0.2.50:9"));  // any port of a permitted IP
    REQUIRE(c.to_peers.size() == 1);
    CHECK(c.to_peers[0].to == addr("192.0.2.50:9"));
    CHECK(c.to_peers[0].bytes == bytes_of("payload"));
}

TEST_CASE("garbage never crashes the server or the client", "[turn][server][client][fuzz]") {
    TurnServer s(server_config(), Rng(1));
    Raw c(s);
    const stun::Message alloc = c.allocate();
    const TransportAddress relayed = *alloc.xor_relayed_address();
    auto p = c.request(Method::kCreatePermission);
    p.xor_peer_address(kPeer);
    c.ask(c.sign(p));
    // Valid messages to mutate: requests of every kind, indications, ChannelData.
    std::vector<Bytes> seeds;
    {
        auto b = c.request(Method::kChannelBind);
        b.channel_number(0x4000).xor_peer_address(kPeer);
        seeds.push_back(c.sign(b));
        auto r = c.request(Method::kRefresh);
        r.lifetime(600);
        seeds.push_back(c.sign(r));
        auto a = c.request(Method::kAllocate);
        a.requested_transport().even_port(false).dont_fragment();
        seeds.push_back(c.sign(a));
        seeds.push_back(MessageBuilder(MessageClass::kIndication, Method::kSend, stun::random_transaction_id(c.rng))
                            .xor_peer_address(kPeer)
                            .data(bytes_of("data"))
                            .finish());
        seeds.push_back(encode_channel_data(0x4000, bytes_of("channel data")));
    }
    TurnClient client(client_config(), Rng(3));
    client.start(Instant{});
    while (client.poll_transmit()) {
    }
    Rng rng(77);
    for (int i = 0; i < 30000; ++i) {
        Bytes b;
        if (rng.chance(0.3)) {
            b.resize(rng.below(120));
            rng.fill(b);
        } else {
            b = seeds[rng.below(seeds.size())];
            const int flips = 1 + static_cast<int>(rng.below(4));
            for (int f = 0; f < flips && !b.empty(); ++f) {
                b[rng.below(b.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
            }
            if (rng.chance(0.1)) b.resize(rng.below(b.size() + 1));
        }
        c.now = c.now + Duration::millis(1);
        s.handle_client_datagram(c.now, rng.chance(0.5) ? kClient : addr("198.51.100.1:1"), b);
        s.handle_peer_datagram(c.now, rng.chance(0.5) ? relayed.port : static_cast<std::uint16_t>(rng.next_u32()),
                               kPeer, b);
        client.handle_datagram(c.now, kServer, b);
        while (s.poll_transmit()) {
        }
        while (s.poll_event()) {
        }
        while (client.poll_transmit()) {
        }
        while (client.poll_event()) {
        }
        if (i % 1000 == 0) {
            s.handle_timeout(c.now);
            client.handle_timeout(c.now);
        }
    }
    SUCCEED("no crash, no sanitizer report");
}
