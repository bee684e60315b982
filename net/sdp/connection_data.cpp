#include "net/sdp/connection_data.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

std::optional<IpAddress> ConnectionData::ip() const {
    auto parsed = IpAddress::parse(std::string_view(address).substr(0, address.find('/')));
    if (!parsed) return std::nullopt;
    return *parsed;
}

Result<ConnectionData> ConnectionData::parse(std::string_view value) {
    const auto f = split_fields(value);
    // c=<nettype> <addrtype> <connection-address>
    if (f.size() != 3)
        return make_error("has " + std::to_string(f.size()) +
                          " fields, it needs 3: <nettype> <addrtype> <connection-address>");
    if (!is_token(f[0])) return make_error("nettype " + quoted(f[0]) + " is not a token");
    if (!is_token(f[1])) return make_error("addrtype " + quoted(f[1]) + " is not a token");
    ConnectionData c{std::string(f[0]), std::string(f[1]), std::string(f[2])};
    // The address must be an address, and match its type where the meaning depends on it:
    // ICE and the GUI read it as an IP address.
    const std::string_view host = std::string_view(c.address).substr(0, c.address.find('/'));
    if (auto ok = check_address(host, "address"); !ok) return ok.error();
    if (c.net_type == "IN" && (c.address_type == "IP4" || c.address_type == "IP6")) {
        auto ip = c.ip();
        if (ip && ip->is_v4() != (c.address_type == "IP4"))
            return make_error("address " + quoted(c.address) + " is not an " + c.address_type +
                              " address");
    }
    return c;
}

std::string ConnectionData::to_string() const {
    return net_type + " " + address_type + " " + address;
}

}  // namespace rtclab::net::sdp
