// The fixed 20-byte STUN header and the test that tells STUN apart from the other protocols
// sharing a WebRTC 5-tuple (RFC 8489 §5, RFC 7983).
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/core/bytes.h"

namespace rtclab::net::stun {

// RFC 8489 §5: "The magic cookie field MUST contain the fixed value 0x2112A442 in network
// byte order." It also keys the XOR of XOR-MAPPED-ADDRESS (§14.2).
inline constexpr std::uint32_t kMagicCookie = 0x2112A442;

// Message type (2), length (2), magic cookie (4), transaction id (12).
inline constexpr std::size_t kHeaderSize = 20;

// Offsets of the header fields.
inline constexpr std::size_t kTypeOffset = 0;
inline constexpr std::size_t kLengthOffset = 2;
inline constexpr std::size_t kCookieOffset = 4;
inline constexpr std::size_t kTransactionIdOffset = 8;

// True when the datagram is plausibly one whole STUN message:
//  - RFC 7983 §7: a first byte in 0..3 means STUN (20..63 DTLS, 64..79 TURN ChannelData,
//    128..191 RTP/RTCP), which is RFC 8489 §5's "The most significant 2 bits of every STUN
//    message MUST be zeroes" seen from the demultiplexer's side;
//  - the length field is a multiple of 4 (§5: "the message length MUST contain the size of
//    the message in bytes, not including the 20-byte STUN header. Since all STUN attributes
//    are padded to a multiple of 4 bytes, the last 2 bits of this field are always zero")
//    and equals what the datagram holds after the header;
//  - the magic cookie is there.
// It does not look at attributes: parse_message() does that.
bool looks_like_stun(ByteView datagram);

}  // namespace rtclab::net::stun
