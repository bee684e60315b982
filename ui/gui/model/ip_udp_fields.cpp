#include "ui/gui/model/ip_udp_fields.h"

#include <algorithm>
#include <array>
#include <string>

#include "net/core/address.h"
#include "sim/ip_udp.h"

namespace rtclab::gui {

namespace {

constexpr std::uint8_t kProtocolUdp = 17;  // IANA protocol numbers (RFC 790)

std::string protocol_name(std::uint8_t p) {
    switch (p) {
        case 1: return "1 (ICMP)";
        case 6: return "6 (TCP)";
        case 17: return "17 (UDP)";
        case 58: return "58 (ICMPv6)";
        default: return std::to_string(p);
    }
}

net::IpAddress ipv4_at(net::ByteView frame, std::size_t p) {
    return net::IpAddress::v4(frame[p], frame[p + 1], frame[p + 2], frame[p + 3]);
}

net::IpAddress ipv6_at(net::ByteView frame, std::size_t p) {
    std::array<std::uint8_t, 16> b{};
    std::copy_n(frame.begin() + static_cast<std::ptrdiff_t>(p), 16, b.begin());
    return net::IpAddress::v6(b);
}

// The 16-bit words of the UDP pseudo-header, summed and not yet complemented: RFC 768 (source,
// destination, zero, protocol, UDP length) and RFC 8200 §8.1 (the same with a 32-bit length),
// which sum alike. sim::internet_checksum takes this as its starting sum.
std::uint32_t pseudo_header_sum(net::ByteView src, net::ByteView dst, std::size_t udp_length) {
    std::uint32_t sum = 0;
    for (std::size_t i = 0; i + 1 < src.size(); i += 2) sum += net::load_u16(src.data() + i);
    for (std::size_t i = 0; i + 1 < dst.size(); i += 2) sum += net::load_u16(dst.data() + i);
    return sum + kProtocolUdp + static_cast<std::uint32_t>(udp_length & 0xffff) +
           static_cast<std::uint32_t>(udp_length >> 16);
}

struct IpLayer {
    bool ok = false;
    std::size_t header_size = 0;
    std::size_t end = 0;  // where the IP payload ends (the frame, or less if total length says so)
    std::uint8_t protocol = 0;
    net::ByteView src, dst;  // the address bytes, for the pseudo-header
};

// RFC 791 §3.1.
IpLayer decode_ipv4(FieldTree& tree, net::ByteView frame) {
    IpLayer ip;
    const std::size_t layer = tree.open("IPv4", "", 0, std::min(frame.size(), sim::kIpv4HeaderSize));
    if (frame.size() < sim::kIpv4HeaderSize) {
        add_undecoded(tree, 0, frame.size(), "shorter than the 20-byte IPv4 header (RFC 791 §3.1)");
        tree.close();
        return ip;
    }
    const std::size_t ihl = frame[0] & 0x0f;
    const std::size_t header_size = ihl * 4;
    const std::uint16_t total = net::load_u16(frame.data() + 2);
    const std::uint16_t flags_offset = net::load_u16(frame.data() + 6);
    const std::uint16_t checksum = net::load_u16(frame.data() + 10);
    const bool header_fits = header_size >= sim::kIpv4HeaderSize && header_size <= frame.size();
    tree.add("version / IHL", "4 / " + std::to_string(ihl) + " (" + byte_count(header_size) + ")", 0, 1,
             header_fits ? FieldTone::kPlain : FieldTone::kError);
    tree.add("DSCP / ECN", std::to_string(frame[1] >> 2) + " / " + std::to_string(frame[1] & 3), 1, 1);
    tree.add("total length",
             std::to_string(total) + (total == frame.size() ? "" : " — the frame has " + byte_count(frame.size())), 2, 2,
             total == frame.size() ? FieldTone::kPlain : FieldTone::kError);
    tree.add("identification", hex_number(net::load_u16(frame.data() + 4), 4) + " (" +
                                   std::to_string(net::load_u16(frame.data() + 4)) + ")",
             4, 2);
    std::string flags;
    if (flags_offset & 0x4000) flags += "DF";  // RFC 791 §3.1: bit 1, Don't Fragment
    if (flags_offset & 0x2000) flags += flags.empty() ? "MF" : ", MF";
    tree.add("flags / fragment offset", (flags.empty() ? "none" : flags) + ", offset " + std::to_string(flags_offset & 0x1fff),
             6, 2);
    tree.add("TTL", std::to_string(frame[8]), 8, 1);
    tree.add("protocol", protocol_name(frame[9]), 9, 1);
    if (header_fits) {
        // RFC 1071: summing a header that holds its right checksum gives 0.
        const bool good = sim::internet_checksum(frame.first(header_size)) == 0;
        tree.add("header checksum", hex_number(checksum, 4) + (good ? " (correct)" : " (INCORRECT)"), 10, 2,
                 good ? FieldTone::kValid : FieldTone::kInvalid);
    } else {
        tree.add("header checksum", hex_number(checksum, 4), 10, 2);
    }
    const net::IpAddress src = ipv4_at(frame, 12), dst = ipv4_at(frame, 16);
    tree.add("source", src.to_string(), 12, 4);
    tree.add("destination", dst.to_string(), 16, 4);
    if (!header_fits) {
        add_undecoded(tree, sim::kIpv4HeaderSize, frame.size(), "IHL does not give a header that fits");
        tree.close();
        return ip;
    }
    if (header_size > sim::kIpv4HeaderSize) {
        tree.add("options", byte_count(header_size - sim::kIpv4HeaderSize), sim::kIpv4HeaderSize,
                 header_size - sim::kIpv4HeaderSize);
        tree.set_length(layer, header_size);
    }
    tree.set_value(layer, src.to_string() + " → " + dst.to_string());
    tree.close();
    ip.ok = true;
    ip.header_size = header_size;
    ip.end = std::clamp<std::size_t>(total, header_size, frame.size());
    ip.protocol = frame[9];
    ip.src = frame.subspan(12, 4);
    ip.dst = frame.subspan(16, 4);
    return ip;
}

// RFC 8200 §3.
IpLayer decode_ipv6(FieldTree& tree, net::ByteView frame) {
    IpLayer ip;
    const std::size_t layer = tree.open("IPv6", "", 0, std::min(frame.size(), sim::kIpv6HeaderSize));
    if (frame.size() < sim::kIpv6HeaderSize) {
        add_undecoded(tree, 0, frame.size(), "shorter than the 40-byte IPv6 header (RFC 8200 §3)");
        tree.close();
        return ip;
    }
    const std::uint32_t first = net::load_u32(frame.data());
    const std::uint16_t payload_length = net::load_u16(frame.data() + 4);
    const std::size_t after = frame.size() - sim::kIpv6HeaderSize;
    tree.add("version / traffic class / flow label",
             "6 / " + std::to_string((first >> 20) & 0xff) + " / " + hex_number(first & 0xfffff, 5), 0, 4);
    tree.add("payload length",
             std::to_string(payload_length) + (payload_length == after ? "" : " — the frame has " + byte_count(after)), 4,
             2, payload_length == after ? FieldTone::kPlain : FieldTone::kError);
    tree.add("next header", protocol_name(frame[6]), 6, 1);
    tree.add("hop limit", std::to_string(frame[7]), 7, 1);
    const net::IpAddress src = ipv6_at(frame, 8), dst = ipv6_at(frame, 24);
    tree.add("source", src.to_string(), 8, 16);
    tree.add("destination", dst.to_string(), 24, 16);
    tree.set_value(layer, src.to_string() + " → " + dst.to_string());
    tree.close();
    ip.ok = true;
    ip.header_size = sim::kIpv6HeaderSize;
    ip.end = sim::kIpv6HeaderSize + std::min<std::size_t>(payload_length, after);
    ip.protocol = frame[6];
    ip.src = frame.subspan(8, 16);
    ip.dst = frame.subspan(24, 16);
    return ip;
}

// RFC 768: source port, destination port, length, checksum; then the payload.
void decode_udp(FieldTree& tree, net::ByteView frame, const IpLayer& ip, const PayloadContext& context) {
    const std::size_t begin = ip.header_size;
    const std::size_t available = ip.end - begin;
    const std::size_t layer = tree.open("UDP", "", begin, std::min(available, sim::kUdpHeaderSize));
    if (available < sim::kUdpHeaderSize) {
        add_undecoded(tree, begin, ip.end, "shorter than the 8-byte UDP header (RFC 768)");
        tree.close();
        return;
    }
    const std::uint16_t sport = net::load_u16(frame.data() + begin);
    const std::uint16_t dport = net::load_u16(frame.data() + begin + 2);
    const std::uint16_t length = net::load_u16(frame.data() + begin + 4);
    const std::uint16_t checksum = net::load_u16(frame.data() + begin + 6);
    const bool length_ok = length >= sim::kUdpHeaderSize && length <= available;
    tree.add("source port", std::to_string(sport), begin, 2);
    tree.add("destination port", std::to_string(dport), begin + 2, 2);
    tree.add("length", std::to_string(length) + (length == available ? "" : " — the IP packet holds " + byte_count(available)),
             begin + 4, 2, length == available ? FieldTone::kPlain : FieldTone::kError);
    if (checksum == 0 && ip.src.size() == 4) {
        // RFC 768: "An all zero transmitted checksum value means that the transmitter
        // generated no checksum" (IPv4 only; RFC 8200 §8.1 makes it mandatory over IPv6).
        tree.add("checksum", "0x0000 (none)", begin + 6, 2, FieldTone::kUnchecked);
    } else if (length_ok) {
        const bool good = sim::internet_checksum(frame.subspan(begin, length), pseudo_header_sum(ip.src, ip.dst, length)) == 0;
        tree.add("checksum", hex_number(checksum, 4) + (good ? " (correct)" : " (INCORRECT)"), begin + 6, 2,
                 good ? FieldTone::kValid : FieldTone::kInvalid);
    } else {
        tree.add("checksum", hex_number(checksum, 4), begin + 6, 2);
    }
    const std::size_t payload_end = length_ok ? begin + length : ip.end;
    tree.set_value(layer, std::to_string(sport) + " → " + std::to_string(dport) + ", " +
                              byte_count(payload_end - begin - sim::kUdpHeaderSize) + " of payload");
    tree.close();
    decode_payload(tree, frame, begin + sim::kUdpHeaderSize, payload_end, context);
    if (payload_end < frame.size()) add_undecoded(tree, payload_end, frame.size(), "after the UDP datagram");
}

}  // namespace

FieldTree decode_frame(net::ByteView frame, const PayloadContext& context) {
    FieldTree tree;
    if (frame.empty()) return tree;
    const unsigned version = frame[0] >> 4;
    IpLayer ip;
    if (version == 4) {
        ip = decode_ipv4(tree, frame);
    } else if (version == 6) {
        ip = decode_ipv6(tree, frame);
    } else {
        add_undecoded(tree, 0, frame.size(), "IP version " + std::to_string(version) + " is neither 4 nor 6");
        return tree;
    }
    if (!ip.ok) return tree;
    if (ip.protocol != kProtocolUdp) {
        if (ip.end > ip.header_size)
            tree.add("payload", byte_count(ip.end - ip.header_size) + " of protocol " + std::to_string(ip.protocol),
                     ip.header_size, ip.end - ip.header_size);
        return tree;
    }
    decode_udp(tree, frame, ip, context);
    tree.close_all();
    return tree;
}

}  // namespace rtclab::gui
