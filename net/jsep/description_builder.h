// Building the descriptions createOffer() and createAnswer() return (RFC 8829 §5.2, §5.3) from
// net/sdp's model: the m= sections for the page's microphone, camera and data channel, all in
// one BUNDLE group over one rtcp-muxed transport, with this peer's ICE credentials, certificate
// fingerprint, DTLS role and (when gathering has begun) candidates.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "net/sdp/sdp.h"

namespace rtclab::net::jsep {

// What the page added before negotiating (jsep::Configuration's audio/video/data_channel).
struct LocalMedia {
    bool audio = true;
    bool video = false;
    bool data_channel = true;
    std::string stream_id = "-";  // a=msid stream id of the tracks (RFC 8830)
};

struct DescriptionInputs {
    std::uint64_t session_id = 0;       // o= sess-id, fixed for the connection (RFC 8829 §5.2.1)
    std::uint64_t session_version = 0;  // o= sess-version, one more for each new description
    // ice-ufrag, ice-pwd and the fingerprint; the builder sets a=setup and a=ice-options.
    sdp::TransportParameters transport;
    bool ice_lite = false;
    LocalMedia media;
    // Candidates already gathered in this ICE generation (RFC 8829 §5.2.2: "...it MUST include
    // all candidates gathered so far") and whether gathering is complete.
    std::vector<sdp::Candidate> candidates;
    bool end_of_candidates = false;
};

// An offer (RFC 8829 §5.2.1). With `previous` -- the current local description of an earlier
// negotiation -- it is a subsequent offer (§5.2.2): the m= sections of `previous` come first, in
// their order and with their mids ("m= sections ... MUST be kept in the same order"), then
// sections for media not negotiated yet.
sdp::SessionDescription build_offer(const DescriptionInputs& in,
                                    const sdp::SessionDescription* previous);

// An answer to `offer` (RFC 8829 §5.3.1): one m= section per offered section, same order, same
// mids (RFC 3264 §6); a section rtclab cannot take is rejected with port 0. Codecs are the
// offered ones rtclab supports, in the offerer's order, with its payload types. a=setup:active
// when the offer says actpass (rtclab prefers to be the DTLS client, see TOOLCHAIN.md).
sdp::SessionDescription build_answer(const DescriptionInputs& in,
                                     const sdp::SessionDescription& offer);

// Whether an answerer can accept this offered section on its own terms: not rejected, and audio
// or video with rtcp-mux and a common codec, or an RFC 8841 data channel section. (BUNDLE
// membership is decided by accepted_sections.)
bool can_accept_section(const sdp::MediaSection& offered);

// For each section of `offer`: whether the answer accepts it. rtclab runs one transport, so it
// takes the sections of the offer's BUNDLE group (RFC 8843), or without a group only the first
// acceptable section (as a "max-bundle" browser does, RFC 8829 §5.3.1).
std::vector<bool> accepted_sections(const sdp::SessionDescription& offer);

}  // namespace rtclab::net::jsep
