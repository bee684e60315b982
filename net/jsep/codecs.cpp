#include "net/jsep/codecs.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace rtclab::net::jsep {

namespace {

bool iequals(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// RFC 3551 §6 (Table 4): the static audio payload type rtclab knows without an a=rtpmap.
std::optional<sdp::RtpMap> static_payload_type(std::uint8_t pt) {
    if (pt == 0) return sdp::RtpMap{0, "PCMU", 8000, std::nullopt};
    return std::nullopt;
}

}  // namespace

const std::vector<Codec>& supported_codecs(const std::string& media) {
    static const std::vector<Codec> kAudio = {
        // RFC 7587 §7: "The RTP clock rate in "a=rtpmap" MUST be 48000, and the number of
        // channels MUST be 2".
        {sdp::RtpMap{111, "opus", 48000, 2}, {}, "minptime=10;useinbandfec=1"},
        {sdp::RtpMap{0, "PCMU", 8000, std::nullopt}, {}, std::nullopt},
    };
    static const std::vector<Codec> kVideo = {
        // NACK (RFC 4585), PLI and FIR (RFC 5104): the loss repair browsers offer for VP8.
        {sdp::RtpMap{96, "VP8", 90000, std::nullopt},
         {"ccm fir", "nack", "nack pli"},
         std::nullopt},
    };
    static const std::vector<Codec> kNone;
    if (media == "audio") return kAudio;
    if (media == "video") return kVideo;
    return kNone;
}

std::optional<Codec> match_codec(const sdp::MediaSection& remote, std::uint8_t payload_type) {
    std::optional<sdp::RtpMap> map = remote.rtp_map(payload_type);
    if (!map) map = static_payload_type(payload_type);
    if (!map) return std::nullopt;
    for (const Codec& c : supported_codecs(remote.media)) {
        // RFC 8866 §6.6: absent encoding parameters mean one channel for audio.
        const auto channels = [](const std::optional<std::uint32_t>& n) { return n.value_or(1); };
        if (iequals(c.map.encoding_name, map->encoding_name) &&
            c.map.clock_rate == map->clock_rate &&
            channels(c.map.channels) == channels(map->channels)) {
            Codec out = c;
            out.map.payload_type = payload_type;  // the offerer's number (RFC 3264 §6.1)
            out.map.encoding_name = map->encoding_name;
            return out;
        }
    }
    return std::nullopt;
}

std::vector<std::uint8_t> common_payload_types(const sdp::MediaSection& remote) {
    std::vector<std::uint8_t> out;
    if (!remote.is_rtp()) return out;
    for (const std::string& f : remote.formats) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), value);
        if (ec != std::errc{} || end != f.data() + f.size() || value > 127) continue;
        const auto pt = static_cast<std::uint8_t>(value);
        if (match_codec(remote, pt)) out.push_back(pt);
    }
    return out;
}

}  // namespace rtclab::net::jsep
