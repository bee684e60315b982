#include "ui/gui/model/detail_level.h"

namespace rtclab::gui {

namespace {
bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }
}  // namespace

int detail_level_of(std::string_view kind) {
    if (starts_with(kind, "pc.") || kind == "app.ignore-offer") return 1;
    if (starts_with(kind, "signal.")) return 2;
    if (starts_with(kind, "nat.")) return 4;
    // Packets, link events, STUN/TURN/ICE/DTLS/media protocol events, and kinds unknown to
    // this build (docs/trace-format.md: readers show them rather than refuse them).
    return 3;
}

Phase phase_of(std::string_view kind, const nlohmann::ordered_json& detail) {
    if (kind == "pc.createOffer" || kind == "pc.createAnswer" || kind == "pc.setLocalDescription" ||
        kind == "pc.setRemoteDescription" || kind == "pc.negotiationneeded" ||
        kind == "pc.signalingstatechange" || kind == "app.ignore-offer")
        return Phase::kSignaling;
    if (starts_with(kind, "signal.")) {
        const auto msg = detail.find("message");
        if (msg != detail.end() && msg->is_object()) {
            const auto type = msg->find("type");
            if (type != msg->end() && type->is_string()) {
                const auto& t = type->get_ref<const std::string&>();
                if (t == "offer" || t == "answer" || t == "rollback") return Phase::kSignaling;
                return Phase::kGathering;  // candidate, end-of-candidates
            }
        }
        return Phase::kSignaling;
    }
    // Gathering: candidates, STUN "who am I?", and the TURN allocation. What a TURN server does
    // later — permissions, channels, relaying data — serves whatever it carries (checks, consent,
    // DTLS, media), so those events take the phase they happen in.
    if (kind == "pc.icecandidate" || kind == "pc.icegatheringstatechange" || kind == "pc.addIceCandidate" ||
        starts_with(kind, "stun.") || starts_with(kind, "turn.server.allocation.") || kind == "ice.turn.allocated" ||
        kind == "ice.turn.failed" || kind == "ice.stun.response" || kind == "ice.stun.error" ||
        kind == "ice.stun.timeout" || kind == "ice.candidate.redundant" || kind == "ice.restart")
        return Phase::kGathering;
    if (starts_with(kind, "turn.") || starts_with(kind, "ice.turn.")) return Phase::kNone;
    if (starts_with(kind, "ice.") || kind == "pc.iceconnectionstatechange" || kind == "pc.connectionstatechange")
        return Phase::kChecks;
    if (starts_with(kind, "dtls.")) return Phase::kDtls;
    if (starts_with(kind, "media.") || starts_with(kind, "rtp.") || starts_with(kind, "srtp.") ||
        starts_with(kind, "rtcp.") || kind == "packet.rtp" || kind == "packet.dtls")
        return kind == "packet.dtls" ? Phase::kDtls : Phase::kMedia;
    return Phase::kNone;
}

const char* phase_name(Phase phase) {
    switch (phase) {
        case Phase::kNone: return "";
        case Phase::kSignaling: return "signaling";
        case Phase::kGathering: return "gathering";
        case Phase::kChecks: return "connectivity checks";
        case Phase::kDtls: return "DTLS";
        case Phase::kMedia: return "media";
    }
    return "";
}

}  // namespace rtclab::gui
