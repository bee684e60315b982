// The W3C enum spellings (webrtc-pc): RTCSdpType, RTCSignalingState,
// RTCPeerConnectionState.
#include "net/jsep/peer_connection.h"

namespace rtclab::net::jsep {

std::string_view sdp_type_name(SdpType t) {
    switch (t) {
        case SdpType::kOffer:
            return "offer";
        case SdpType::kPranswer:
            return "pranswer";
        case SdpType::kAnswer:
            return "answer";
        case SdpType::kRollback:
            return "rollback";
    }
    return "?";
}

std::optional<SdpType> parse_sdp_type(std::string_view name) {
    // WebIDL enums are case-sensitive: "Offer" is not an RTCSdpType.
    for (SdpType t : {SdpType::kOffer, SdpType::kPranswer, SdpType::kAnswer, SdpType::kRollback})
        if (sdp_type_name(t) == name) return t;
    return std::nullopt;
}

std::string_view signaling_state_name(SignalingState s) {
    switch (s) {
        case SignalingState::kStable:
            return "stable";
        case SignalingState::kHaveLocalOffer:
            return "have-local-offer";
        case SignalingState::kHaveRemoteOffer:
            return "have-remote-offer";
        case SignalingState::kHaveLocalPranswer:
            return "have-local-pranswer";
        case SignalingState::kHaveRemotePranswer:
            return "have-remote-pranswer";
        case SignalingState::kClosed:
            return "closed";
    }
    return "?";
}

std::string_view peer_connection_state_name(PeerConnectionState s) {
    switch (s) {
        case PeerConnectionState::kNew:
            return "new";
        case PeerConnectionState::kConnecting:
            return "connecting";
        case PeerConnectionState::kConnected:
            return "connected";
        case PeerConnectionState::kDisconnected:
            return "disconnected";
        case PeerConnectionState::kFailed:
            return "failed";
        case PeerConnectionState::kClosed:
            return "closed";
    }
    return "?";
}

}  // namespace rtclab::net::jsep
