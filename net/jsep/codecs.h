// The codecs rtclab's peers offer and accept -- what a page with a microphone and a camera gets
// from a browser, reduced to one or two per kind -- and how a remote m= section's payload types
// are matched against them (RFC 3264 §6.1: the answer lists a subset of the offered formats,
// with the offerer's payload type numbers).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "net/sdp/sdp.h"

namespace rtclab::net::jsep {

struct Codec {
    sdp::RtpMap map;                    // with rtclab's preferred payload type
    std::vector<std::string> feedback;  // a=rtcp-fb values without the payload type: "nack pli"
    std::optional<std::string> fmtp;    // a=fmtp parameters rtclab writes
};

// audio: Opus (RFC 7587) as 111, PCMU (RFC 3551) as the static 0; video: VP8 (RFC 7741) as 96.
const std::vector<Codec>& supported_codecs(const std::string& media);

// The codec a payload type of a remote section stands for, if rtclab supports it: matched on the
// encoding name (case-insensitive, RFC 8866 §6.6 / RFC 4855 §3), clock rate and channels, via
// a=rtpmap or, for a static payload type without one, RFC 3551's table.
std::optional<Codec> match_codec(const sdp::MediaSection& remote, std::uint8_t payload_type);

// The payload types of `remote` rtclab supports, in the remote's order of preference.
std::vector<std::uint8_t> common_payload_types(const sdp::MediaSection& remote);

}  // namespace rtclab::net::jsep
