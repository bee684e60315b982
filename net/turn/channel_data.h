// ChannelData: TURN's 4-byte-header framing for application data on a bound channel
// (RFC 8656 §12.4), and the first-byte test that tells it apart from STUN, DTLS and RTP
// (RFC 7983).
#pragma once

#include <cstddef>
#include <cstdint>

#include "net/core/bytes.h"
#include "net/core/result.h"

namespace rtclab::net::turn {

// RFC 8656 §12: channel numbers 0x0000-0x3FFF cannot be used (their first byte would make
// the message look like STUN), 0x4000-0x4FFF are the channels a client may bind, and
// 0x5000-0xFFFF are reserved (a ChannelData message using one "is silently discarded",
// §12.6).
inline constexpr std::uint16_t kMinChannel = 0x4000;
inline constexpr std::uint16_t kMaxChannel = 0x4FFF;

constexpr bool is_valid_channel(std::uint16_t channel) {
    return channel >= kMinChannel && channel <= kMaxChannel;
}

// Channel Number (2 bytes), Length (2 bytes), then the application data (RFC 8656 §12.4).
inline constexpr std::size_t kChannelDataHeaderSize = 4;

// The most application data a ChannelData message, a Send indication or a Data indication
// carries in rtclab. A datagram over IPv4 holds at most 65507 bytes of UDP payload, and a
// Data indication to an IPv6 peer frames the data with 56 bytes (20-byte STUN header,
// XOR-PEER-ADDRESS 24, DATA header 4, FINGERPRINT 8), so the data itself stops at 65448
// bytes (padded to 4, 65451 would not fit). Both directions use one limit so that anything a
// client may send, a server can also deliver.
inline constexpr std::size_t kMaxRelayData = 65448;

// RFC 7983 §7 (as RFC 8656 §12, Table 3, repeats it): a first byte in 64..79 means a TURN
// ChannelData message; 0..3 is STUN, 20..63 DTLS, 128..191 RTP/RTCP. Only the first byte is
// looked at: parse_channel_data() judges the rest.
bool looks_like_channel_data(ByteView datagram);

struct ChannelData {
    std::uint16_t channel = 0;
    ByteView data;  // a view into the datagram it was parsed from
};

// Decodes a whole UDP datagram as one ChannelData message. Errors name the offset:
//   "offset 0: 3 bytes cannot hold the 4-byte ChannelData header"
//   "offset 0: channel number 0x5000 is outside 0x4000-0x4FFF"
//   "offset 2: length 100 is more than the 12 bytes after the header"
//   "offset 9: 7 bytes follow the data; padding is at most 3 (to a multiple of 4)"
// RFC 8656 §12.5: over UDP "the padding is not required but MAY be included", so up to 3
// bytes after the data are accepted as padding when they end the message on a multiple of
// 4; §12.6: a datagram "too short to contain the claimed length" is discarded.
Result<ChannelData> parse_channel_data(ByteView datagram);

// Encodes a ChannelData message. `pad` rounds the message up to a multiple of 4 bytes with
// zeros, as RFC 8656 §12.5 requires over TCP and allows over UDP. The caller keeps
// channel within 0x4000-0x4FFF and data within kMaxRelayData (a builder writes what it is
// told; parse_channel_data() is where input is judged).
Bytes encode_channel_data(std::uint16_t channel, ByteView data, bool pad = false);

}  // namespace rtclab::net::turn
