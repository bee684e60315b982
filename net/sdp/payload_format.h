// The attributes that describe one RTP payload format (codec) of a media section, keyed by
// the payload type number listed on the m= line:
//
//   m=audio 9 UDP/TLS/RTP/SAVPF 111          <- payload type 111 is offered
//   a=rtpmap:111 opus/48000/2                <- RtpMap: 111 means Opus, 48 kHz clock, 2 channels
//   a=rtcp-fb:111 transport-cc               <- RtcpFeedback: RTCP feedback it understands
//   a=fmtp:111 minptime=10;useinbandfec=1    <- Fmtp: codec-specific parameters
//
// Payload types 96-127 are "dynamic" (RFC 3551 §3): they mean nothing until an rtpmap binds
// them, which is why every WebRTC codec needs its a=rtpmap line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/core/result.h"

namespace rtclab::net::sdp {

// a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>]
// (RFC 8866 §6.6).
struct RtpMap {
    std::uint8_t payload_type = 0;  // 0-127 (the RTP header's 7-bit PT field)
    std::string encoding_name;      // "opus", "VP8", "H264", "rtx", "red", "telephone-event"
    std::uint32_t clock_rate = 0;   // RTP timestamp ticks per second: 48000, 90000
    // "For audio streams, <encoding parameters> indicates the number of audio channels"
    // (RFC 8866 §6.6); absent means one. Video has none.
    std::optional<std::uint32_t> channels;

    static Result<RtpMap> parse(std::string_view value);
    std::string to_string() const;  // "111 opus/48000/2"
    bool operator==(const RtpMap&) const = default;
};

// a=fmtp:<payload type> <format specific parameters> (RFC 8866 §6.15). The parameters are
// kept as written ("minptime=10;useinbandfec=1"); parameters() splits them.
struct Fmtp {
    std::uint8_t payload_type = 0;
    std::string parameters;

    // The ';'-separated parameters as (name, value) pairs, spaces around them trimmed; a
    // parameter without '=' (telephone-event's "0-15") has an empty value.
    std::vector<std::pair<std::string, std::string>> parameter_list() const;
    // The value of one parameter: parameter("apt") -> "96" for "apt=96".
    std::optional<std::string> parameter(std::string_view name) const;

    static Result<Fmtp> parse(std::string_view value);
    std::string to_string() const;  // "111 minptime=10;useinbandfec=1"
    bool operator==(const Fmtp&) const = default;
};

// a=rtcp-fb:<payload type or *> <type> [<parameter>] (RFC 4585 §4.2): an RTCP feedback
// message the endpoint can handle for that format -- "nack" (retransmit), "nack pli"
// (picture loss), "ccm fir" (full intra request, RFC 5104), "transport-cc", "goog-remb".
struct RtcpFeedback {
    std::optional<std::uint8_t> payload_type;  // nullopt: "*", every format of the section
    std::string type;                          // "nack", "ccm", "transport-cc", ...
    std::string parameter;                     // "pli", "fir" or empty

    static Result<RtcpFeedback> parse(std::string_view value);
    std::string to_string() const;  // "96 nack pli"
    bool operator==(const RtcpFeedback&) const = default;
};

}  // namespace rtclab::net::sdp
