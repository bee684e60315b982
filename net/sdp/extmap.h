// Extmap: a=extmap (RFC 8285 §5) -- binds a small local ID to an RTP header extension named
// by URI, so that each packet carries the ID instead of the URI.
//
//   a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid          <- the MID of BUNDLE (RFC 8843)
//   a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "net/core/result.h"
#include "net/sdp/direction.h"

namespace rtclab::net::sdp {

struct Extmap {
    // RFC 8285 §5: "1-14 inclusive" for the one-byte header form, "1-255" for the two-byte
    // form, and "4096-4351" in offers that leave the choice to the answerer.
    std::uint16_t id = 1;
    std::optional<Direction> direction;  // "/sendonly" etc. after the ID; absent: sendrecv
    std::string uri;
    std::string attributes;  // extension-specific text after the URI, usually empty

    static Result<Extmap> parse(std::string_view value);
    std::string to_string() const;  // "2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level"
    bool operator==(const Extmap&) const = default;
};

}  // namespace rtclab::net::sdp
