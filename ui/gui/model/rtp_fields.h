// Decoding RTP and RTCP, as WebRTC sends them — protected by SRTP / SRTCP — into packet fields:
// the RTP fixed header (RFC 3550 §5.1) with CSRCs and header extension (§5.3.1, RFC 8285),
// the RTCP common header (RFC 3550 §6.4), and what SRTP adds (RFC 3711 §3.1, §3.4): an
// encrypted payload and an authentication tag.
#pragma once

#include <cstddef>

#include "net/core/bytes.h"
#include "ui/gui/model/packet_fields.h"

namespace rtclab::gui {

// The authentication tag of SRTP_AES128_CM_HMAC_SHA1_80 (RFC 5764 §4.1.2: an 80-bit tag), the
// profile every WebRTC endpoint must offer (RFC 8827 §6.5). Without the DTLS handshake the
// inspector cannot know another negotiated profile, so it assumes this one.
inline constexpr std::size_t kSrtpAuthTagSize = 10;
// RFC 3711 §3.4: SRTCP adds the E flag and the 31-bit SRTCP index before the tag.
inline constexpr std::size_t kSrtcpIndexSize = 4;

// True when the second byte says RTCP: RFC 5761 §4, RTCP packet types 192-223 seen as RTP's
// marker bit and a payload type of 64-95.
bool looks_like_rtcp(net::ByteView payload);

// Adds an "RTP (SRTP)" or "RTCP (SRTCP)" layer for frame[begin, end) (first byte 128..191,
// RFC 7983 §7).
void decode_rtp_or_rtcp(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end);

}  // namespace rtclab::gui
