// The one transport of a WebRTC description: every m= section rtclab accepts is in one BUNDLE
// group (RFC 8843) over one rtcp-muxed ICE component, so one set of ICE credentials, one DTLS
// fingerprint and one list of candidates describe it. They live in the BUNDLE-tagged m= section
// (RFC 8843 §4: the first mid of the group), which is also where rtclab writes and looks for
// a=candidate and a=end-of-candidates.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "net/sdp/sdp.h"

namespace rtclab::net::jsep {

// The index of the m= section that carries the bundled transport: the section the BUNDLE group
// names first if it is not rejected, else the first section that is not rejected (a description
// without a BUNDLE group, or one whose tagged section was rejected). nullopt when every section is
// rejected or there are none.
std::optional<std::size_t> bundle_tag_index(const sdp::SessionDescription& d);

// What the description says about its transport: the tagged section's effective parameters (media
// level over session level, RFC 8839 §5.4) and whether the endpoint is ICE-lite (RFC 8839 §5.3).
struct BundleTransport {
    std::size_t tag = 0;
    sdp::TransportParameters params;
    bool ice_lite = false;
};
std::optional<BundleTransport> bundle_transport(const sdp::SessionDescription& d);

// The a=candidate lines of every section that is not rejected, without repeats (browsers that
// gather per section before BUNDLE is negotiated list the same candidate in several sections).
std::vector<sdp::Candidate> description_candidates(const sdp::SessionDescription& d);
// True when a section that is not rejected says a=end-of-candidates (RFC 8840 §8.2).
bool description_end_of_candidates(const sdp::SessionDescription& d);

}  // namespace rtclab::net::jsep
