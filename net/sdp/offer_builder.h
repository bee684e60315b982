// make_offer(): a complete offer-like description built from scratch -- what createOffer()
// produces for a page that added a microphone, a camera and a data channel -- for the JSEP
// layer and for tests. It is assembled from SessionDescription::make() and the
// MediaSection::make_*() helpers, which the JSEP layer can also use one by one.
//
//   v=0
//   o=- <session id> <version> IN IP4 0.0.0.0
//   s=-
//   t=0 0
//   a=group:BUNDLE 0 1 2               <- every section in one BUNDLE group (RFC 8843)
//   a=msid-semantic:WMS *
//   m=audio 9 UDP/TLS/RTP/SAVPF 111    <- Opus  (mid 0)
//   m=video 9 UDP/TLS/RTP/SAVPF 96     <- VP8   (mid 1)
//   m=application 9 UDP/DTLS/SCTP webrtc-datachannel   (mid 2)
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "net/sdp/session_description.h"

namespace rtclab::net::sdp {

struct OfferShape {
    std::uint64_t session_id = 0;  // from the caller's seeded Rng
    std::uint64_t session_version = 0;
    // The same parameters go into every section: they share one BUNDLE transport. The
    // offerer's setup role is actpass (RFC 5763 §5); ice-options "trickle" by default.
    TransportParameters transport;
    bool audio = true;
    bool video = true;
    bool data_channel = true;
    // a=msid for the audio and video sections, when the tracks belong to a stream.
    std::optional<std::string> stream_id;
};

// Sections get mids "0", "1", "2" in order, as browsers number them; all are in the BUNDLE
// group. If `transport` leaves setup or ice-options unset they become actpass and {trickle}.
SessionDescription make_offer(const OfferShape& shape);

}  // namespace rtclab::net::sdp
