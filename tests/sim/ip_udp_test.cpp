// Tests for build_ip_udp and the Internet checksum: RFC 1071's worked example, a well-known
// IPv4 header, and whole IPv4 and IPv6 datagrams checked byte for byte and by recomputation.
#include <catch2/catch.hpp>

#include <string_view>

#include "sim/ip_udp.h"

using namespace rtclab;
using rtclab::sim::build_ip_udp;
using rtclab::sim::check_ip_udp;
using rtclab::sim::internet_checksum;

namespace {

net::TransportAddress addr(std::string_view text) {
    auto a = net::TransportAddress::parse(text);
    REQUIRE(a);
    return *a;
}

net::Bytes text_bytes(std::string_view s) {
    return net::Bytes(s.begin(), s.end());
}

// The UDP checksum recomputed over the pseudo-header of RFC 768 (IPv4) or RFC 8200 section 8.1
// (IPv6), built here field by field: over a correct datagram it comes to 0.
std::uint16_t udp_verify(const net::Bytes& packet) {
    const bool v4 = (packet[0] >> 4) == 4;
    const std::size_t ip_header = v4 ? 20 : 40;
    const std::size_t addr_at = v4 ? 12 : 8;
    const std::size_t addr_len = v4 ? 8 : 32;
    const net::ByteView udp = net::ByteView(packet).subspan(ip_header);
    net::Bytes pseudo(packet.begin() + addr_at, packet.begin() + addr_at + addr_len);
    const auto udp_length = static_cast<std::uint16_t>(udp.size());
    if (v4) {
        pseudo.insert(pseudo.end(), {0, 17, static_cast<std::uint8_t>(udp_length >> 8),
                                     static_cast<std::uint8_t>(udp_length)});
    } else {
        pseudo.insert(pseudo.end(), {0, 0, static_cast<std::uint8_t>(udp_length >> 8),
                                     static_cast<std::uint8_t>(udp_length), 0, 0, 0, 17});
    }
    pseudo.insert(pseudo.end(), udp.begin(), udp.end());
    return internet_checksum(pseudo);
}

}  // namespace

TEST_CASE("internet_checksum: RFC 1071 section 3 worked example", "[ip_udp]") {
    // RFC 1071 section 3: bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2 (with the carries folded),
    // so the checksum is its complement, 220d.
    const net::Bytes data{0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    CHECK(internet_checksum(data) == 0x220d);
    // Appending the checksum makes the whole sum to all ones: the check gives 0.
    net::Bytes with = data;
    with.insert(with.end(), {0x22, 0x0d});
    CHECK(internet_checksum(with) == 0);
    // A partial sum carries over: summing in two pieces equals summing at once.
    CHECK(internet_checksum(net::ByteView(data).subspan(4), 0x0001 + 0xf203) == 0x220d);
}

TEST_CASE("internet_checksum: odd lengths pad with a zero byte", "[ip_udp]") {
    CHECK(internet_checksum(net::Bytes{0x01}) == 0xfeff);
    CHECK(internet_checksum(net::Bytes{0x12, 0x34, 0x56}) ==
          internet_checksum(net::Bytes{0x12, 0x34, 0x56, 0x00}));
    CHECK(internet_checksum(net::Bytes{}) == 0xffff);
}

TEST_CASE("internet_checksum: a well-known IPv4 header", "[ip_udp]") {
    // 192.168.0.1 -> 192.168.0.199, UDP, total length 115, DF: header checksum b861.
    net::Bytes header{0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
                      0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7};
    CHECK(internet_checksum(header) == 0xb861);
    header[10] = 0xb8;
    header[11] = 0x61;
    CHECK(internet_checksum(header) == 0);
}

TEST_CASE("build_ip_udp: IPv4, byte for byte", "[ip_udp]") {
    // Expected bytes computed independently (a few lines of Python over RFC 768/791) and
    // checked by tshark with ip.check_checksum and udp.check_checksum on.
    const net::Bytes expected{0x45, 0x00, 0x00, 0x21, 0x12, 0x34, 0x40, 0x00, 0x40, 0x11, 0x2a,
                              0xe4, 0xc0, 0xa8, 0x01, 0x0a, 0xcb, 0x00, 0x71, 0x01, 0x13, 0x88,
                              0x0d, 0x96, 0x00, 0x0d, 0x9d, 0x2f, 0x68, 0x65, 0x6c, 0x6c, 0x6f};
    const auto p = build_ip_udp(addr("192.168.1.10:5000"), addr("203.0.113.1:3478"),
                                text_bytes("hello"), 0x1234);
    CHECK(p == expected);
    REQUIRE(p.size() == 20 + 8 + 5);
    CHECK(p[0] == 0x45);                    // version 4, IHL 5
    CHECK(net::load_u16(&p[2]) == 33);      // total length
    CHECK(net::load_u16(&p[4]) == 0x1234);  // identification
    CHECK(net::load_u16(&p[6]) == 0x4000);  // DF, offset 0
    CHECK(p[8] == 64);                      // TTL
    CHECK(p[9] == 17);                      // UDP
    CHECK(internet_checksum(net::ByteView(p).first(20)) == 0);
    CHECK(net::load_u16(&p[20]) == 5000);
    CHECK(net::load_u16(&p[22]) == 3478);
    CHECK(net::load_u16(&p[24]) == 13);  // UDP length
    CHECK(udp_verify(p) == 0);
}

TEST_CASE("build_ip_udp: IPv6, byte for byte", "[ip_udp]") {
    const net::Bytes expected{0x60, 0x00, 0x00, 0x00, 0x00, 0x0d, 0x11, 0x40, 0x20, 0x01, 0x0d,
                              0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                              0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, 0x00, 0x00, 0x00,
                              0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x13, 0x88, 0x0d, 0x96,
                              0x00, 0x0d, 0x3f, 0x60, 0x68, 0x65, 0x6c, 0x6c, 0x6f};
    const auto p = build_ip_udp(addr("[2001:db8::10]:5000"), addr("[2001:db8:1::1]:3478"),
                                text_bytes("hello"), 0x1234);
    CHECK(p == expected);
    REQUIRE(p.size() == 40 + 8 + 5);
    CHECK(net::load_u32(&p[0]) == 0x60000000);  // version 6, no traffic class, no flow label
    CHECK(net::load_u16(&p[4]) == 13);          // payload length
    CHECK(p[6] == 17);                          // next header UDP
    CHECK(p[7] == 64);                          // hop limit
    CHECK(udp_verify(p) == 0);
}

TEST_CASE("build_ip_udp: checksums verify for every payload length", "[ip_udp]") {
    const auto src4 = addr("10.0.0.2:49152");
    const auto dst4 = addr("198.51.100.7:3478");
    const auto src6 = addr("[fe80::1]:49152");
    const auto dst6 = addr("[2001:db8::ffff:1]:19302");
    net::Bytes payload;
    for (int n = 0; n < 70; ++n) {
        const auto p4 = build_ip_udp(src4, dst4, payload, static_cast<std::uint16_t>(n));
        REQUIRE(p4.size() == 28 + payload.size());
        CHECK(internet_checksum(net::ByteView(p4).first(20)) == 0);
        CHECK(udp_verify(p4) == 0);
        const auto p6 = build_ip_udp(src6, dst6, payload, 0);
        REQUIRE(p6.size() == 48 + payload.size());
        CHECK(udp_verify(p6) == 0);
        payload.push_back(static_cast<std::uint8_t>(0xA5 ^ (n * 37)));
    }
}

TEST_CASE("build_ip_udp: a computed UDP checksum of 0 is sent as 0xFFFF", "[ip_udp]") {
    const auto src = addr("192.0.2.1:1");
    const auto dst = addr("192.0.2.2:2");
    for (const auto& [s, d] :
         {std::pair{src, dst}, std::pair{addr("[2001:db8::1]:1"), addr("[2001:db8::2]:2")}}) {
        // With a two-byte payload of 0, the checksum c is the complement of the rest's sum S.
        // A payload word equal to c makes the sum S + ~S = 0xFFFF, so the checksum computes to 0.
        const auto zero = build_ip_udp(s, d, net::Bytes{0, 0}, 7);
        const std::size_t at = zero.size() - 4;  // UDP checksum field, before the 2-byte payload
        const std::uint16_t c = net::load_u16(&zero[at]);
        const auto p = build_ip_udp(
            s, d, net::Bytes{static_cast<std::uint8_t>(c >> 8), static_cast<std::uint8_t>(c)}, 7);
        CHECK(net::load_u16(&p[at]) == 0xFFFF);
        CHECK(udp_verify(p) == 0);  // all ones is -0: it still verifies
    }
}

TEST_CASE("build_ip_udp: mixed families and oversized payloads are refused", "[ip_udp]") {
    const auto v4 = addr("192.0.2.1:1000");
    const auto v6 = addr("[2001:db8::1]:1000");
    auto mixed = check_ip_udp(v4, v6, 10);
    REQUIRE_FALSE(mixed);
    CHECK(mixed.error().message.find("address families differ") != std::string::npos);
    CHECK(build_ip_udp(v4, v6, text_bytes("x"), 1).empty());
    CHECK(build_ip_udp(v6, v4, text_bytes("x"), 1).empty());

    CHECK(check_ip_udp(v4, v4, sim::kMaxUdpPayloadV4));
    CHECK_FALSE(check_ip_udp(v4, v4, sim::kMaxUdpPayloadV4 + 1));
    CHECK(check_ip_udp(v6, v6, sim::kMaxUdpPayloadV6));
    CHECK_FALSE(check_ip_udp(v6, v6, sim::kMaxUdpPayloadV6 + 1));
    const net::Bytes big(sim::kMaxUdpPayloadV4, 0xFF);
    const auto p = build_ip_udp(v4, v4, big, 1);
    REQUIRE(p.size() == 65535);
    CHECK(net::load_u16(&p[2]) == 65535);
    CHECK(udp_verify(p) == 0);
    CHECK(build_ip_udp(v4, v4, net::Bytes(sim::kMaxUdpPayloadV4 + 1, 0), 1).empty());
}
