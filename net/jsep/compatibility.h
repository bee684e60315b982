// The checks a remote description passes before it is applied -- what webrtc-pc §4.4.1.6
// ("set the session description") step 4.6 names when "the process to apply description fails":
//   4.6.4  the description does not use RTCP mux (rtcpMuxPolicy "require")   -> InvalidAccessError
//   4.6.6  "the content of description is invalid": no mid, repeated mids, no ICE credentials
//          or fingerprint for the transport, a=setup:actpass in an answer, an answer whose m=
//          sections do not line up with the offer's (RFC 3264 §6, RFC 8829 §5.8)
//                                                                              ->
//                                                                              InvalidAccessError
//   4.6.7  "all other errors": nothing in common -- an offer none of whose sections rtclab can
//          accept (no common codec, no data channel), an answer that accepts a section with no
//          codec from the offer                                                -> OperationError
// Syntax (step 4.6.3) and the signaling state (step 4.6.2) are checked before this, by the
// PeerConnection.
#pragma once

#include <optional>

#include "net/jsep/peer_connection.h"
#include "net/sdp/sdp.h"

namespace rtclab::net::jsep {

// `local_offer` is this side's offer when `remote` is an answer or pranswer (nullptr for an
// offer). nullopt: the description can be applied.
std::optional<DomError> check_remote_description(const sdp::SessionDescription& remote,
                                                 SdpType type,
                                                 const sdp::SessionDescription* local_offer);

}  // namespace rtclab::net::jsep
