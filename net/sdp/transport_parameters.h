// TransportParameters: what a description says about the transport of a media section --
// the ICE credentials and options (RFC 8839 §5.4, §5.6) and the DTLS certificate fingerprint
// and role (RFC 8122 §5, RFC 5763 §5). The ICE agent and the DTLS endpoint are configured
// from these; with BUNDLE, all the sections of a group share one set.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "net/sdp/fingerprint.h"
#include "net/sdp/setup_role.h"

namespace rtclab::net::sdp {

struct TransportParameters {
    std::optional<std::string> ice_ufrag;
    std::optional<std::string> ice_pwd;
    std::vector<std::string> ice_options;  // e.g. {"trickle"}
    // RFC 8122 §5 allows several (one per hash function or per certificate); the DTLS
    // endpoint accepts a certificate that matches any of them.
    std::vector<Fingerprint> fingerprints;
    std::optional<SetupRole> setup;

    bool operator==(const TransportParameters&) const = default;
};

}  // namespace rtclab::net::sdp
