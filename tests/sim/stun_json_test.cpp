// stun_to_json(): the JSON shape of `rtclab decode` and of packet details in traces.
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/stun/rfc5769_vectors.h"
#include "net/stun/stun.h"
#include "sim/stun_json.h"

using namespace rtclab;
using namespace rtclab::net;
using namespace rtclab::net::stun;
using json = nlohmann::ordered_json;

namespace {

json decode(const Bytes& raw, const IntegrityKey* key = nullptr) {
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    return sim::stun_to_json(*m, raw, key);
}

const TransactionId kId = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

}  // namespace

TEST_CASE("stun_to_json: the RFC 5769 request, exactly", "[sim][stun_json]") {
    const Bytes raw = parse_hex(test::rfc5769::kRequest).value();
    const auto key = IntegrityKey::short_term(test::rfc5769::kShortTermPassword);
    const json expected = json::parse(R"({
        "protocol": "stun",
        "class": "request",
        "method": "binding",
        "transaction_id": "b7e7a701bc34d686fa87dfae",
        "length": 88,
        "attributes": [
            {"type": "SOFTWARE", "value": "STUN test client"},
            {"type": "PRIORITY", "value": 1845494271},
            {"type": "ICE-CONTROLLED", "value": 10605970187446795062},
            {"type": "USERNAME", "value": "evtj:h6vY"},
            {"type": "MESSAGE-INTEGRITY", "value": "9aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a2"},
            {"type": "FINGERPRINT", "value": "e57a3bcf"}
        ],
        "message_integrity": "valid",
        "message_integrity_sha256": "absent",
        "fingerprint": "valid"
    })");
    CHECK(decode(raw, &key).dump(2) == expected.dump(2));
    // Key order is part of the shape.
    const json plain = decode(raw);
    std::vector<std::string> keys;
    for (const auto& [k, v] : plain.items())
        keys.push_back(k);
    CHECK(keys == std::vector<std::string>{"protocol", "class", "method", "transaction_id",
                                           "length", "attributes", "message_integrity",
                                           "message_integrity_sha256", "fingerprint"});
    // Without a key the integrity is unverified; with a wrong one invalid.
    CHECK(decode(raw)["message_integrity"] == "unverified");
    const auto wrong = IntegrityKey::short_term("nope");
    CHECK(decode(raw, &wrong)["message_integrity"] == "invalid");
}

TEST_CASE("stun_to_json: addresses, error codes and the TURN attributes", "[sim][stun_json]") {
    const Bytes v6 = parse_hex(test::rfc5769::kIpv6Response).value();
    const json j6 = decode(v6);
    CHECK(j6["class"] == "success_response");
    CHECK(j6["attributes"][1] == json({{"type", "XOR-MAPPED-ADDRESS"},
                                       {"value", "[2001:db8:1234:5678:11:2233:4455:6677]:32853"}}));

    const std::vector<PasswordAlgorithm> algorithms = {{kPasswordAlgorithmMd5, {}},
                                                       {kPasswordAlgorithmSha256, {}}};
    const std::vector<std::uint16_t> unknown = {0x0030, attr::kPriority};
    const Bytes raw = MessageBuilder(MessageClass::kErrorResponse, Method::kAllocate, kId)
                          .error_code(401, "Unauthorized")
                          .realm("example.org")
                          .nonce("abc")
                          .password_algorithms(algorithms)
                          .unknown_attributes(unknown)
                          .mapped_address(*TransportAddress::parse("192.0.2.1:1"))
                          .xor_relayed_address(*TransportAddress::parse("198.51.100.2:49152"))
                          .xor_peer_address(*TransportAddress::parse("[2001:db8::9]:7"))
                          .lifetime(600)
                          .channel_number(0x4001)
                          .requested_transport()
                          .dont_fragment()
                          .use_candidate()
                          .even_port(true)
                          .reservation_token(0x0102030405060708ull)
                          .requested_address_family(Family::kIpv6)
                          .data(Bytes{0xca, 0xfe})
                          .password_algorithm({0x0003, {0x01}})
                          .attribute(0x8030, Bytes{0xab})
                          .finish();
    const json j = decode(raw);
    CHECK(j["class"] == "error_response");
    CHECK(j["method"] == "allocate");
    const json expected = json::parse(R"([
        {"type": "ERROR-CODE", "value": {"code": 401, "reason": "Unauthorized"}},
        {"type": "REALM", "value": "example.org"},
        {"type": "NONCE", "value": "abc"},
        {"type": "PASSWORD-ALGORITHMS", "value": [{"algorithm": "MD5"}, {"algorithm": "SHA-256"}]},
        {"type": "UNKNOWN-ATTRIBUTES", "value": ["0x0030", "PRIORITY"]},
        {"type": "MAPPED-ADDRESS", "value": "192.0.2.1:1"},
        {"type": "XOR-RELAYED-ADDRESS", "value": "198.51.100.2:49152"},
        {"type": "XOR-PEER-ADDRESS", "value": "[2001:db8::9]:7"},
        {"type": "LIFETIME", "value": 600},
        {"type": "CHANNEL-NUMBER", "value": 16385},
        {"type": "REQUESTED-TRANSPORT", "value": 17},
        {"type": "DONT-FRAGMENT", "value": null},
        {"type": "USE-CANDIDATE", "value": null},
        {"type": "EVEN-PORT", "value": {"reserve_next_port": true}},
        {"type": "RESERVATION-TOKEN", "value": "0102030405060708"},
        {"type": "REQUESTED-ADDRESS-FAMILY", "value": "IPv6"},
        {"type": "DATA", "value": "cafe"},
        {"type": "PASSWORD-ALGORITHM", "value": {"algorithm": "0x0003", "parameters": "01"}},
        {"type": "0x8030", "value": "ab"},
        {"type": "FINGERPRINT", "value": ")" +
                                      to_hex(ByteView(raw).last(4)) + R"("}
    ])");
    CHECK(j["attributes"].dump(1) == expected.dump(1));
    CHECK_FALSE(j.contains("unknown_comprehension_required"));
    CHECK(j["message_integrity"] == "absent");
    CHECK(j["fingerprint"] == "valid");
}

TEST_CASE("stun_to_json: unknown comprehension-required, ignored attributes, bad UTF-8",
          "[sim][stun_json]") {
    const auto key = IntegrityKey::short_term("pw");
    Bytes raw = MessageBuilder(MessageClass::kRequest, static_cast<Method>(0xabc), kId)
                    .attribute(0x0030, Bytes{1, 2})
                    .software(std::string_view("caf\xc3\xa9 \xff\xc0\xaf ok"))
                    .integrity_mode(IntegrityMode::kSha1AndSha256)
                    .finish(&key, false);
    // An attribute after MESSAGE-INTEGRITY-SHA256: ignored, but shown where it was.
    raw.insert(raw.end(), {0x80, 0x22, 0x00, 0x01, 'x', 0, 0, 0});
    store_u16(raw.data() + 2, static_cast<std::uint16_t>(raw.size() - 20));
    const json j = decode(raw, &key);
    CHECK(j["method"] == "0x0abc");
    CHECK(j["unknown_comprehension_required"] == json::array({"0x0030"}));
    CHECK(j["attributes"][0] == json({{"type", "0x0030"}, {"value", "0102"}}));
    CHECK(j["attributes"][1]["value"] == "caf\xc3\xa9 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd ok");
    CHECK(j["attributes"][4] == json({{"type", "SOFTWARE"}, {"value", "x"}, {"ignored", true}}));
    CHECK(j["message_integrity"] == "valid");
    CHECK(j["message_integrity_sha256"] == "valid");
    CHECK(j["fingerprint"] == "absent");
    // The document always dumps (no exception on the replaced bytes).
    CHECK_NOTHROW(j.dump());
    // Key order with the optional key in place.
    std::vector<std::string> keys;
    for (const auto& [k, v] : j.items())
        keys.push_back(k);
    CHECK(keys[6] == "unknown_comprehension_required");
}

TEST_CASE("stun_to_json never throws on mutated messages", "[sim][stun_json]") {
    const Bytes seed = parse_hex(test::rfc5769::kLongTermRequest).value();
    Rng rng(99);
    for (int i = 0; i < 3000; ++i) {
        Bytes b = seed;
        b[20 + rng.below(b.size() - 20)] ^= static_cast<std::uint8_t>(1u << rng.below(8));
        auto m = parse_message(b);
        if (!m) continue;
        const json j = sim::stun_to_json(*m, b, nullptr);
        CHECK_NOTHROW(j.dump());
    }
}
