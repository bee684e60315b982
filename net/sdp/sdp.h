// net/sdp: the Session Description Protocol (RFC 8866) with the attributes WebRTC uses --
// what an offer and an answer say, as a model that can be read, edited and written back.
//
// An SDP description is text, one "<type>=<value>" line after another: a session part
// (v= o= s= t= and session-level a= lines) and then one media section per m= line. WebRTC
// adds to it what each side needs to find and trust the other (RFC 8829, JSEP):
//   - ICE (RFC 8839): a=ice-ufrag, a=ice-pwd, a=ice-options, a=candidate, a=end-of-candidates;
//   - DTLS (RFC 8122, RFC 5763): a=fingerprint of the certificate, a=setup for the roles;
//   - BUNDLE (RFC 8843): a=group:BUNDLE and a=mid, so all media share one transport;
//   - RTP: a=rtpmap, a=fmtp, a=rtcp-fb, a=extmap, a=rtcp-mux, a=ssrc, a=msid and directions;
//   - data channels (RFC 8841): m=application ... UDP/DTLS/SCTP, a=sctp-port, a=max-message-size.
//
// Usage:
//   auto d = parse_sdp(text);                        // Result<SessionDescription>
//   if (!d) show(d.error().message);                 // "line 7: a=candidate: ..."
//   d->media[0].set_ice_ufrag("Ab3d");               // changes exactly that line
//   std::string out = to_string(*d);                 // CRLF; byte-identical when untouched
//
//   auto c = parse_candidate("candidate:1 1 udp 2122260223 192.0.2.4 51000 typ host");
//
// Sans-IO and deterministic like the rest of net/: nothing here reads a clock or draws
// randomness; ids and credentials come from the caller.
#pragma once

#include "net/sdp/attribute.h"
#include "net/sdp/candidate.h"
#include "net/sdp/connection_data.h"
#include "net/sdp/direction.h"
#include "net/sdp/extmap.h"
#include "net/sdp/fingerprint.h"
#include "net/sdp/group.h"
#include "net/sdp/line.h"
#include "net/sdp/media_section.h"
#include "net/sdp/msid.h"
#include "net/sdp/offer_builder.h"
#include "net/sdp/origin.h"
#include "net/sdp/payload_format.h"
#include "net/sdp/section.h"
#include "net/sdp/session_description.h"
#include "net/sdp/setup_role.h"
#include "net/sdp/ssrc.h"
#include "net/sdp/timing.h"
#include "net/sdp/transport_parameters.h"
