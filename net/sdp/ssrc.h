// Ssrc and SsrcGroup: a=ssrc and a=ssrc-group (RFC 5576) -- properties of one RTP stream
// (synchronization source), and streams that belong together.
//
//   a=ssrc-group:FID 2231627014 632943048    <- FID: the second SSRC carries the first's
//                                               retransmissions (RTX, RFC 4588)
//   a=ssrc:2231627014 cname:4TOk42mSjXCkVIa6  <- CNAME: streams to play in sync (RFC 3550 §6.5.1)
//   a=ssrc:2231627014 msid:stream track      <- the older (Plan B) way to name the track
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"

namespace rtclab::net::sdp {

// a=ssrc:<ssrc-id> <attribute>[:<value>] (RFC 5576 §4.1).
struct Ssrc {
    std::uint32_t ssrc = 0;
    std::string attribute;             // "cname", "msid", ...
    std::optional<std::string> value;  // everything after the first ':', spaces included

    static Result<Ssrc> parse(std::string_view value);
    std::string to_string() const;  // "2231627014 cname:4TOk42mSjXCkVIa6"
    bool operator==(const Ssrc&) const = default;
};

// a=ssrc-group:<semantics> <ssrc-id> ... (RFC 5576 §4.2).
struct SsrcGroup {
    std::string semantics;  // "FID" (RFC 5576 §4.2), "SIM" (simulcast)
    std::vector<std::uint32_t> ssrcs;

    static Result<SsrcGroup> parse(std::string_view value);
    std::string to_string() const;  // "FID 2231627014 632943048"
    bool operator==(const SsrcGroup&) const = default;
};

}  // namespace rtclab::net::sdp
