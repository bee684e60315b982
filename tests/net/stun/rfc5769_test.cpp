// RFC 5769 test vectors: parse, verify MESSAGE-INTEGRITY and FINGERPRINT, rebuild.
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/stun/rfc5769_vectors.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;
namespace v = rtclab::test::rfc5769;

namespace {

Bytes hex(std::string_view text) {
    return parse_hex(text).value();
}

const TransactionId kVectorId = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                                 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

}  // namespace

TEST_CASE("RFC 5769 §2.1 sample request parses and verifies", "[stun][rfc5769]") {
    const Bytes raw = hex(v::kRequest);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(m->cls == MessageClass::kRequest);
    CHECK(m->method == Method::kBinding);
    CHECK(m->transaction_id == kVectorId);
    CHECK(m->length() == 0x58);
    CHECK(m->software() == "STUN test client");
    CHECK(m->priority() == 0x6e0001ffu);
    CHECK(m->ice_controlled() == 0x932ff9b151263b36ull);
    CHECK(m->username() == "evtj:h6vY");
    CHECK(m->unknown_comprehension_required().empty());
    REQUIRE(m->attributes().size() == 6);
    CHECK(m->attributes()[3].type == attr::kUsername);
    CHECK(m->attributes()[3].offset == 60);  // 20 + SOFTWARE 20 + PRIORITY 8 + ICE-CONTROLLED 12

    const auto key = IntegrityKey::short_term(v::kShortTermPassword);
    const auto wrong = IntegrityKey::short_term("VOkJxbRl1RmTxUk/WvJxBu");
    CHECK(verify_integrity(*m, raw, &key) == Verdict::kValid);
    CHECK(verify_integrity(*m, raw, &wrong) == Verdict::kInvalid);
    CHECK(verify_integrity(*m, raw, nullptr) == Verdict::kUnverified);
    CHECK(verify_integrity_sha256(*m, raw, &key) == Verdict::kAbsent);
    CHECK(verify_fingerprint(*m, raw) == Verdict::kValid);
    CHECK(*m->fingerprint() == 0xe57a3bcfu);
}

TEST_CASE("RFC 5769 §2.1 rebuilds byte for byte with space padding", "[stun][rfc5769]") {
    const Bytes raw = hex(v::kRequest);
    const auto key = IntegrityKey::short_term(v::kShortTermPassword);
    auto build = [&](std::uint8_t padding) {
        return MessageBuilder(MessageClass::kRequest, Method::kBinding, kVectorId)
            .padding_byte(padding)
            .software("STUN test client")
            .priority(0x6e0001ff)
            .ice_controlled(0x932ff9b151263b36ull)
            .username("evtj:h6vY")
            .finish(&key, true);
    };
    // The vector pads USERNAME with 0x20 (RFC 5389 allowed any padding).
    CHECK(to_hex(build(0x20)) == to_hex(raw));

    // Our default follows RFC 8489 §14 (zero padding): only the three padding bytes and
    // therefore the HMAC and CRC differ, and the result verifies just the same.
    const Bytes zero = build(0x00);
    REQUIRE(zero.size() == raw.size());
    std::vector<std::size_t> differing;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (zero[i] != raw[i]) differing.push_back(i);
    }
    REQUIRE_FALSE(differing.empty());
    for (std::size_t i : differing) {
        const bool padding = i >= 73 && i < 76;           // after "evtj:h6vY" at 64..72
        const bool integrity_value = i >= 80 && i < 100;  // MESSAGE-INTEGRITY at 76
        const bool fingerprint_value = i >= 104;          // FINGERPRINT at 100
        CHECK((padding || integrity_value || fingerprint_value));
    }
    auto m = parse_message(zero);
    REQUIRE(m.ok());
    CHECK(verify_integrity(*m, zero, &key) == Verdict::kValid);
    CHECK(verify_fingerprint(*m, zero) == Verdict::kValid);
}

TEST_CASE("RFC 5769 §2.2 IPv4 response", "[stun][rfc5769]") {
    const Bytes raw = hex(v::kIpv4Response);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(m->cls == MessageClass::kSuccessResponse);
    CHECK(m->method == Method::kBinding);
    CHECK(m->software() == "test vector");
    REQUIRE(m->xor_mapped_address().has_value());
    CHECK(m->xor_mapped_address()->to_string() == "192.0.2.1:32853");
    const auto key = IntegrityKey::short_term(v::kShortTermPassword);
    CHECK(verify_integrity(*m, raw, &key) == Verdict::kValid);
    CHECK(verify_fingerprint(*m, raw) == Verdict::kValid);

    const Bytes rebuilt =
        MessageBuilder(MessageClass::kSuccessResponse, Method::kBinding, kVectorId)
            .padding_byte(0x20)
            .software("test vector")
            .xor_mapped_address(*TransportAddress::parse("192.0.2.1:32853"))
            .finish(&key);
    CHECK(to_hex(rebuilt) == to_hex(raw));
}

TEST_CASE("RFC 5769 §2.3 IPv6 response", "[stun][rfc5769]") {
    const Bytes raw = hex(v::kIpv6Response);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    REQUIRE(m->xor_mapped_address().has_value());
    CHECK(m->xor_mapped_address()->to_string() == "[2001:db8:1234:5678:11:2233:4455:6677]:32853");
    const auto key = IntegrityKey::short_term(v::kShortTermPassword);
    CHECK(verify_integrity(*m, raw, &key) == Verdict::kValid);
    CHECK(verify_fingerprint(*m, raw) == Verdict::kValid);

    const auto mapped = *TransportAddress::parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853");
    const Bytes rebuilt =
        MessageBuilder(MessageClass::kSuccessResponse, Method::kBinding, kVectorId)
            .padding_byte(0x20)
            .software("test vector")
            .xor_mapped_address(mapped)
            .finish(&key);
    CHECK(to_hex(rebuilt) == to_hex(raw));
}

TEST_CASE("RFC 5769 §2.4 request with long-term authentication", "[stun][rfc5769]") {
    const Bytes raw = hex(v::kLongTermRequest);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(m->username() == std::string(v::kLongTermUsername));
    CHECK(m->nonce() == std::string(v::kLongTermNonce));
    CHECK(m->realm() == std::string(v::kLongTermRealm));
    CHECK(verify_fingerprint(*m, raw) == Verdict::kAbsent);

    // The password after SASLprep is plain ASCII, so the key is the plain MD5 of
    // "<username>:example.org:TheMatrIX".
    const auto key =
        IntegrityKey::long_term(v::kLongTermUsername, v::kLongTermRealm, v::kLongTermPassword);
    CHECK(key.bytes().size() == 16);
    CHECK(verify_integrity(*m, raw, &key) == Verdict::kValid);
    const auto lower =
        IntegrityKey::long_term(v::kLongTermUsername, v::kLongTermRealm, "thematrix");
    CHECK(verify_integrity(*m, raw, &lower) == Verdict::kInvalid);

    // The vector pads with zeros, as RFC 8489 says, so our default rebuilds it exactly.
    const TransactionId id = {0x78, 0xad, 0x34, 0x33, 0xc6, 0xad,
                              0x72, 0xc0, 0x29, 0xda, 0x41, 0x2e};
    const Bytes rebuilt = MessageBuilder(MessageClass::kRequest, Method::kBinding, id)
                              .username(v::kLongTermUsername)
                              .nonce(v::kLongTermNonce)
                              .realm(v::kLongTermRealm)
                              .finish(&key, false);
    CHECK(to_hex(rebuilt) == to_hex(raw));
}
