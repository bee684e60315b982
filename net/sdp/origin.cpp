#include "net/sdp/origin.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

Result<Origin> Origin::parse(std::string_view value) {
    const auto f = split_fields(value);
    // o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>
    if (f.size() != 6)
        return make_error("has " + std::to_string(f.size()) + " fields, it needs 6: <username> " +
                          "<sess-id> <sess-version> <nettype> <addrtype> <unicast-address>");
    Origin o;
    o.username = std::string(f[0]);
    auto id = parse_decimal(f[1], "session id", 0, UINT64_MAX);
    if (!id) return id.error();
    o.session_id = *id;
    auto version = parse_decimal(f[2], "session version", 0, UINT64_MAX);
    if (!version) return version.error();
    o.session_version = *version;
    if (!is_token(f[3])) return make_error("nettype " + quoted(f[3]) + " is not a token");
    if (!is_token(f[4])) return make_error("addrtype " + quoted(f[4]) + " is not a token");
    o.net_type = std::string(f[3]);
    o.address_type = std::string(f[4]);
    if (auto ok = check_address(f[5], "unicast address"); !ok) return ok.error();
    o.address = std::string(f[5]);
    return o;
}

std::string Origin::to_string() const {
    return username + " " + std::to_string(session_id) + " " + std::to_string(session_version) +
           " " + net_type + " " + address_type + " " + address;
}

}  // namespace rtclab::net::sdp
