// Origin: the o= line (RFC 8866 §5.2) -- who created the description, and which version of
// it this is.
//
//   o=- 4611731400430051336 2 IN IP4 127.0.0.1
//     |          |          |  `------------ nettype, addrtype, unicast address
//     username   sess-id    sess-version
//
// JSEP (RFC 8829 §5.2.1): the username "SHOULD be "-""; "The sess-id MUST be representable by
// a 64-bit signed integer, and the value MUST be less than (2**63)-1"; the address "SHOULD be
// set to a non-meaningful address, such as IN IP4 0.0.0.0, to prevent leaking a local IP
// address". The sess-id stays the same for the whole session while sess-version goes up by
// one with every new offer or answer that changes something (RFC 8829 §5.2.2, RFC 3264 §8).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/result.h"

namespace rtclab::net::sdp {

struct Origin {
    std::string username = "-";
    // Read as a full unsigned 64-bit number (RFC 3264 §5 asks that it be representable in
    // one); never through a double or a signed type, which would lose or reject browser ids.
    std::uint64_t session_id = 0;
    std::uint64_t session_version = 0;
    std::string net_type = "IN";       // "IN": Internet
    std::string address_type = "IP4";  // "IP4" or "IP6"
    std::string address = "127.0.0.1";

    // The value after "o=". Errors name the field: "session id '1x' is not a decimal number".
    static Result<Origin> parse(std::string_view value);
    std::string to_string() const;  // "- 4611731400430051336 2 IN IP4 127.0.0.1"
    bool operator==(const Origin&) const = default;
};

}  // namespace rtclab::net::sdp
