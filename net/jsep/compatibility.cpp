#include "net/jsep/compatibility.h"

#include <algorithm>
#include <set>
#include <string>

#include "net/jsep/bundle_transport.h"
#include "net/jsep/codecs.h"
#include "net/jsep/description_builder.h"
#include "net/jsep/dom_error.h"

namespace rtclab::net::jsep {

namespace {

std::string section_name(const sdp::MediaSection& m, std::size_t index) {
    return "m-line " + std::to_string(index) + " (" + m.media + ", mid " +
           m.mid().value_or("none") + ")";
}

bool used(const sdp::MediaSection& m) {
    return !m.is_rejected();
}

// Checks that hold for offers and answers alike.
std::optional<DomError> check_sections(const sdp::SessionDescription& remote) {
    std::set<std::string> mids;
    for (std::size_t i = 0; i < remote.media.size(); ++i) {
        const sdp::MediaSection& m = remote.media[i];
        // RFC 8829 §5.8 / RFC 8843 §9.1: WebRTC identifies sections by a=mid; rtclab needs it to
        // route candidates (sdpMid) and to match the answer to the offer.
        const auto mid = m.mid();
        if (!mid)
            return invalid_access_error(section_name(m, i) +
                                        " has no a=mid; every m= section needs one (RFC 8843)");
        if (!mids.insert(*mid).second)
            return invalid_access_error("mid '" + *mid +
                                        "' is used by two m= sections (RFC 5888 "
                                        "§4: an identification-tag is unique)");
        // webrtc-pc §4.4.1.6 step 4.6.4: "If remote is true, the connection's RTCRtcpMuxPolicy
        // is require and the description does not use RTCP mux, then reject p with a newly
        // created InvalidAccessError".
        if (used(m) && m.is_rtp() && !m.rtcp_mux())
            return invalid_access_error(section_name(m, i) +
                                        " does not use RTCP mux (a=rtcp-mux), which WebRTC "
                                        "requires (rtcpMuxPolicy \"require\")");
    }
    // The transport: ICE credentials (RFC 8839 §5.4: "...MUST be present") and a certificate
    // fingerprint (RFC 8122 §5 / RFC 8829 §5.8: without one the DTLS peer cannot be verified).
    if (auto transport = bundle_transport(remote)) {
        const sdp::MediaSection& tag = remote.media[transport->tag];
        if (!transport->params.ice_ufrag || !transport->params.ice_pwd)
            return invalid_access_error(section_name(tag, transport->tag) +
                                        " has no ICE credentials (a=ice-ufrag and a=ice-pwd)");
        if (transport->params.fingerprints.empty())
            return invalid_access_error(section_name(tag, transport->tag) +
                                        " has no a=fingerprint for DTLS");
        if (transport->params.setup == sdp::SetupRole::kHoldconn)
            return invalid_access_error(
                "a=setup:holdconn: WebRTC needs a DTLS connection "
                "(RFC 5763 §5 allows active, passive or actpass)");
    }
    return std::nullopt;
}

std::optional<DomError> check_offer(const sdp::SessionDescription& offer) {
    // webrtc-pc step 4.6.7 ("all other errors"): an offer that has media but none rtclab can
    // accept cannot lead anywhere. A section alone without a common codec is only rejected in
    // the answer (RFC 3264 §6), as browsers do.
    const bool any_used = std::any_of(offer.media.begin(), offer.media.end(), used);
    const auto accepted = accepted_sections(offer);
    if (any_used && std::none_of(accepted.begin(), accepted.end(), [](bool b) { return b; }))
        return operation_error(
            "incompatible offer: no m= section has a codec, or a data channel, "
            "in common with this peer (audio: opus/48000/2 or PCMU/8000, video: "
            "VP8/90000, application: UDP/DTLS/SCTP webrtc-datachannel) inside "
            "the BUNDLE group");
    return std::nullopt;
}

std::optional<DomError> check_answer(const sdp::SessionDescription& answer,
                                     const sdp::SessionDescription& offer) {
    // RFC 3264 §6: "The answer MUST contain exactly the same number of "m=" lines as the
    // offer" ... "in the same order"; JSEP matches them by mid as well (RFC 8829 §5.8).
    if (answer.media.size() != offer.media.size())
        return invalid_access_error(
            "the answer has " + std::to_string(answer.media.size()) + " m= sections, the offer " +
            std::to_string(offer.media.size()) + " (RFC 3264 §6: exactly the same number)");
    for (std::size_t i = 0; i < answer.media.size(); ++i) {
        const sdp::MediaSection& a = answer.media[i];
        const sdp::MediaSection& o = offer.media[i];
        if (a.media != o.media || a.mid() != o.mid())
            return invalid_access_error(section_name(a, i) + " does not answer the offer's " +
                                        section_name(o, i) + " (same order, media and mid)");
        if (!used(a)) continue;
        if (!used(o))
            return invalid_access_error(section_name(a, i) +
                                        " accepts a section the offer rejected (RFC 3264 §6)");
        if (a.is_rtp()) {
            // RFC 3264 §6.1: the answer's formats are a subset of the offer's; at least one must
            // be a codec both sides have.
            bool common = false;
            for (std::uint8_t pt : common_payload_types(a))
                common = common || std::find(o.formats.begin(), o.formats.end(),
                                             std::to_string(pt)) != o.formats.end();
            if (!common)
                return operation_error(section_name(a, i) +
                                       ": the answer accepts no codec that was offered");
        }
    }
    // RFC 5763 §5: the answerer "MUST NOT" answer actpass; it picks active or passive.
    if (auto t = bundle_transport(answer); t && t->params.setup == sdp::SetupRole::kActpass)
        return invalid_access_error(
            "a=setup:actpass in an answer: the answerer must choose "
            "active or passive (RFC 5763 §5, RFC 8829 §5.3.1)");
    // RFC 8843 §7.3: the answer's BUNDLE group is a subset of the offer's.
    if (auto group = answer.bundle_group()) {
        const auto offered = offer.bundle_group();
        for (const auto& mid : group->mids)
            if (!offered ||
                std::find(offered->mids.begin(), offered->mids.end(), mid) == offered->mids.end())
                return invalid_access_error("the answer bundles mid '" + mid +
                                            "', which the offer did not (RFC 8843 §7.3)");
    }
    return std::nullopt;
}

}  // namespace

std::optional<DomError> check_remote_description(const sdp::SessionDescription& remote,
                                                 SdpType type,
                                                 const sdp::SessionDescription* local_offer) {
    if (auto e = check_sections(remote)) return e;
    if (type == SdpType::kOffer) return check_offer(remote);
    if (local_offer) return check_answer(remote, *local_offer);
    return std::nullopt;
}

}  // namespace rtclab::net::jsep
