// `rtclab decode`: a packet given as hex, decoded as STUN and printed as JSON.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

namespace rtclab::cli {

struct DecodeOptions {
    std::string hex;  // as pasted: spaces, ':' and '-' between bytes and a 0x prefix are fine
    // Credentials to check MESSAGE-INTEGRITY(-SHA256) with: username + realm + password for
    // the long-term mechanism (RFC 8489 §9.2), password alone for the short-term one (§9.1).
    std::optional<std::string> username, realm, password;
};

// Prints the decoded message as JSON (sim/stun_json.h, 2-space indent) on out and returns 0.
// Returns 2 with one line on err, naming the offset where there is one, when the hex is bad
// ("rtclab decode: offset 7: 'g' is not a hex digit"), the bytes are not STUN
// ("rtclab decode: not a STUN message: offset 4: magic cookie is 0x... not 0x2112a442"), the
// STUN is malformed ("rtclab decode: malformed STUN message: offset 20: ..."), or the
// credentials are incomplete (username or realm without the other two).
int run_decode(const DecodeOptions& options, std::ostream& out, std::ostream& err);

}  // namespace rtclab::cli
