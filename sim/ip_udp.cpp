#include "sim/ip_udp.h"

#include <string>

namespace rtclab::sim {

namespace {

// RFC 790 / IANA protocol numbers: UDP is 17 (the IPv4 protocol and the IPv6 next header).
constexpr std::uint8_t kProtocolUdp = 17;
// RFC 1700 recommends a default TTL of 64; the same for the IPv6 hop limit.
constexpr std::uint8_t kDefaultTtl = 64;
// RFC 791 section 3.1, flags: bit 1 is "Don't Fragment" (0x4000 in the flags/offset word).
constexpr std::uint16_t kDontFragment = 0x4000;

// The one's complement sum of RFC 1071 section 4.1, before the final complement. A 64-bit
// accumulator cannot overflow for any datagram, so the carries are folded once at the end.
std::uint64_t sum_words(net::ByteView data, std::uint64_t sum) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2)
        sum += net::load_u16(data.data() + i);
    if (i < data.size()) sum += std::uint64_t{data[i]} << 8;  // odd byte: pad with zero
    return sum;
}

std::uint16_t fold(std::uint64_t sum) {
    while (sum >> 16)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return static_cast<std::uint16_t>(sum);
}

// The pseudo-header's part of the UDP checksum. RFC 768: source address, destination address,
// zero, protocol, UDP length. RFC 8200 section 8.1: source, destination, upper-layer packet
// length (32 bits), three zero bytes, next header. As 16-bit words both sum the same way.
// At most 16 words of 0xFFFF per address plus two small terms: it fits 32 bits unfolded.
std::uint32_t pseudo_header_sum(const net::IpAddress& src, const net::IpAddress& dst,
                                std::uint16_t udp_length) {
    std::uint64_t sum = sum_words(net::ByteView(src.data(), src.size()), 0);
    sum = sum_words(net::ByteView(dst.data(), dst.size()), sum);
    return static_cast<std::uint32_t>(sum + kProtocolUdp + udp_length);
}

}  // namespace

std::uint16_t internet_checksum(net::ByteView data, std::uint32_t initial) {
    return static_cast<std::uint16_t>(~fold(sum_words(data, initial)));
}

net::Result<void> check_ip_udp(const net::TransportAddress& src, const net::TransportAddress& dst,
                               std::size_t payload_size) {
    if (src.ip.family() != dst.ip.family()) {
        return net::make_error("cannot build an IP packet from " + src.to_string() + " to " +
                               dst.to_string() + ": the address families differ");
    }
    const std::size_t max = src.ip.is_v4() ? kMaxUdpPayloadV4 : kMaxUdpPayloadV6;
    if (payload_size > max) {
        return net::make_error("UDP payload of " + std::to_string(payload_size) +
                               " bytes is larger than the " + std::to_string(max) +
                               " bytes an IP datagram can carry");
    }
    return {};
}

net::Bytes build_ip_udp(const net::TransportAddress& src, const net::TransportAddress& dst,
                        net::ByteView payload, std::uint16_t ip_id) {
    if (!check_ip_udp(src, dst, payload.size())) return {};
    const auto udp_length = static_cast<std::uint16_t>(kUdpHeaderSize + payload.size());

    net::ByteWriter w;
    if (src.ip.is_v4()) {
        // RFC 791 section 3.1, the Internet Header Format.
        w.u8(0x45);  // version 4, IHL 5 words (no options)
        w.u8(0);     // DSCP 0 (RFC 2474), ECN 0 (RFC 3168)
        w.u16(static_cast<std::uint16_t>(kIpv4HeaderSize + udp_length));  // total length
        w.u16(ip_id);                                                     // identification
        w.u16(kDontFragment);  // flags DF, fragment offset 0
        w.u8(kDefaultTtl);
        w.u8(kProtocolUdp);
        w.u16(0);  // header checksum, filled in below over the header alone
        w.bytes(net::ByteView(src.ip.data(), 4));
        w.bytes(net::ByteView(dst.ip.data(), 4));
        w.patch_u16(10, internet_checksum(net::ByteView(w.buf()).first(kIpv4HeaderSize)));
    } else {
        // RFC 8200 section 3, the IPv6 Header Format.
        w.u32(0x60000000);   // version 6, traffic class 0, flow label 0
        w.u16(udp_length);   // payload length: everything after this header
        w.u8(kProtocolUdp);  // next header
        w.u8(kDefaultTtl);   // hop limit
        w.bytes(net::ByteView(src.ip.data(), 16));
        w.bytes(net::ByteView(dst.ip.data(), 16));
    }

    // RFC 768, the UDP header.
    const std::size_t udp_start = w.size();
    w.u16(src.port);
    w.u16(dst.port);
    w.u16(udp_length);
    w.u16(0);  // checksum, computed with this field zero
    w.bytes(payload);
    const auto udp = net::ByteView(w.buf()).subspan(udp_start);
    std::uint16_t checksum = internet_checksum(udp, pseudo_header_sum(src.ip, dst.ip, udp_length));
    // RFC 768: "If the computed checksum is zero, it is transmitted as all ones" (0 would mean
    // "no checksum" over IPv4, and is not allowed over IPv6, RFC 8200 section 8.1).
    if (checksum == 0) checksum = 0xFFFF;
    w.patch_u16(udp_start + 6, checksum);
    return w.take();
}

}  // namespace rtclab::sim
