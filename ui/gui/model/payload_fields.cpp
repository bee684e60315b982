#include "ui/gui/model/payload_fields.h"

#include <cstdio>

#include "net/turn/channel_data.h"
#include "ui/gui/model/dtls_fields.h"
#include "ui/gui/model/rtp_fields.h"
#include "ui/gui/model/stun_fields.h"

namespace rtclab::gui {

PayloadProtocol classify_payload(net::ByteView payload) {
    if (payload.empty()) return PayloadProtocol::kEmpty;
    const std::uint8_t b = payload[0];
    // RFC 7983 §7: "If the value of the first byte is in the range ..."
    if (b <= 3) return PayloadProtocol::kStun;
    if (b >= 16 && b <= 19) return PayloadProtocol::kZrtp;
    if (b >= 20 && b <= 63) return PayloadProtocol::kDtls;
    if (net::turn::looks_like_channel_data(payload)) return PayloadProtocol::kChannelData;  // 64..79
    if (b >= 128 && b <= 191) return PayloadProtocol::kRtp;
    return PayloadProtocol::kUnknown;
}

void decode_payload(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end,
                    const PayloadContext& context) {
    if (end > frame.size()) end = frame.size();
    if (begin >= end) return;
    const net::ByteView payload = frame.subspan(begin, end - begin);
    if (context.nesting > kMaxPayloadNesting) {
        tree.add("data", hex_preview(payload) + " (" + byte_count(payload.size()) + ", nested too deep to decode)",
                 begin, end - begin);
        return;
    }
    switch (classify_payload(payload)) {
        case PayloadProtocol::kEmpty: return;
        case PayloadProtocol::kStun: decode_stun(tree, frame, begin, end, context); return;
        case PayloadProtocol::kDtls: decode_dtls(tree, frame, begin, end); return;
        case PayloadProtocol::kChannelData: decode_channel_data(tree, frame, begin, end, context); return;
        case PayloadProtocol::kRtp: decode_rtp_or_rtcp(tree, frame, begin, end); return;
        case PayloadProtocol::kZrtp:
            tree.add("ZRTP", byte_count(payload.size()) + " (RFC 6189; first byte 16..19, RFC 7983 §7)", begin,
                     end - begin, FieldTone::kUnchecked);
            return;
        case PayloadProtocol::kUnknown: break;
    }
    char first[8];
    std::snprintf(first, sizeof first, "%u", payload[0]);
    tree.add("data", quoted_text(payload.first(std::min<std::size_t>(payload.size(), 48))) + " (" +
                         byte_count(payload.size()) + "; first byte " + first +
                         " is none of STUN, DTLS, ChannelData, RTP/RTCP: RFC 7983 §7)",
             begin, end - begin);
}

void decode_channel_data(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end,
                         const PayloadContext& context) {
    const net::ByteView bytes = frame.subspan(begin, end - begin);
    const auto parsed = net::turn::parse_channel_data(bytes);
    const std::size_t layer = tree.open("TURN ChannelData", "", begin, end - begin);
    tree.set_expanded(layer);
    if (bytes.size() < net::turn::kChannelDataHeaderSize) {
        add_undecoded(tree, begin, end, "shorter than the 4-byte ChannelData header (RFC 8656 §12.4)");
        tree.close();
        return;
    }
    const std::uint16_t channel = net::load_u16(bytes.data());
    const std::uint16_t length = net::load_u16(bytes.data() + 2);
    tree.set_value(layer, "channel " + hex_number(channel, 4) + ", " + byte_count(length));
    // RFC 8656 §12: 0x4000-0x4FFF are the channels a client may bind; 0x5000-0xFFFF are reserved.
    const bool valid_channel = net::turn::is_valid_channel(channel);
    tree.add("channel number", hex_number(channel, 4) + (valid_channel ? "" : " (outside 0x4000-0x4FFF)"), begin, 2,
             valid_channel ? FieldTone::kPlain : FieldTone::kError);
    tree.add("length", byte_count(length), begin + 2, 2);
    const std::size_t data_begin = begin + net::turn::kChannelDataHeaderSize;
    const std::size_t available = end - data_begin;
    const std::size_t data_len = std::min<std::size_t>(length, available);
    if (data_len > 0) {
        const std::size_t data = tree.open("application data", byte_count(data_len), data_begin, data_len);
        PayloadContext inner = context;
        ++inner.nesting;
        decode_payload(tree, frame, data_begin, data_begin + data_len, inner);
        if (tree.size() == data + 1) {
            tree.set_value(data, hex_preview(frame.subspan(data_begin, data_len)));
        } else {
            tree.set_expanded(data);
            tree.set_value(data, byte_count(data_len) + ": " + tree[data + 1].label);
        }
        tree.close();
    }
    // RFC 8656 §12.5: over UDP "the padding is not required but MAY be included".
    if (parsed.ok() && data_begin + data_len < end) {
        tree.add("padding", byte_count(end - data_begin - data_len), data_begin + data_len, end - data_begin - data_len);
    } else if (!parsed.ok()) {
        tree.add("error", parsed.error().describe(), parsed.error().offset == net::Error::kNoOffset ? begin : begin + parsed.error().offset,
                 0, FieldTone::kError);
        if (data_begin + data_len < end) add_undecoded(tree, data_begin + data_len, end, "after the data");
    }
    tree.close();
}

std::string hex_preview(net::ByteView bytes, std::size_t max_bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string s;
    const std::size_t n = std::min(bytes.size(), max_bytes);
    s.reserve(2 * n + 3);
    for (std::size_t i = 0; i < n; ++i) {
        s += kDigits[bytes[i] >> 4];
        s += kDigits[bytes[i] & 0xf];
    }
    if (bytes.size() > n) s += "…";
    return s;
}

std::string quoted_text(net::ByteView bytes) {
    std::string s = "\"";
    for (const std::uint8_t c : bytes) {
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            s += static_cast<char>(c);
        } else {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02x", c);
            s += esc;
        }
    }
    return s + "\"";
}

std::string hex_number(std::uint64_t value, int digits) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%0*llx", digits, static_cast<unsigned long long>(value));
    return buf;
}

std::string byte_count(std::size_t n) { return std::to_string(n) + (n == 1 ? " byte" : " bytes"); }

void add_undecoded(FieldTree& tree, std::size_t begin, std::size_t end, const std::string& why) {
    if (end <= begin) {
        tree.add("error", why, begin, 0, FieldTone::kError);
        return;
    }
    tree.add("undecoded", byte_count(end - begin) + ": " + why, begin, end - begin, FieldTone::kError);
}

}  // namespace rtclab::gui
