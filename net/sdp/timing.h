// Timing: the t= line (RFC 8866 §5.9) -- when the session is active, in NTP seconds.
// "t=0 0" means permanent, which is what WebRTC always writes (RFC 8829 §5.2.1: both times
// "SHOULD be set to zero").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/result.h"

namespace rtclab::net::sdp {

struct Timing {
    std::uint64_t start_time = 0;
    std::uint64_t stop_time = 0;

    static Result<Timing> parse(std::string_view value);
    std::string to_string() const;  // "0 0"
    bool operator==(const Timing&) const = default;
};

}  // namespace rtclab::net::sdp
