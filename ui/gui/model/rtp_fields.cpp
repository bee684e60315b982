#include "ui/gui/model/rtp_fields.h"

#include <string>

#include "ui/gui/model/payload_fields.h"

namespace rtclab::gui {

namespace {

// RFC 3550 §5.1: V, P, X, CC, M, PT, sequence number, timestamp, SSRC.
constexpr std::size_t kRtpFixedHeaderSize = 12;
// RFC 3550 §6.4.1: V, P, count, PT, length, then the sender's SSRC.
constexpr std::size_t kRtcpHeaderSize = 8;

std::string rtcp_type_name(std::uint8_t pt) {
    switch (pt) {
        case 200: return "SR, sender report";             // RFC 3550 §6.4.1
        case 201: return "RR, receiver report";           // RFC 3550 §6.4.2
        case 202: return "SDES, source description";      // RFC 3550 §6.5
        case 203: return "BYE, goodbye";                  // RFC 3550 §6.6
        case 204: return "APP, application-defined";      // RFC 3550 §6.7
        case 205: return "RTPFB, transport feedback";     // RFC 4585 §6.2
        case 206: return "PSFB, payload-specific feedback";  // RFC 4585 §6.3
        case 207: return "XR, extended report";           // RFC 3611
        default: return "packet type " + std::to_string(pt);
    }
}

// RFC 3550 §5.1: version (2 bits), padding (1), extension (1), CSRC count (4).
std::string rtp_first_byte(std::uint8_t b) {
    return "V=" + std::to_string(b >> 6) + " P=" + std::to_string((b >> 5) & 1) + " X=" + std::to_string((b >> 4) & 1) +
           " CC=" + std::to_string(b & 0x0f);
}

// RFC 3550 §6.4.1: version (2 bits), padding (1), report count (5).
std::string rtcp_first_byte(std::uint8_t b) {
    return "V=" + std::to_string(b >> 6) + " P=" + std::to_string((b >> 5) & 1) + " count=" + std::to_string(b & 0x1f);
}

// What follows the clear header of an SRTP packet: the encrypted payload, then the tag.
void add_srtp_tail(FieldTree& tree, std::size_t p, std::size_t end) {
    if (end - p >= kSrtpAuthTagSize) {
        const std::size_t payload = end - p - kSrtpAuthTagSize;
        if (payload > 0) tree.add("encrypted payload", byte_count(payload) + " (SRTP, RFC 3711 §3.1)", p, payload);
        tree.add("authentication tag", byte_count(kSrtpAuthTagSize) + " (HMAC-SHA1-80, RFC 3711 §4.2)", p + payload,
                 kSrtpAuthTagSize);
    } else if (end > p) {
        tree.add("payload", byte_count(end - p) + " (too short for an SRTP authentication tag)", p, end - p,
                 FieldTone::kError);
    }
}

void decode_rtp(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end) {
    const std::size_t layer = tree.open("RTP (SRTP)", "", begin, end - begin);
    tree.set_expanded(layer);
    if (end - begin < kRtpFixedHeaderSize) {
        add_undecoded(tree, begin, end, "shorter than the 12-byte RTP header (RFC 3550 §5.1)");
        tree.close();
        return;
    }
    const std::uint8_t b0 = frame[begin], b1 = frame[begin + 1];
    const unsigned version = b0 >> 6, csrc_count = b0 & 0x0f;
    const bool padding = (b0 >> 5) & 1, extension = (b0 >> 4) & 1;
    const std::uint16_t seq = net::load_u16(frame.data() + begin + 2);
    const std::uint32_t ts = net::load_u32(frame.data() + begin + 4);
    const std::uint32_t ssrc = net::load_u32(frame.data() + begin + 8);
    tree.add("V / P / X / CC",
             rtp_first_byte(b0) + (version == 2 ? "" : " — RTP is version 2") +
                 (padding ? " (padding: its count is in the encrypted payload)" : ""),
             begin, 1, version == 2 ? FieldTone::kPlain : FieldTone::kError);
    tree.add("M / PT", "M=" + std::to_string(b1 >> 7) + " PT=" + std::to_string(b1 & 0x7f), begin + 1, 1);
    tree.add("sequence number", std::to_string(seq), begin + 2, 2);
    tree.add("timestamp", std::to_string(ts), begin + 4, 4);
    tree.add("SSRC", hex_number(ssrc, 8), begin + 8, 4);
    std::size_t p = begin + kRtpFixedHeaderSize;
    for (unsigned i = 0; i < csrc_count; ++i) {
        if (end - p < 4) {
            add_undecoded(tree, p, end, "CC says " + std::to_string(csrc_count) + " CSRCs; they do not fit");
            tree.close();
            return;
        }
        tree.add("CSRC", hex_number(net::load_u32(frame.data() + p), 8), p, 4);
        p += 4;
    }
    if (extension) {
        // RFC 3550 §5.3.1: a 16-bit profile-defined value, a length in 32-bit words, data.
        // RFC 8285 §4.2 / §4.3: 0xBEDE is the one-byte form, 0x100x the two-byte form.
        if (end - p < 4) {
            add_undecoded(tree, p, end, "X is set but the header extension does not fit");
            tree.close();
            return;
        }
        const std::uint16_t profile = net::load_u16(frame.data() + p);
        const std::size_t words = net::load_u16(frame.data() + p + 2);
        const std::size_t len = std::min(words * 4, end - p - 4);
        tree.open("header extension", byte_count(words * 4), p, 4 + len);
        tree.add("profile", hex_number(profile, 4) +
                                (profile == 0xbede              ? " (one-byte elements, RFC 8285 §4.2)"
                                 : (profile & 0xfff0) == 0x1000 ? " (two-byte elements, RFC 8285 §4.3)"
                                                                : ""),
                 p, 2);
        tree.add("length", std::to_string(words) + " words", p + 2, 2,
                 words * 4 > end - p - 4 ? FieldTone::kError : FieldTone::kPlain);
        if (len > 0) tree.add("elements", hex_preview(frame.subspan(p + 4, len), 16), p + 4, len);
        tree.close();
        p += 4 + len;
    }
    add_srtp_tail(tree, p, end);
    tree.set_value(layer, "PT " + std::to_string(b1 & 0x7f) + ", seq " + std::to_string(seq) + ", SSRC " +
                              hex_number(ssrc, 8) + ((b1 >> 7) ? ", marker" : ""));
    tree.close();
}

void decode_rtcp(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end) {
    const std::size_t layer = tree.open("RTCP (SRTCP)", "", begin, end - begin);
    tree.set_expanded(layer);
    if (end - begin < kRtcpHeaderSize) {
        add_undecoded(tree, begin, end, "shorter than the 8-byte RTCP header (RFC 3550 §6.4.1)");
        tree.close();
        return;
    }
    const std::uint8_t b0 = frame[begin], pt = frame[begin + 1];
    const std::uint16_t length = net::load_u16(frame.data() + begin + 2);
    const std::uint32_t ssrc = net::load_u32(frame.data() + begin + 4);
    tree.add("V / P / count", rtcp_first_byte(b0), begin, 1,
             (b0 >> 6) == 2 ? FieldTone::kPlain : FieldTone::kError);
    tree.add("packet type", std::to_string(pt) + " (" + rtcp_type_name(pt) + ")", begin + 1, 1);
    // RFC 3550 §6.4.1: "The length of this RTCP packet in 32-bit words minus one".
    tree.add("length", std::to_string(length) + " (" + byte_count((std::size_t{length} + 1) * 4) + ")", begin + 2, 2);
    tree.add("SSRC", hex_number(ssrc, 8), begin + 4, 4);
    // RFC 3711 §3.4: after the first 8 bytes everything is encrypted (when E is set), then
    // come E + the SRTCP index, and the authentication tag.
    std::size_t p = begin + kRtcpHeaderSize;
    const std::size_t trailer = kSrtcpIndexSize + kSrtpAuthTagSize;
    if (end - p >= trailer) {
        const std::size_t body = end - p - trailer;
        const std::uint32_t e_index = net::load_u32(frame.data() + p + body);
        if (body > 0) tree.add("encrypted reports", byte_count(body), p, body);
        tree.add("E / SRTCP index", "E=" + std::to_string(e_index >> 31) + " index " + std::to_string(e_index & 0x7fffffff),
                 p + body, kSrtcpIndexSize);
        tree.add("authentication tag", byte_count(kSrtpAuthTagSize) + " (HMAC-SHA1-80, RFC 3711 §4.2)",
                 p + body + kSrtcpIndexSize, kSrtpAuthTagSize);
    } else if (end > p) {
        tree.add("reports", byte_count(end - p) + " (too short for the SRTCP index and tag)", p, end - p,
                 FieldTone::kError);
    }
    tree.set_value(layer, rtcp_type_name(pt) + ", SSRC " + hex_number(ssrc, 8));
    tree.close();
}

}  // namespace

bool looks_like_rtcp(net::ByteView payload) {
    if (payload.size() < 2) return false;
    const unsigned pt = payload[1] & 0x7f;
    return pt >= 64 && pt <= 95;
}

void decode_rtp_or_rtcp(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end) {
    if (looks_like_rtcp(frame.subspan(begin, end - begin))) {
        decode_rtcp(tree, frame, begin, end);
    } else {
        decode_rtp(tree, frame, begin, end);
    }
}

}  // namespace rtclab::gui
