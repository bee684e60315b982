// Every attribute the builder writes parses back to the same value.
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

namespace {

TransportAddress addr(std::string_view text) {
    return *TransportAddress::parse(text);
}

const TransactionId kId = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

}  // namespace

TEST_CASE("every attribute round-trips through builder and parser", "[stun]") {
    const std::array<std::uint8_t, 32> hash = compute_userhash("user", "example.org");
    const std::vector<PasswordAlgorithm> algorithms = {
        {kPasswordAlgorithmMd5, {}}, {kPasswordAlgorithmSha256, {}}, {0x1234, {0xaa, 0xbb, 0xcc}}};
    const std::vector<std::uint16_t> unknown = {0x0030, 0x8031, 0x0007};
    const Bytes payload = {0xde, 0xad, 0xbe, 0xef, 0x01};

    for (const char* family : {"v4", "v6"}) {
        const bool v4 = std::string_view(family) == "v4";
        const auto a1 = addr(v4 ? "203.0.113.10:5000" : "[2001:db8::10]:5000");
        const auto a2 = addr(v4 ? "198.51.100.1:49152" : "[2001:db8:ffff::1]:49152");
        const auto a3 = addr(v4 ? "192.0.2.7:3478" : "[::1]:3478");
        const auto a4 = addr(v4 ? "10.0.0.1:1" : "[fe80::1:2:3:4]:65535");
        const auto a5 = addr(v4 ? "255.255.255.255:0" : "[::ffff:192.0.2.9]:9");
        const auto a6 = addr(v4 ? "0.0.0.0:65535" : "[::]:1");

        const Bytes raw = MessageBuilder(MessageClass::kSuccessResponse, Method::kAllocate, kId)
                              .mapped_address(a1)
                              .xor_mapped_address(a2)
                              .username("user")
                              .userhash(hash)
                              .realm("example.org")
                              .nonce("obMatJos2AAABbbbccc")
                              .password_algorithms(algorithms)
                              .password_algorithm(algorithms[1])
                              .unknown_attributes(unknown)
                              .software("rtclab 0.1")
                              .alternate_server(a3)
                              .alternate_domain("turn.example.org")
                              .priority(0x6e0001ff)
                              .use_candidate()
                              .ice_controlled(0x0102030405060708ull)
                              .ice_controlling(0xfffffffffffffffeull)
                              .channel_number(0x4001)
                              .lifetime(600)
                              .xor_peer_address(a4)
                              .xor_peer_address(a5)
                              .data(payload)
                              .xor_relayed_address(a6)
                              .requested_transport()
                              .dont_fragment()
                              .even_port(true)
                              .reservation_token(0x1122334455667788ull)
                              .requested_address_family(v4 ? Family::kIpv4 : Family::kIpv6)
                              .error_code(438)
                              .finish();
        CAPTURE(family, to_hex(raw));
        REQUIRE(looks_like_stun(raw));
        auto m = parse_message(raw);
        REQUIRE(m.ok());
        CHECK(m->cls == MessageClass::kSuccessResponse);
        CHECK(m->method == Method::kAllocate);
        CHECK(m->transaction_id == kId);
        CHECK(m->mapped_address() == a1);
        CHECK(m->xor_mapped_address() == a2);
        CHECK(m->username() == "user");
        CHECK(m->userhash() == hash);
        CHECK(m->realm() == "example.org");
        CHECK(m->nonce() == "obMatJos2AAABbbbccc");
        CHECK(m->password_algorithms() == algorithms);
        CHECK(m->password_algorithm() == algorithms[1]);
        CHECK(m->unknown_attributes() == unknown);
        CHECK(m->software() == "rtclab 0.1");
        CHECK(m->alternate_server() == a3);
        CHECK(m->alternate_domain() == "turn.example.org");
        CHECK(m->priority() == 0x6e0001ffu);
        CHECK(m->use_candidate());
        CHECK(m->ice_controlled() == 0x0102030405060708ull);
        CHECK(m->ice_controlling() == 0xfffffffffffffffeull);
        CHECK(m->channel_number() == 0x4001);
        CHECK(m->lifetime() == 600u);
        CHECK(m->xor_peer_address() == a4);
        CHECK(m->xor_peer_addresses() == std::vector<TransportAddress>{a4, a5});
        REQUIRE(m->data().has_value());
        CHECK(Bytes(m->data()->begin(), m->data()->end()) == payload);
        CHECK(m->xor_relayed_address() == a6);
        CHECK(m->requested_transport() == 17);
        CHECK(m->dont_fragment());
        CHECK(m->even_port() == true);
        CHECK(m->reservation_token() == 0x1122334455667788ull);
        CHECK(m->requested_address_family() == (v4 ? Family::kIpv4 : Family::kIpv6));
        CHECK(m->error_code() == std::pair<int, std::string>(438, "Stale Nonce"));
        CHECK(m->fingerprint().has_value());
        CHECK(verify_fingerprint(*m) == Verdict::kValid);
        CHECK(verify_integrity(*m, nullptr) == Verdict::kAbsent);
        // Every attribute is 4-byte aligned and the length field is right.
        for (const Attribute& a : m->attributes())
            CHECK(a.offset % 4 == 0);
        CHECK(m->length() + 20u == raw.size());
        // The codec knows every one of them.
        CHECK(m->unknown_comprehension_required().empty());
    }
}

TEST_CASE("absent attributes give nullopt", "[stun]") {
    const Bytes raw =
        MessageBuilder(MessageClass::kRequest, Method::kBinding, kId).finish(nullptr, false);
    CHECK(raw.size() == 20);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(m->attributes().empty());
    CHECK_FALSE(m->xor_mapped_address());
    CHECK_FALSE(m->username());
    CHECK_FALSE(m->error_code());
    CHECK_FALSE(m->use_candidate());
    CHECK_FALSE(m->even_port());
    CHECK(m->find(attr::kPriority) == nullptr);
    CHECK(verify_fingerprint(*m) == Verdict::kAbsent);
}

TEST_CASE("error codes carry class and number separately", "[stun]") {
    for (int code : {300, 401, 420, 438, 487, 508, 699}) {
        const Bytes raw = MessageBuilder(MessageClass::kErrorResponse, Method::kBinding, kId)
                              .error_code(code, "why")
                              .finish();
        auto m = parse_message(raw);
        REQUIRE(m.ok());
        CHECK(m->error_code() == std::pair<int, std::string>(code, "why"));
        CHECK(raw[20 + 4 + 2] == code / 100);
        CHECK(raw[20 + 4 + 3] == code % 100);
    }
    CHECK(reason_phrase(401) == "Unauthenticated");
    CHECK(reason_phrase(437) == "Allocation Mismatch");
    CHECK(reason_phrase(599).empty());
}

TEST_CASE("unknown attributes are kept; comprehension-required ones are reported", "[stun]") {
    const Bytes raw = MessageBuilder(MessageClass::kRequest, Method::kBinding, kId)
                          .attribute(0x8030, Bytes{1, 2, 3})
                          .attribute(0x0030, Bytes{})
                          .attribute(0x7777, Bytes{9, 9, 9, 9, 9})
                          .finish();
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(m->unknown_comprehension_required() == std::vector<std::uint16_t>{0x0030, 0x7777});
    REQUIRE(m->find(0x8030) != nullptr);
    CHECK(to_hex(m->find(0x8030)->value) == "010203");
    CHECK(m->find_all(0x7777).size() == 1);
}

TEST_CASE("unknown methods are kept", "[stun]") {
    const Bytes raw =
        MessageBuilder(MessageClass::kIndication, static_cast<Method>(0xabc), kId).finish();
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(static_cast<unsigned>(m->method) == 0xabc);
    CHECK(m->cls == MessageClass::kIndication);
}

TEST_CASE("a copied message keeps valid attribute views", "[stun]") {
    Bytes raw = MessageBuilder(MessageClass::kRequest, Method::kBinding, kId)
                    .username("alice:bob")
                    .finish();
    std::optional<Message> copy;
    {
        auto m = parse_message(raw);
        REQUIRE(m.ok());
        copy = *m;  // the original goes out of scope
    }
    raw.assign(raw.size(), 0);  // and the input bytes are gone too
    CHECK(copy->username() == "alice:bob");
    CHECK(verify_fingerprint(*copy) == Verdict::kValid);
    Message assigned;
    assigned = *copy;
    CHECK(assigned.username() == "alice:bob");
    CHECK(assigned.raw().data() != copy->raw().data());
}
