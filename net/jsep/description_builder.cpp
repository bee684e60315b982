#include "net/jsep/description_builder.h"

#include <algorithm>

#include "net/jsep/bundle_transport.h"
#include "net/jsep/codecs.h"

namespace rtclab::net::jsep {

namespace {

constexpr const char* kMidExtensionUri = "urn:ietf:params:rtp-hdrext:sdes:mid";

bool configured(const LocalMedia& media, const std::string& kind) {
    if (kind == "audio") return media.audio;
    if (kind == "video") return media.video;
    if (kind == "application") return media.data_channel;
    return false;
}

sdp::Msid track_msid(const LocalMedia& media, const std::string& kind) {
    return sdp::Msid{media.stream_id, kind + "-track"};
}

std::string feedback_text(const sdp::RtcpFeedback& fb) {
    return fb.parameter.empty() ? fb.type : fb.type + " " + fb.parameter;
}

// RFC 3264 §6: "An offered stream is rejected by setting the port in the corresponding media
// stream of the answer to zero" -- same media, protocol and formats, and the mid kept so that
// the sections still line up (RFC 8829 §5.3.1).
sdp::MediaSection rejected_copy(const sdp::MediaSection& offered) {
    sdp::MediaSection m;
    m.media = offered.media;
    m.port = 0;
    m.protocol = offered.protocol;
    m.formats = offered.formats;
    if (m.formats.empty()) m.formats = {"0"};
    m.connection = sdp::ConnectionData{"IN", "IP4", "0.0.0.0"};
    if (auto mid = offered.mid()) m.set_mid(*mid);
    return m;
}

// An offered section of a kind rtclab sends: audio and video with every supported codec, data
// channel as RFC 8841 describes it.
sdp::MediaSection offer_section(const std::string& kind, const std::string& mid,
                                const sdp::TransportParameters& t, const LocalMedia& media) {
    if (kind == "application") return sdp::MediaSection::make_data_channel(mid, t);
    // The page "added a track" of this kind: sendrecv. A section kept only because the other
    // side offered it before: recvonly (RFC 8829 §5.2.2 keeps it, with our direction).
    const sdp::Direction dir =
        configured(media, kind) ? sdp::Direction::kSendRecv : sdp::Direction::kRecvOnly;
    sdp::MediaSection m = kind == "audio" ? sdp::MediaSection::make_audio(mid, t, dir)
                                          : sdp::MediaSection::make_video(mid, t, dir);
    // make_audio/make_video wrote the first codec; add the others rtclab supports.
    const auto& codecs = supported_codecs(kind);
    for (std::size_t i = 1; i < codecs.size(); ++i)
        m.add_codec(codecs[i].map, codecs[i].feedback, codecs[i].fmtp);
    if (sdp::sends(dir)) m.set_msid(track_msid(media, kind));
    return m;
}

std::string unused_mid(const std::vector<std::string>& used) {
    for (std::size_t n = 0;; ++n) {
        std::string mid = std::to_string(n);
        if (std::find(used.begin(), used.end(), mid) == used.end()) return mid;
    }
}

sdp::TransportParameters with_setup(sdp::TransportParameters t, sdp::SetupRole role) {
    t.setup = role;
    // RFC 8840 §4.1.1: an agent that trickles candidates says so with ice-options:trickle.
    if (t.ice_options.empty()) t.ice_options = {"trickle"};
    return t;
}

void add_candidates(sdp::SessionDescription& d, const DescriptionInputs& in) {
    const auto tag = bundle_tag_index(d);
    if (!tag) return;
    for (const auto& c : in.candidates)
        d.media[*tag].add_candidate(c);
    if (in.end_of_candidates) d.media[*tag].set_end_of_candidates(true);
}

sdp::SessionDescription new_description(const DescriptionInputs& in) {
    sdp::SessionDescription d = sdp::SessionDescription::make(in.session_id, in.session_version);
    // RFC 8839 §5.3: a=ice-lite is session level.
    if (in.ice_lite) d.set_ice_lite(true);
    return d;
}

}  // namespace

sdp::SessionDescription build_offer(const DescriptionInputs& in,
                                    const sdp::SessionDescription* previous) {
    sdp::SessionDescription d = new_description(in);
    // RFC 5763 §5: "The endpoint that is the offerer MUST use the setup attribute value of
    // setup:actpass" (RFC 8829 §5.2.2 keeps actpass in subsequent offers, as Chrome does).
    const sdp::TransportParameters t = with_setup(in.transport, sdp::SetupRole::kActpass);

    std::vector<std::string> mids;
    std::vector<std::string> kinds;
    if (previous) {
        for (const auto& old : previous->media) {
            const std::string mid = old.mid().value_or(unused_mid(mids));
            mids.push_back(mid);
            kinds.push_back(old.media);
            if (old.is_rejected() ||
                (old.media != "audio" && old.media != "video" && old.media != "application")) {
                // RFC 8829 §5.2.2: a rejected section stays, with port 0, so later sections keep
                // their m-line indexes.
                d.add_media(rejected_copy(old));
                continue;
            }
            d.add_media(offer_section(old.media, mid, t, in.media));
        }
    }
    // RFC 8829 §5.2.1: one m= section per transceiver (audio, then video, as a page adds its
    // tracks) and one for the data channel, mids "0", "1", "2" as browsers number them.
    for (const char* kind : {"audio", "video", "application"}) {
        if (!configured(in.media, kind)) continue;
        if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) continue;
        const std::string mid = unused_mid(mids);
        mids.push_back(mid);
        kinds.push_back(kind);
        d.add_media(offer_section(kind, mid, t, in.media));
    }

    // RFC 8829 §5.2.1: "an "a=group:BUNDLE" attribute MUST be added" -- every section that is
    // not rejected, in order; the first is the tagged one that carries the transport.
    std::vector<std::string> bundle;
    for (const auto& m : d.media)
        if (!m.is_rejected()) bundle.push_back(*m.mid());
    d.set_bundle_group(bundle);
    add_candidates(d, in);
    return d;
}

bool can_accept_section(const sdp::MediaSection& offered) {
    if (offered.is_rejected() || !offered.mid()) return false;
    if (offered.media == "audio" || offered.media == "video") {
        // webrtc-pc rtcpMuxPolicy "require": RTP and RTCP on one component (RFC 8829 §5.1.3).
        return offered.is_rtp() && offered.rtcp_mux() && !common_payload_types(offered).empty();
    }
    if (offered.media == "application") {
        // RFC 8841 §4: UDP/DTLS/SCTP (or TCP/DTLS/SCTP), format "webrtc-datachannel".
        const bool sctp_over_dtls = offered.protocol.ends_with("DTLS/SCTP");
        const bool datachannel = std::find(offered.formats.begin(), offered.formats.end(),
                                           "webrtc-datachannel") != offered.formats.end();
        return sctp_over_dtls && datachannel;
    }
    return false;  // text, message, ...: nothing in rtclab can take them
}

std::vector<bool> accepted_sections(const sdp::SessionDescription& offer) {
    std::vector<bool> accepted(offer.media.size(), false);
    const auto group = offer.bundle_group();
    bool taken_one = false;
    for (std::size_t i = 0; i < offer.media.size(); ++i) {
        const sdp::MediaSection& m = offer.media[i];
        if (!can_accept_section(m)) continue;
        if (group) {
            accepted[i] =
                std::find(group->mids.begin(), group->mids.end(), *m.mid()) != group->mids.end();
        } else if (!taken_one) {
            accepted[i] = true;
        }
        taken_one = taken_one || accepted[i];
    }
    return accepted;
}

sdp::SessionDescription build_answer(const DescriptionInputs& in,
                                     const sdp::SessionDescription& offer) {
    sdp::SessionDescription d = new_description(in);

    // RFC 8829 §5.3.1 / RFC 5763 §5: to actpass the answerer picks active or passive; rtclab
    // picks active (it will be the DTLS client). To active, passive; to passive, active.
    sdp::SetupRole role = sdp::SetupRole::kActive;
    if (auto remote = bundle_transport(offer);
        remote && remote->params.setup == sdp::SetupRole::kActive)
        role = sdp::SetupRole::kPassive;
    const sdp::TransportParameters t = with_setup(in.transport, role);

    const std::vector<bool> accepted = accepted_sections(offer);
    std::vector<std::string> bundle;
    for (std::size_t i = 0; i < offer.media.size(); ++i) {
        const sdp::MediaSection& o = offer.media[i];
        if (!accepted[i]) {
            d.add_media(rejected_copy(o));
            continue;
        }
        const std::string mid = *o.mid();
        bundle.push_back(mid);
        if (o.media == "application") {
            sdp::MediaSection m = sdp::MediaSection::make_data_channel(mid, t);
            m.protocol = o.protocol;
            d.add_media(std::move(m));
            continue;
        }
        sdp::MediaSection m;
        m.media = o.media;
        m.port = 9;
        m.protocol = o.protocol;
        m.formats.clear();
        m.connection = sdp::ConnectionData{"IN", "IP4", "0.0.0.0"};
        m.set_transport(t);
        m.set_mid(mid);
        // The MID header extension, with the offerer's id (RFC 8285 §6: the answer may only
        // use extensions that were offered).
        for (const auto& ext : o.extmaps())
            if (ext.uri == kMidExtensionUri) m.add(ext);
        // RFC 3264 §6.1: the answer's direction mirrors the offer's, limited by what this side
        // does (it sends only if the page added a track of this kind).
        const sdp::Direction offered = o.direction();
        const bool send = configured(in.media, o.media) && sdp::receives(offered);
        const sdp::Direction dir = sdp::direction_from(send, sdp::sends(offered));
        m.set_direction(dir);
        if (sdp::sends(dir)) m.set_msid(track_msid(in.media, o.media));
        m.set_rtcp_mux(true);
        if (o.rtcp_rsize()) m.set_rtcp_rsize(true);
        for (std::uint8_t pt : common_payload_types(o)) {
            const Codec c = *match_codec(o, pt);
            // Feedback: what both sides do (offered and in rtclab's list).
            std::vector<std::string> feedback;
            for (const auto& fb : o.rtcp_feedback(pt)) {
                const std::string text = feedback_text(fb);
                if (std::find(c.feedback.begin(), c.feedback.end(), text) != c.feedback.end() &&
                    std::find(feedback.begin(), feedback.end(), text) == feedback.end())
                    feedback.push_back(text);
            }
            m.add_codec(c.map, feedback, c.fmtp);
        }
        d.add_media(std::move(m));
    }
    // RFC 8843 §7.3: the answer's BUNDLE group holds the accepted sections of the offer's group,
    // with the offerer's tagged section first.
    if (offer.bundle_group() && !bundle.empty()) d.set_bundle_group(bundle);
    add_candidates(d, in);
    return d;
}

}  // namespace rtclab::net::jsep
