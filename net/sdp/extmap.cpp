#include "net/sdp/extmap.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

Result<Extmap> Extmap::parse(std::string_view value) {
    value = trim_spaces(value);
    const std::size_t space = value.find(' ');
    const std::string_view id_part = value.substr(0, space);
    if (id_part.empty()) return make_error("extension id is missing");

    Extmap map;
    const std::size_t slash = id_part.find('/');
    const std::string_view id_text = id_part.substr(0, slash);
    auto id = parse_decimal(id_text, "extension id", 1, 4351);
    if (!id) return id.error();
    if (*id > 255 && *id < 4096)
        return make_error("extension id " + quoted(id_text) +
                          " is neither 1-255 nor 4096-4351 (RFC 8285 §5)");
    map.id = static_cast<std::uint16_t>(*id);
    if (slash != std::string_view::npos) {
        const std::string_view dir = id_part.substr(slash + 1);
        map.direction = parse_direction(dir);
        if (!map.direction)
            return make_error("direction " + quoted(dir) +
                              " is not sendrecv, sendonly, recvonly or inactive");
    }

    if (space == std::string_view::npos) return make_error("URI is missing after the id");
    const std::string_view rest = trim_spaces(value.substr(space + 1));
    const std::size_t space2 = rest.find(' ');
    map.uri = std::string(rest.substr(0, space2));
    if (space2 != std::string_view::npos)
        map.attributes = std::string(trim_spaces(rest.substr(space2 + 1)));
    return map;
}

std::string Extmap::to_string() const {
    std::string out = std::to_string(id);
    if (direction) out += "/" + direction_name(*direction);
    out += " " + uri;
    if (!attributes.empty()) out += " " + attributes;
    return out;
}

}  // namespace rtclab::net::sdp
