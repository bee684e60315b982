#include "net/ice/priority.h"

#include <algorithm>

#include "net/core/rng.h"

namespace rtclab::net::ice {

std::uint32_t type_preference(sdp::CandidateType type) {
    switch (type) {
        case sdp::CandidateType::kHost:
            return kTypePreferenceHost;
        case sdp::CandidateType::kPeerReflexive:
            return kTypePreferencePeerReflexive;
        case sdp::CandidateType::kServerReflexive:
            return kTypePreferenceServerReflexive;
        case sdp::CandidateType::kRelay:
            return kTypePreferenceRelay;
    }
    return 0;
}

std::uint16_t local_preference(std::size_t interface_index) {
    return static_cast<std::uint16_t>(65535 - std::min<std::size_t>(interface_index, 65535));
}

std::uint32_t candidate_priority(sdp::CandidateType type, std::uint16_t local_pref,
                                 std::uint16_t component) {
    const std::uint32_t c = std::clamp<std::uint32_t>(component, 1, 256);
    return (type_preference(type) << 24) + (std::uint32_t{local_pref} << 8) + (256 - c);
}

std::uint64_t pair_priority(std::uint32_t g, std::uint32_t d) {
    const std::uint64_t lo = std::min(g, d);
    const std::uint64_t hi = std::max(g, d);
    return (lo << 32) + 2 * hi + (g > d ? 1 : 0);
}

std::string candidate_foundation(sdp::CandidateType type, const IpAddress& base,
                                 const std::optional<TransportAddress>& server,
                                 sdp::CandidateTransport transport) {
    std::string key = sdp::candidate_type_name(type) + "|" + base.to_string() + "|" +
                      (server ? server->to_string() : std::string("-")) + "|" +
                      (transport == sdp::CandidateTransport::kUdp ? "udp" : "tcp");
    return std::to_string(stable_hash(key) & 0xffffffffu);
}

}  // namespace rtclab::net::ice
