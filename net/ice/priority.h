// Candidate and pair priorities and candidate foundations (RFC 8445 §5.1.2, §5.1.1.3, §6.1.2.3).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "net/core/address.h"
#include "net/sdp/candidate.h"

namespace rtclab::net::ice {

// RFC 8445 §5.1.2.2: "The RECOMMENDED values for type preferences are 126 for host
// candidates, 110 for peer-reflexive candidates, 100 for server-reflexive candidates, and 0
// for relayed candidates."
inline constexpr std::uint32_t kTypePreferenceHost = 126;
inline constexpr std::uint32_t kTypePreferencePeerReflexive = 110;
inline constexpr std::uint32_t kTypePreferenceServerReflexive = 100;
inline constexpr std::uint32_t kTypePreferenceRelay = 0;

std::uint32_t type_preference(sdp::CandidateType type);

// RFC 8445 §5.1.2.1: "If an agent is multihomed, it will have multiple IP addresses ... the
// local preference ... MUST be unique for each IP address" and "if there is only a single IP
// address, this value SHOULD be set to 65535". rtclab gives the i-th interface 65535 - i.
std::uint16_t local_preference(std::size_t interface_index);

// RFC 8445 §5.1.2.1:
//   priority = (2^24)*(type preference) + (2^8)*(local preference) + (2^0)*(256 - component ID)
std::uint32_t candidate_priority(sdp::CandidateType type, std::uint16_t local_pref,
                                 std::uint16_t component = 1);

// The local preference a priority was computed with (its middle 16 bits).
inline std::uint16_t local_preference_of(std::uint32_t priority) {
    return static_cast<std::uint16_t>((priority >> 8) & 0xffff);
}

// RFC 8445 §6.1.2.3, with G the controlling agent's candidate priority and D the controlled
// agent's: pair priority = 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0).
std::uint64_t pair_priority(std::uint32_t controlling, std::uint32_t controlled);

// RFC 8445 §5.1.1.3: candidates share a foundation when they have "the same type ... the
// same base IP address ... the same STUN or TURN server ... and the same transport
// protocol". The foundation is any string of 1..32 ice-chars; rtclab uses the decimal
// 32-bit FNV-1a hash of those four, as browsers print numeric foundations.
std::string candidate_foundation(sdp::CandidateType type, const IpAddress& base,
                                 const std::optional<TransportAddress>& server,
                                 sdp::CandidateTransport transport = sdp::CandidateTransport::kUdp);

}  // namespace rtclab::net::ice
