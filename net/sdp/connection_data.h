// ConnectionData: the c= line (RFC 8866 §5.7) -- the address media goes to.
//
//   c=IN IP4 0.0.0.0
//
// With ICE the real addresses are in the candidates; RFC 8839 §4.2.1.2 has c= carry the
// default candidate's address, and before any candidate is gathered JSEP writes the dummy
// "IN IP4 0.0.0.0" (with port 9 on the m= line, RFC 8829 §5.2.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/result.h"

namespace rtclab::net::sdp {

struct ConnectionData {
    std::string net_type = "IN";
    std::string address_type = "IP4";
    // As written; a multicast address may carry "/<ttl>[/<number of addresses>]".
    std::string address = "0.0.0.0";

    // The address as an IP address (the part before any '/'), or nullopt for a host name.
    std::optional<IpAddress> ip() const;

    static Result<ConnectionData> parse(std::string_view value);
    std::string to_string() const;  // "IN IP4 0.0.0.0"
    bool operator==(const ConnectionData&) const = default;
};

}  // namespace rtclab::net::sdp
