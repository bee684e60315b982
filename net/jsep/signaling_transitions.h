// The signaling state machine of JSEP (RFC 8829 §3.2, the figure "JSEP State Machine") as
// webrtc-pc exposes it (RTCSignalingState): which description type may be set, locally or remotely,
// in which RTCSignalingState, and the state it leads to.
//
//                 setRemote(offer)               setLocal(offer)
//   have-remote-offer <------------- stable -------------> have-local-offer
//     |  setLocal(pranswer)            ^  ^  setRemote(answer)   |  setRemote(pranswer)
//     v                                |  |                      v
//   have-local-pranswer --setLocal(answer)  setRemote(answer)-- have-remote-pranswer
//
// Re-offers keep the state (setLocal(offer) in have-local-offer, setRemote(offer) in
// have-remote-offer), a pranswer may be replaced by another, and "rollback" returns from
// have-local-offer or have-remote-offer to stable (webrtc-pc §4.4.1.6 step 2 refuses it in the
// other states).
#pragma once

#include <optional>

#include "net/jsep/peer_connection.h"

namespace rtclab::net::jsep {

enum class DescriptionSource : std::uint8_t { kLocal, kRemote };

// The state after setting a description of `type` from `source` in state `from`, or nullopt when
// the type is invalid there ("invalid for the current signaling state as described in JSEP §5.5
// and §5.6": InvalidStateError, webrtc-pc §4.4.1.6 step 4.6.2; for rollback, step 2).
std::optional<SignalingState> next_signaling_state(SignalingState from, DescriptionSource source,
                                                   SdpType type);

// webrtc-pc "create an offer" step 1: only in stable or have-local-offer.
bool create_offer_allowed(SignalingState s);
// webrtc-pc "create an answer" step 1: only in have-remote-offer or
// have-local-pranswer.
bool create_answer_allowed(SignalingState s);
// webrtc-pc setLocalDescription step 4.1: without a type, "offer" in stable, have-local-offer
// and have-remote-pranswer, otherwise "answer".
SdpType implicit_local_type(SignalingState s);

}  // namespace rtclab::net::jsep
