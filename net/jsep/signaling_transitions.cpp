#include "net/jsep/signaling_transitions.h"

namespace rtclab::net::jsep {

using S = SignalingState;

std::optional<SignalingState> next_signaling_state(SignalingState from, DescriptionSource source,
                                                   SdpType type) {
    const bool local = source == DescriptionSource::kLocal;
    switch (type) {
        case SdpType::kOffer:
            // RFC 8829 §5.5/§5.6: an offer may be set in stable, or replace the pending offer of
            // the same side.
            if (from == S::kStable) return local ? S::kHaveLocalOffer : S::kHaveRemoteOffer;
            if (local && from == S::kHaveLocalOffer) return S::kHaveLocalOffer;
            if (!local && from == S::kHaveRemoteOffer) return S::kHaveRemoteOffer;
            return std::nullopt;
        case SdpType::kPranswer:
            // A provisional answer answers the other side's offer, and may be replaced.
            if (local && (from == S::kHaveRemoteOffer || from == S::kHaveLocalPranswer))
                return S::kHaveLocalPranswer;
            if (!local && (from == S::kHaveLocalOffer || from == S::kHaveRemotePranswer))
                return S::kHaveRemotePranswer;
            return std::nullopt;
        case SdpType::kAnswer:
            // The final answer completes the offer/answer exchange.
            if (local && (from == S::kHaveRemoteOffer || from == S::kHaveLocalPranswer))
                return S::kStable;
            if (!local && (from == S::kHaveLocalOffer || from == S::kHaveRemotePranswer))
                return S::kStable;
            return std::nullopt;
        case SdpType::kRollback:
            // webrtc-pc §4.4.1.6 step 2: "If description.type is "rollback" and
            // connection.[[SignalingState]] is either "stable", "have-local-pranswer", or
            // "have-remote-pranswer", then reject p with a newly created InvalidStateError".
            if (from == S::kHaveLocalOffer || from == S::kHaveRemoteOffer) return S::kStable;
            return std::nullopt;
    }
    return std::nullopt;
}

bool create_offer_allowed(SignalingState s) {
    return s == S::kStable || s == S::kHaveLocalOffer;
}

bool create_answer_allowed(SignalingState s) {
    return s == S::kHaveRemoteOffer || s == S::kHaveLocalPranswer;
}

SdpType implicit_local_type(SignalingState s) {
    if (s == S::kStable || s == S::kHaveLocalOffer || s == S::kHaveRemotePranswer)
        return SdpType::kOffer;
    return SdpType::kAnswer;
}

}  // namespace rtclab::net::jsep
