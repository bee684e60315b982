// Msid and MsidSemantic: a=msid and a=msid-semantic (RFC 8830) -- which MediaStream and which
// MediaStreamTrack a media section carries, so that the receiver's ontrack event can group
// tracks into the streams the sender added them with.
//
//   a=msid:4f2e8c1a-stream 9d3b7e55-track     <- media level: <stream id> <track id>
//   a=msid:- 9d3b7e55-track                   <- a track in no stream ("-", RFC 8829 §5.2.1)
//   a=msid-semantic:WMS *                     <- session level: "WebRTC Media Streams" in use
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"

namespace rtclab::net::sdp {

// a=msid:<msid-id> [<msid-appdata>] (RFC 8830 §2).
struct Msid {
    std::string stream_id;                // 1 to 64 token-chars; "-" for no stream
    std::optional<std::string> track_id;  // the appdata; WebRTC puts the track id there

    static Result<Msid> parse(std::string_view value);
    std::string to_string() const;
    bool operator==(const Msid&) const = default;
};

// a=msid-semantic:<semantic> [<identifier> ...]. Not in RFC 8830 itself but written by every
// browser (from its drafts): "WMS" and "*" or the stream ids. Chrome writes a space after the
// colon ("a=msid-semantic: WMS"); that spelling survives a round trip (see Line).
struct MsidSemantic {
    std::string semantic = "WMS";
    std::vector<std::string> identifiers;

    static Result<MsidSemantic> parse(std::string_view value);
    std::string to_string() const;  // "WMS *"
    bool operator==(const MsidSemantic&) const = default;
};

}  // namespace rtclab::net::sdp
