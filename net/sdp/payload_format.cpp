#include "net/sdp/payload_format.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {
namespace {

// The RTP payload type field is 7 bits (RFC 3550 §5.1).
Result<std::uint8_t> parse_payload_type(std::string_view token) {
    auto pt = parse_decimal(token, "payload type", 0, 127);
    if (!pt) return pt.error();
    return static_cast<std::uint8_t>(*pt);
}

// Splits "<first> <rest>" at the first run of spaces; rest keeps its inner spacing.
std::pair<std::string_view, std::string_view> split_first(std::string_view value) {
    value = trim_spaces(value);
    const std::size_t space = value.find(' ');
    if (space == std::string_view::npos) return {value, {}};
    return {value.substr(0, space), trim_spaces(value.substr(space + 1))};
}

}  // namespace

Result<RtpMap> RtpMap::parse(std::string_view value) {
    const auto fields = split_fields(value);
    if (fields.empty()) return make_error("payload type is missing");
    auto pt = parse_payload_type(fields[0]);
    if (!pt) return pt.error();
    if (fields.size() < 2)
        return make_error("'<encoding name>/<clock rate>' is missing after the payload type");
    if (fields.size() > 2) return make_error("unexpected " + quoted(fields[2]) + " at the end");

    RtpMap map;
    map.payload_type = *pt;
    const std::string_view encoding = fields[1];
    const std::size_t slash = encoding.find('/');
    const std::string_view name = encoding.substr(0, slash);
    if (!is_token(name)) return make_error("encoding name " + quoted(name) + " is not a token");
    if (slash == std::string_view::npos)
        return make_error("encoding " + quoted(encoding) +
                          " has no clock rate (expected '<name>/<clock rate>')");
    map.encoding_name = std::string(name);

    std::string_view rest = encoding.substr(slash + 1);
    const std::size_t slash2 = rest.find('/');
    auto clock = parse_decimal(rest.substr(0, slash2), "clock rate", 1, 0xFFFFFFFFu);
    if (!clock) return clock.error();
    map.clock_rate = static_cast<std::uint32_t>(*clock);
    if (slash2 != std::string_view::npos) {
        auto channels = parse_decimal(rest.substr(slash2 + 1), "channel count", 1, 0xFFFFFFFFu);
        if (!channels) return channels.error();
        map.channels = static_cast<std::uint32_t>(*channels);
    }
    return map;
}

std::string RtpMap::to_string() const {
    std::string out =
        std::to_string(payload_type) + " " + encoding_name + "/" + std::to_string(clock_rate);
    if (channels) out += "/" + std::to_string(*channels);
    return out;
}

std::vector<std::pair<std::string, std::string>> Fmtp::parameter_list() const {
    std::vector<std::pair<std::string, std::string>> out;
    std::string_view rest = parameters;
    while (!rest.empty()) {
        const std::size_t semi = rest.find(';');
        const std::string_view item = trim_spaces(rest.substr(0, semi));
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        if (item.empty()) continue;
        const std::size_t eq = item.find('=');
        if (eq == std::string_view::npos) {
            out.emplace_back(std::string(item), std::string());
        } else {
            out.emplace_back(std::string(trim_spaces(item.substr(0, eq))),
                             std::string(trim_spaces(item.substr(eq + 1))));
        }
    }
    return out;
}

std::optional<std::string> Fmtp::parameter(std::string_view name) const {
    for (auto& [key, value] : parameter_list())
        if (key == name) return value;
    return std::nullopt;
}

Result<Fmtp> Fmtp::parse(std::string_view value) {
    const auto [format, params] = split_first(value);
    if (format.empty()) return make_error("payload type is missing");
    auto pt = parse_payload_type(format);
    if (!pt) return pt.error();
    if (params.empty()) return make_error("format parameters are missing after the payload type");
    return Fmtp{*pt, std::string(params)};
}

std::string Fmtp::to_string() const {
    return std::to_string(payload_type) + " " + parameters;
}

Result<RtcpFeedback> RtcpFeedback::parse(std::string_view value) {
    const auto [format, rest] = split_first(value);
    if (format.empty()) return make_error("payload type is missing");
    RtcpFeedback fb;
    // rtcp-fb-pt = "*" / fmt: "*" applies to every payload type of the section.
    if (format != "*") {
        auto pt = parse_payload_type(format);
        if (!pt) return pt.error();
        fb.payload_type = *pt;
    }
    const auto [type, parameter] = split_first(rest);
    if (type.empty()) return make_error("feedback type is missing after the payload type");
    if (!is_token(type)) return make_error("feedback type " + quoted(type) + " is not a token");
    fb.type = std::string(type);
    fb.parameter = std::string(parameter);
    return fb;
}

std::string RtcpFeedback::to_string() const {
    std::string out = payload_type ? std::to_string(*payload_type) : std::string("*");
    out += " " + type;
    if (!parameter.empty()) out += " " + parameter;
    return out;
}

}  // namespace rtclab::net::sdp
