// Malformed input: each defect gives an Error naming the field and the right offset; and
// no byte string, random or mutated, crashes the decoder (run it under the asan build).
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/stun/rfc5769_vectors.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

namespace {

const TransactionId kId = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

// A header for a Binding request followed by the given attribute bytes, with the length
// field set to `length` or, by default, to the number of attribute bytes.
Bytes message(const Bytes& attributes, int length = -1) {
    ByteWriter w;
    w.u16(0x0001);
    w.u16(static_cast<std::uint16_t>(length < 0 ? attributes.size()
                                                : static_cast<std::size_t>(length)));
    w.u32(kMagicCookie);
    w.bytes(kId);
    w.bytes(attributes);
    return w.take();
}

Error error_of(const Bytes& b) {
    auto m = parse_message(b);
    REQUIRE_FALSE(m.ok());
    return m.error();
}

}  // namespace

TEST_CASE("malformed corpus: each error names the field and its offset", "[stun][malformed]") {
    const Bytes valid = parse_hex(rtclab::test::rfc5769::kRequest).value();

    SECTION("truncated header") {
        const Error e = error_of(Bytes(valid.begin(), valid.begin() + 12));
        CHECK(e.offset == 12);
        CHECK(e.message.find("20-byte STUN header") != std::string::npos);
        CHECK(error_of({}).offset == 0);
    }
    SECTION("first two bits not zero") {
        Bytes b = valid;
        b[0] = 0x40;
        const Error e = error_of(b);
        CHECK(e.offset == 0);
        CHECK(e.message.find("two zero bits") != std::string::npos);
    }
    SECTION("length not a multiple of 4") {
        Bytes b = valid;
        b[3] = 0x59;
        const Error e = error_of(b);
        CHECK(e.offset == 2);
        CHECK(e.describe() == "offset 2: length 89 is not a multiple of 4");
    }
    SECTION("bad magic cookie") {
        Bytes b = valid;
        b[4] = 0x00;
        CHECK(error_of(b).describe() == "offset 4: magic cookie is 0x0012a442 not 0x2112a442");
    }
    SECTION("length beyond the buffer") {
        const Bytes b(valid.begin(), valid.end() - 8);
        const Error e = error_of(b);
        CHECK(e.offset == 2);
        CHECK(e.message == "length field says 88 bytes follow the header, but only 80 do");
    }
    SECTION("bytes after the message") {
        Bytes b = valid;
        b.insert(b.end(), {0, 0, 0, 0});
        CHECK(error_of(b).offset == valid.size());
    }
    SECTION("attribute running past the end") {
        // USERNAME claims 9 bytes, only 4 follow its header.
        const Error e = error_of(message({0x00, 0x06, 0x00, 0x09, 'a', 'b', 'c', 'd'}));
        CHECK(e.offset == 20);
        CHECK(e.message.find("USERNAME: length 9 runs past the end") == 0);
        // The second attribute runs past: its offset is reported.
        const Error e2 = error_of(message({0x00, 0x24, 0x00, 0x04, 1, 2, 3, 4,  //
                                           0x80, 0x22, 0x00, 0x05, 'x', 'y', 'z', 0}));
        CHECK(e2.offset == 28);
    }
    SECTION("address family neither IPv4 nor IPv6") {
        const Error e = error_of(message({0x00, 0x20, 0x00, 0x08, 0x00, 0x03, 0xa1, 0x47,  //
                                          0xe1, 0x12, 0xa6, 0x43}));
        CHECK(e.describe() ==
              "offset 20: XOR-MAPPED-ADDRESS: family 0x03 is neither IPv4 (0x01) nor IPv6 (0x02)");
    }
    SECTION("address of the wrong size") {
        const Error e = error_of(message({0x00, 0x01, 0x00, 0x0c, 0x00, 0x01, 0x00, 0x50,  //
                                          1, 2, 3, 4, 5, 6, 7, 8}));
        CHECK(e.offset == 20);
        CHECK(e.message == "MAPPED-ADDRESS: IPv4 address value is 12 bytes, it must be 8");
    }
    SECTION("ERROR-CODE class outside 3..6") {
        const Error e = error_of(message({0x00, 0x24, 0x00, 0x04, 1, 2, 3, 4,  //
                                          0x00, 0x09, 0x00, 0x04, 0x00, 0x00, 0x07, 0x01}));
        CHECK(e.offset == 28);
        CHECK(e.message == "ERROR-CODE: class 7 is not 3-6 (codes are 300-699)");
        const Error e2 = error_of(message({0x00, 0x09, 0x00, 0x04, 0x00, 0x00, 0x04, 100}));
        CHECK(e2.message == "ERROR-CODE: number 100 is not 0-99");
    }
    SECTION("MESSAGE-INTEGRITY of the wrong length") {
        Bytes attrs = {0x00, 0x08, 0x00, 0x10};
        attrs.resize(attrs.size() + 16, 0xab);
        const Error e = error_of(message(attrs));
        CHECK(e.offset == 20);
        CHECK(e.message == "MESSAGE-INTEGRITY: value is 16 bytes, it must be 20 (an HMAC-SHA1)");
    }
    SECTION("MESSAGE-INTEGRITY-SHA256 neither 16..32 nor a multiple of 4") {
        Bytes attrs = {0x00, 0x1c, 0x00, 0x12};
        attrs.resize(attrs.size() + 20, 0xab);
        CHECK(error_of(message(attrs)).offset == 20);
    }
    SECTION("fixed-size attributes of the wrong size") {
        CHECK(error_of(message({0x00, 0x24, 0x00, 0x02, 0, 1, 0, 0})).message ==
              "PRIORITY: value is 2 bytes, it must be 4 (a 32-bit priority)");
        CHECK(error_of(message({0x00, 0x25, 0x00, 0x01, 1, 0, 0, 0})).offset == 20);
        CHECK(error_of(message({0x80, 0x2a, 0x00, 0x04, 1, 2, 3, 4})).offset == 20);
        CHECK(error_of(message({0x00, 0x17, 0x00, 0x04, 3, 0, 0, 0})).message ==
              "REQUESTED-ADDRESS-FAMILY: family 0x03 is neither IPv4 (0x01) nor IPv6 (0x02)");
        CHECK(error_of(message({0x00, 0x0a, 0x00, 0x03, 0, 1, 2, 0})).offset == 20);
        CHECK(error_of(message({0x00, 0x1d, 0x00, 0x04, 0, 1, 0, 8})).offset == 20);
    }
    SECTION("attributes after FINGERPRINT") {
        Bytes b = MessageBuilder(MessageClass::kRequest, Method::kBinding, kId)
                      .software("x")
                      .finish(nullptr, true);
        const std::size_t after = b.size();
        b.insert(b.end(), {0x00, 0x24, 0x00, 0x04, 1, 2, 3, 4});
        store_u16(b.data() + 2, static_cast<std::uint16_t>(b.size() - 20));
        const Error e = error_of(b);
        CHECK(e.offset == after);
        CHECK(e.message.find("PRIORITY follows FINGERPRINT") == 0);
    }
}

TEST_CASE("attributes after MESSAGE-INTEGRITY are ignored, not errors", "[stun]") {
    const auto key = IntegrityKey::short_term("secret");
    Bytes b = MessageBuilder(MessageClass::kRequest, Method::kAllocate, kId)
                  .lifetime(600)
                  .finish(&key, false);
    // Append DATA after MESSAGE-INTEGRITY, as an attacker could: it is not protected.
    b.insert(b.end(), {0x00, 0x13, 0x00, 0x04, 1, 2, 3, 4});
    store_u16(b.data() + 2, static_cast<std::uint16_t>(b.size() - 20));
    auto m = parse_message(b);
    REQUIRE(m.ok());
    CHECK_FALSE(m->data());
    REQUIRE(m->ignored_attributes().size() == 1);
    CHECK(m->ignored_attributes()[0].type == attr::kData);
    // MESSAGE-INTEGRITY's length adjustment makes it still verify.
    CHECK(verify_integrity(*m, &key) == Verdict::kValid);
    // A malformed value in an ignored attribute is not looked at.
    Bytes c = MessageBuilder(MessageClass::kRequest, Method::kBinding, kId).finish(&key, false);
    c.insert(c.end(), {0x00, 0x20, 0x00, 0x04, 0, 9, 0, 0});
    store_u16(c.data() + 2, static_cast<std::uint16_t>(c.size() - 20));
    CHECK(parse_message(c).ok());
}

namespace {

// Exercises everything a consumer might call on a parsed message.
void use_everything(const Message& m, const IntegrityKey& key) {
    (void)m.mapped_address();
    (void)m.xor_mapped_address();
    (void)m.alternate_server();
    (void)m.xor_peer_addresses();
    (void)m.xor_relayed_address();
    (void)m.username();
    (void)m.userhash();
    (void)m.error_code();
    (void)m.unknown_attributes();
    (void)m.password_algorithms();
    (void)m.password_algorithm();
    (void)m.priority();
    (void)m.ice_controlled();
    (void)m.channel_number();
    (void)m.lifetime();
    (void)m.data();
    (void)m.even_port();
    (void)m.reservation_token();
    (void)m.requested_address_family();
    (void)m.requested_transport();
    (void)summarize(m);
    (void)verify_integrity(m, &key);
    (void)verify_integrity_sha256(m, &key);
    (void)verify_fingerprint(m);
    for (const Attribute& a : m.attributes()) {
        REQUIRE(a.offset + 4 + a.value.size() <= m.raw().size());
        REQUIRE(a.value.data() == m.raw().data() + a.offset + 4);
        (void)attribute_name(a.type);
    }
    const Message copy = m;
    REQUIRE(copy.attributes().size() == m.attributes().size());
}

}  // namespace

TEST_CASE("20000 random and mutated byte strings never crash the decoder", "[stun][fuzz]") {
    const auto key = IntegrityKey::short_term("pw");
    std::vector<Bytes> seeds;
    for (auto text :
         {rtclab::test::rfc5769::kRequest, rtclab::test::rfc5769::kIpv4Response,
          rtclab::test::rfc5769::kIpv6Response, rtclab::test::rfc5769::kLongTermRequest}) {
        seeds.push_back(parse_hex(text).value());
    }
    const std::vector<PasswordAlgorithm> algorithms = {{1, {}}, {2, {7}}};
    const std::vector<std::uint16_t> unknown = {1, 2, 3};
    seeds.push_back(MessageBuilder(MessageClass::kSuccessResponse, Method::kAllocate, kId)
                        .xor_relayed_address(*TransportAddress::parse("[2001:db8::1]:3"))
                        .xor_mapped_address(*TransportAddress::parse("192.0.2.1:4"))
                        .error_code(401)
                        .password_algorithms(algorithms)
                        .password_algorithm(algorithms[1])
                        .unknown_attributes(unknown)
                        .lifetime(1)
                        .even_port(false)
                        .requested_address_family(Family::kIpv6)
                        .integrity_mode(IntegrityMode::kSha1AndSha256, 20)
                        .finish(&key));

    Rng rng(2024);
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        Bytes b;
        switch (i % 4) {
            case 0: {  // random bytes
                b.resize(rng.below(120));
                rng.fill(b);
                break;
            }
            case 1: {  // a valid header, then random TLV soup
                Bytes body(4 * rng.below(30));
                rng.fill(body);
                b = message(body);
                break;
            }
            case 2: {  // bit flips of a valid message
                b = seeds[rng.below(seeds.size())];
                const int flips = 1 + static_cast<int>(rng.below(4));
                for (int k = 0; k < flips; ++k)
                    b[rng.below(b.size())] ^= static_cast<std::uint8_t>(1u << rng.below(8));
                break;
            }
            default: {  // truncations and extensions of a valid message
                b = seeds[rng.below(seeds.size())];
                b.resize(rng.below(b.size() + 8));
                break;
            }
        }
        auto m = parse_message(b);
        (void)looks_like_stun(b);
        if (m.ok()) {
            ++parsed;
            use_everything(*m, key);
        } else {
            REQUIRE_FALSE(m.error().message.empty());
            REQUIRE(m.error().offset <= b.size());
        }
    }
    CHECK(parsed > 1000);  // the mutations do reach the attribute decoders
}
