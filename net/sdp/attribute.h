// The small attributes -- a flag or a single value each -- and RawAttribute, which keeps an
// attribute this codec does not model exactly as written. The larger ones have their own
// headers (candidate.h, fingerprint.h, payload_format.h, ...).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rtclab::net::sdp {

// Any a= line this codec does not model: "a=<name>" or "a=<name>:<value>", value verbatim
// (a=rtcp, a=extmap-allow-mixed, a=rid, a=simulcast, ...). RFC 8866 §5.13: "An SDP parser
// MUST ignore any attribute it doesn't understand" -- we go one better and keep it, so a
// description edited in the lab still carries it.
struct RawAttribute {
    std::string name;
    std::optional<std::string> value;  // nullopt: no ':' (a property attribute)
    bool operator==(const RawAttribute&) const = default;
};

// a=mid:<identification-tag> (RFC 5888 §4): names a media section for a=group and for the
// MID RTP header extension that routes bundled packets (RFC 8843 §9.2).
struct Mid {
    std::string value;
    bool operator==(const Mid&) const = default;
};

// a=ice-ufrag and a=ice-pwd (RFC 8839 §5.4): the ICE credentials. The ufrag of each side is
// joined into the USERNAME of connectivity checks ("remote:local", RFC 8445 §7.2.2) and the
// password keys their MESSAGE-INTEGRITY. New values mean an ICE restart (RFC 8445 §9).
// "The ice-ufrag attribute MUST contain at least 24 bits of randomness, and the ice-pwd
// attribute MUST contain at least 128 bits of randomness" -- 4 and 22 characters at least.
struct IceUfrag {
    std::string value;  // 4 to 256 ice-chars
    bool operator==(const IceUfrag&) const = default;
};
struct IcePwd {
    std::string value;  // 22 to 256 ice-chars
    bool operator==(const IcePwd&) const = default;
};

// a=ice-options:<tag> ... (RFC 8839 §5.6): "trickle" (RFC 8840 §4.1.1: the agent trickles
// candidates), "ice2" (RFC 8445 rather than RFC 5245).
struct IceOptions {
    std::vector<std::string> options;
    bool operator==(const IceOptions&) const = default;
};

// a=ice-lite (RFC 8839 §5.3), session level: the agent only answers checks and never sends
// them (RFC 8445 §2.5), so the full agent at the other end must be controlling.
struct IceLite {
    bool operator==(const IceLite&) const = default;
};

// a=rtcp-mux (RFC 5761 §5.1.1): RTP and RTCP share one port (so one ICE component); WebRTC
// implementations must support it (RFC 8834 §4.5) and browsers always offer it.
struct RtcpMux {
    bool operator==(const RtcpMux&) const = default;
};

// a=rtcp-rsize (RFC 5506 §5): reduced-size RTCP packets are welcome.
struct RtcpRsize {
    bool operator==(const RtcpRsize&) const = default;
};

// a=end-of-candidates (RFC 8840 §8.2): no more candidates will follow for this section in this
// ICE generation -- the SDP form of the empty candidate that ends trickling.
struct EndOfCandidates {
    bool operator==(const EndOfCandidates&) const = default;
};

// a=bundle-only (RFC 8843 §6): the section is only usable inside a BUNDLE group; its port is
// 0 so that an endpoint without BUNDLE support rejects it instead of using it on its own.
struct BundleOnly {
    bool operator==(const BundleOnly&) const = default;
};

// a=sctp-port:<port> (RFC 8841 §5): the SCTP port of the data channel association, carried
// over DTLS (UDP/DTLS/SCTP); 5000 by convention.
struct SctpPort {
    std::uint16_t port = 5000;
    bool operator==(const SctpPort&) const = default;
};

// a=max-message-size:<bytes> (RFC 8841 §6): the largest message the receiver's SCTP stack
// takes; "0" means no limit. When absent, "the default value is 64K" (§6).
struct MaxMessageSize {
    std::uint64_t bytes = 262144;
    bool operator==(const MaxMessageSize&) const = default;
};

}  // namespace rtclab::net::sdp
