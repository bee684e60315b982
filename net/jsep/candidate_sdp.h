// Candidates between the ICE agent, RTCIceCandidateInit and the descriptions: what onicecandidate
// hands the page for a gathered candidate, and the a=candidate / a=end-of-candidates lines that
// webrtc-pc adds to the pending and current descriptions as candidates are gathered ("surface the
// candidate", "update the ICE gathering state") or added (addIceCandidate step 4.7.2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "net/jsep/peer_connection.h"
#include "net/sdp/sdp.h"

namespace rtclab::net::jsep {

// The RTCIceCandidateInit of a gathered candidate for the m= section `mid` at `mline_index`,
// from the ICE generation whose ufrag is `ufrag` (webrtc-pc RTCIceCandidateInit: candidate, sdpMid,
// sdpMLineIndex, usernameFragment).
IceCandidateInit to_candidate_init(const sdp::Candidate& candidate, std::string mid,
                                   std::uint16_t mline_index, std::string ufrag);

// Whether the description "represents the ICE generation" of `ufrag` for section `index`
// (webrtc-pc: candidates are only added to a description of their own generation): the
// section's effective ice-ufrag is `ufrag`.
bool represents_generation(const sdp::SessionDescription& d, std::size_t index,
                           const std::string& ufrag);

// Adds a=candidate to section `index` unless the section has it already. True if it changed.
bool add_candidate_line(sdp::SessionDescription& d, std::size_t index,
                        const sdp::Candidate& candidate);
// Adds a=end-of-candidates to section `index` (RFC 8840 §8.2). True if it changed.
bool add_end_of_candidates_line(sdp::SessionDescription& d, std::size_t index);

}  // namespace rtclab::net::jsep
