#include "net/sdp/ssrc.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

Result<Ssrc> Ssrc::parse(std::string_view value) {
    value = trim_spaces(value);
    const std::size_t space = value.find(' ');
    auto id = parse_decimal(value.substr(0, space), "ssrc", 0, 0xFFFFFFFFu);
    if (!id) return id.error();
    if (space == std::string_view::npos) return make_error("attribute is missing after the ssrc");
    const std::string_view attr = trim_spaces(value.substr(space + 1));
    const std::size_t colon = attr.find(':');
    Ssrc s;
    s.ssrc = static_cast<std::uint32_t>(*id);
    s.attribute = std::string(attr.substr(0, colon));
    if (!is_token(s.attribute))
        return make_error("attribute name " + quoted(s.attribute) + " is not a token");
    if (colon != std::string_view::npos) s.value = std::string(attr.substr(colon + 1));
    return s;
}

std::string Ssrc::to_string() const {
    std::string out = std::to_string(ssrc) + " " + attribute;
    if (value) out += ":" + *value;
    return out;
}

Result<SsrcGroup> SsrcGroup::parse(std::string_view value) {
    const auto fields = split_fields(value);
    if (fields.empty()) return make_error("semantics is missing");
    if (!is_token(fields[0]))
        return make_error("semantics " + quoted(fields[0]) + " is not a token");
    SsrcGroup group;
    group.semantics = std::string(fields[0]);
    for (std::size_t i = 1; i < fields.size(); ++i) {
        auto id = parse_decimal(fields[i], "ssrc", 0, 0xFFFFFFFFu);
        if (!id) return id.error();
        group.ssrcs.push_back(static_cast<std::uint32_t>(*id));
    }
    if (group.ssrcs.empty()) return make_error("no ssrc follows the semantics");
    return group;
}

std::string SsrcGroup::to_string() const {
    std::string out = semantics;
    for (auto id : ssrcs)
        out += " " + std::to_string(id);
    return out;
}

}  // namespace rtclab::net::sdp
