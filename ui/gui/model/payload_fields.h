// Decoding a UDP payload into packet fields: RFC 7983 demultiplexing by the first byte
// (STUN, ZRTP, DTLS, TURN ChannelData, RTP/RTCP), the ChannelData framing itself, and the
// small formatting helpers every payload decoder shares.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "net/core/bytes.h"
#include "ui/gui/model/packet_fields.h"
#include "ui/gui/model/stun_credentials.h"

namespace rtclab::gui {

// What the decoders may use besides the bytes: keys for STUN integrity and a way to find the
// request a response answers. Both may be absent (then integrity is "no key known").
struct PayloadContext {
    // The credentials the trace gives; called only when a message carries MESSAGE-INTEGRITY,
    // so that they are gathered (SDP parsed) only when a key is needed. May return nullptr.
    std::function<const StunCredentials*()> credentials;
    RequestLookup find_request;
    int nesting = 0;  // payloads inside payloads (a DATA attribute, a ChannelData message)
};

// A relayed packet inside a relayed packet is possible on the wire but not in a WebRTC trace;
// deeper levels are shown raw rather than decoded without end.
inline constexpr int kMaxPayloadNesting = 3;

// RFC 7983 §7, "the first byte of the packet":
//   0..3 STUN, 16..19 ZRTP, 20..63 DTLS, 64..79 TURN ChannelData, 128..191 RTP/RTCP;
// anything else is not a protocol that shares a WebRTC 5-tuple.
enum class PayloadProtocol { kEmpty, kStun, kZrtp, kDtls, kChannelData, kRtp, kUnknown };
PayloadProtocol classify_payload(net::ByteView payload);

// Adds the layers of the payload at frame[begin, end) (offsets stay those of the frame).
// Never reads outside [begin, end); bytes that do not decode become an error field.
void decode_payload(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end,
                    const PayloadContext& context);

// TURN ChannelData (RFC 8656 §12.4): channel number, length, the application data (decoded
// again by first byte) and padding.
void decode_channel_data(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end,
                         const PayloadContext& context);

// --- shared by the decoders ------------------------------------------------------------------

// "0a1b2c3d…" — at most `max_bytes` bytes as hex, with "…" when there are more.
std::string hex_preview(net::ByteView bytes, std::size_t max_bytes = 12);
// Text as people read it: printable ASCII as is, other bytes as \xNN, quoted.
std::string quoted_text(net::ByteView bytes);
// "0x1234" with `digits` hex digits.
std::string hex_number(std::uint64_t value, int digits);
// "N byte" / "N bytes".
std::string byte_count(std::size_t n);
// An error field over the rest of a layer: the bytes that did not decode, and why.
void add_undecoded(FieldTree& tree, std::size_t begin, std::size_t end, const std::string& why);

}  // namespace rtclab::gui
