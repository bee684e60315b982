// build_ip_udp: wraps a UDP payload in real IPv4 or IPv6 and UDP headers, so that captures of the
// simulated network open in Wireshark as ordinary IP traffic (the pcapng writer's packets).
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/core/result.h"

namespace rtclab::sim {

// RFC 768: the UDP header is 8 bytes; RFC 791: an IPv4 header without options is 20 bytes;
// RFC 8200 section 3: the IPv6 header is 40 bytes.
inline constexpr std::size_t kUdpHeaderSize = 8;
inline constexpr std::size_t kIpv4HeaderSize = 20;
inline constexpr std::size_t kIpv6HeaderSize = 40;
// The largest UDP payloads the length fields can express: IPv4 total length (RFC 791) and the
// IPv6 payload length (RFC 8200 section 3) are 16 bits, and both count the UDP header.
inline constexpr std::size_t kMaxUdpPayloadV4 = 65535 - kIpv4HeaderSize - kUdpHeaderSize;
inline constexpr std::size_t kMaxUdpPayloadV6 = 65535 - kUdpHeaderSize;

// The Internet checksum (RFC 1071): the one's complement of the one's complement sum of the
// data taken as big-endian 16-bit words, an odd last byte padded with a zero byte.
// `initial` is a partial sum (not complemented) to start from, e.g. a pseudo-header's.
// Checksumming data that already holds its correct checksum gives 0.
std::uint16_t internet_checksum(net::ByteView data, std::uint32_t initial = 0);

// Checks build_ip_udp's preconditions: src and dst of the same family, and a payload that the
// length fields can express. The error says which one failed.
net::Result<void> check_ip_udp(const net::TransportAddress& src, const net::TransportAddress& dst,
                               std::size_t payload_size);

// One IP datagram carrying one UDP datagram from src to dst.
//   IPv4 (RFC 791): version 4, IHL 5, DSCP/ECN 0, identification = ip_id, DF set, TTL 64,
//   protocol 17, header checksum (RFC 1071).
//   IPv6 (RFC 8200): traffic class and flow label 0, next header 17, hop limit 64; ip_id unused.
//   UDP (RFC 768): length and checksum over the pseudo-header (RFC 768 for IPv4, RFC 8200
//   section 8.1 for IPv6, where it is mandatory); a computed 0 is sent as 0xFFFF.
// Precondition: check_ip_udp(src, dst, payload.size()) is ok; otherwise the result is empty.
net::Bytes build_ip_udp(const net::TransportAddress& src, const net::TransportAddress& dst,
                        net::ByteView payload, std::uint16_t ip_id);

}  // namespace rtclab::sim
