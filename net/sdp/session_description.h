// SessionDescription: a whole SDP description (RFC 8866) -- the offer or answer two WebRTC
// peers exchange over the signaling channel -- and parse_sdp() / to_string() to go between
// it and its text.
//
//   v=0                                        <- session part: version, origin, name, timing,
//   o=- 4611731400430051336 2 IN IP4 127.0.0.1    then session-level lines (BUNDLE group,
//   s=-                                           msid-semantic, maybe ICE/DTLS parameters)
//   t=0 0
//   a=group:BUNDLE 0 1
//   m=audio 9 UDP/TLS/RTP/SAVPF 111            <- media sections, one per m= line
//   ...
//   m=video 9 UDP/TLS/RTP/SAVPF 96
//   ...
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"
#include "net/sdp/connection_data.h"
#include "net/sdp/media_section.h"
#include "net/sdp/origin.h"
#include "net/sdp/section.h"
#include "net/sdp/timing.h"

namespace rtclab::net::sdp {

// The session part (Section's lines are the session-level lines) and the media sections.
struct SessionDescription : Section {
    int version = 0;  // v=0: "This memo defines version 0. There is no minor version number."
    Origin origin;
    std::string session_name = "-";            // s=; JSEP writes "-" (RFC 8829 §5.2.1)
    std::optional<ConnectionData> connection;  // session-level c=, a default for every section
    Timing timing;                             // the first t= line
    std::vector<MediaSection> media;

    // A description with no media yet, as JSEP starts one (RFC 8829 §5.2.1):
    //   v=0 / o=- <session_id> <session_version> IN IP4 0.0.0.0 / s=- / t=0 0
    // and a=msid-semantic:WMS * (the browsers' marker that a=msid is in use). `session_id`
    // comes from the caller's Rng (JSEP: 63 random bits, below 2^63-1); the version starts
    // at 0 and goes up by one with each new offer or answer (RFC 8829 §5.2.2).
    static SessionDescription make(std::uint64_t session_id, std::uint64_t session_version = 0);

    // --- session-level attributes ------------------------------------------------------------
    std::vector<Group> groups() const { return all<Group>(); }
    // The first BUNDLE group (JSEP uses one; RFC 8843 allows several).
    std::optional<Group> bundle_group() const;
    // Replaces the first BUNDLE group (or adds one) with these mids.
    void set_bundle_group(std::vector<std::string> mids);
    std::optional<MsidSemantic> msid_semantic() const;
    void set_msid_semantic(MsidSemantic semantic) { set(std::move(semantic)); }
    bool ice_lite() const { return has<IceLite>(); }
    void set_ice_lite(bool on) { set_flag<IceLite>(on); }

    // --- media sections ------------------------------------------------------------------------
    MediaSection& add_media(MediaSection section);
    MediaSection* find_media(std::string_view mid);
    const MediaSection* find_media(std::string_view mid) const;

    // What applies to `section` once session-level defaults are taken into account:
    // RFC 8839 §5.4 ("When present in both, the value in the media-level takes precedence")
    // for the ICE credentials, and the same rule for ice-options, fingerprint and setup, which
    // RFC 8839 §5.6, RFC 8122 §5 and RFC 4145 §4 allow at both levels.
    TransportParameters effective_transport(const MediaSection& section) const;
    // The section's c= or else the session's (RFC 8866 §5.7).
    std::optional<ConnectionData> effective_connection(const MediaSection& section) const;
};

// Parses an SDP description. Accepts CRLF and LF line endings (and a final line without
// one). Any input gives a description or an Error whose message starts with the 1-based line
// number and names the field: "line 7: a=candidate: port '99999' is out of range 0-65535".
//
// Checked strictly, because meaning depends on it (RFC 8866 §5):
//  - the description starts with v=0, then o=, then s=; a t= line comes before the first m=;
//  - m= starts a media section: every line before the first m= is session level, every
//    line after belongs to the media section above it;
//  - session-only lines (o= s= t= r= z= u= e= p=) are refused inside a media section, and
//    c= may appear once per section;
//  - every field and attribute this codec models is checked against its grammar: numbers in
//    range, addresses, ICE characters, payload types, candidate fields, fingerprints.
// Loose, as browsers are:
//  - unknown attributes and lines with unknown type letters are kept, in order, and written
//    back unchanged; i=, u=, e=, p=, b=, r=, z=, k= and extra t= lines are kept as text;
//  - spaces inside values may be doubled or trailing (the spelling round-trips, see Line);
//  - blank lines at the very end are ignored.
// Refused for robustness: NUL bytes, a CR inside a line, and lines over 64 KiB.
Result<SessionDescription> parse_sdp(std::string_view text);

// Writes the description with CRLF line endings: v=, o=, s=, the session's i= u= e= p=, c=,
// b=, t= (with its r=, z=, k= and further t=) and then its attributes, then each media
// section as m=, i=, c=, b=, k=, attributes -- the order RFC 8866 §5 fixes -- with each
// section's lines in their stored order. Parsing canonical SDP (as browsers write it) and
// writing it back gives the same bytes.
std::string to_string(const SessionDescription& description);

// The largest line parse_sdp() accepts, in bytes (no SDP line a browser writes comes near).
inline constexpr std::size_t kMaxSdpLineBytes = 64 * 1024;

}  // namespace rtclab::net::sdp
