#include "net/sdp/line.h"

#include <vector>

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {
namespace {

template <class... F>
struct Overloaded : F... {
    using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

// The value after "a=<name>:" for each typed attribute ("" for a flag).
std::string format_value(const LineValue& value) {
    return std::visit(
        Overloaded{
            [](const RawLine& v) { return v.value; },
            [](const RawAttribute& v) { return v.value.value_or(""); },
            [](const Group& v) { return v.to_string(); },
            [](const MsidSemantic& v) { return v.to_string(); },
            [](const IceUfrag& v) { return v.value; },
            [](const IcePwd& v) { return v.value; },
            [](const IceOptions& v) {
                std::string out;
                for (const auto& o : v.options)
                    out += (out.empty() ? "" : " ") + o;
                return out;
            },
            [](const Fingerprint& v) { return v.to_string(); },
            [](const SetupRole& v) { return setup_role_name(v); },
            [](const Mid& v) { return v.value; },
            [](const Candidate& v) { return candidate_value_to_string(v); },
            [](const Msid& v) { return v.to_string(); },
            [](const RtpMap& v) { return v.to_string(); },
            [](const RtcpFeedback& v) { return v.to_string(); },
            [](const Fmtp& v) { return v.to_string(); },
            [](const Extmap& v) { return v.to_string(); },
            [](const Ssrc& v) { return v.to_string(); },
            [](const SsrcGroup& v) { return v.to_string(); },
            [](const SctpPort& v) { return std::to_string(v.port); },
            [](const MaxMessageSize& v) { return std::to_string(v.bytes); },
            // Flags: IceLite, BundleOnly, EndOfCandidates, Direction, RtcpMux, RtcpRsize.
            [](const auto&) { return std::string(); },
        },
        value);
}

bool is_flag(const LineValue& value) {
    return std::holds_alternative<IceLite>(value) || std::holds_alternative<BundleOnly>(value) ||
           std::holds_alternative<EndOfCandidates>(value) ||
           std::holds_alternative<Direction>(value) || std::holds_alternative<RtcpMux>(value) ||
           std::holds_alternative<RtcpRsize>(value);
}

// --- parsers of the attributes that have no header of their own ---------------------------

Result<LineValue> parse_mid(std::string_view v) {
    // identification-tag = token (RFC 5888 §4)
    v = trim_spaces(v);
    if (!is_token(v)) return make_error("mid " + quoted(v) + " is not a token");
    return LineValue{Mid{std::string(v)}};
}

Result<std::string> parse_ice_credential(std::string_view v, const char* what, std::size_t min) {
    v = trim_spaces(v);
    // RFC 8839 §5.4: ufrag = 4*256ice-char, password = 22*256ice-char
    if (v.size() < min || v.size() > 256 || !is_ice_chars(v))
        return make_error(std::string(what) + " " + quoted(v) + " must be " + std::to_string(min) +
                          " to 256 letters, digits, '+' or '/' (RFC 8839 §5.4)");
    return std::string(v);
}

Result<LineValue> parse_ice_ufrag(std::string_view v) {
    auto s = parse_ice_credential(v, "ufrag", 4);
    if (!s) return s.error();
    return LineValue{IceUfrag{std::move(*s)}};
}

Result<LineValue> parse_ice_pwd(std::string_view v) {
    auto s = parse_ice_credential(v, "password", 22);
    if (!s) return s.error();
    return LineValue{IcePwd{std::move(*s)}};
}

Result<LineValue> parse_ice_options(std::string_view v) {
    IceOptions options;
    for (auto tag : split_fields(v)) {
        // ice-option-tag = 1*ice-char (RFC 8839 §5.6)
        if (!is_ice_chars(tag)) return make_error("option " + quoted(tag) + " is not ice-chars");
        options.options.emplace_back(tag);
    }
    if (options.options.empty()) return make_error("no option given");
    return LineValue{std::move(options)};
}

Result<LineValue> parse_setup(std::string_view v) {
    v = trim_spaces(v);
    auto role = parse_setup_role(v);
    if (!role)
        return make_error("role " + quoted(v) + " is not actpass, active, passive or holdconn");
    return LineValue{*role};
}

Result<LineValue> parse_sctp_port(std::string_view v) {
    auto port = parse_decimal(trim_spaces(v), "port", 0, 65535);
    if (!port) return port.error();
    return LineValue{SctpPort{static_cast<std::uint16_t>(*port)}};
}

Result<LineValue> parse_max_message_size(std::string_view v) {
    auto size = parse_decimal(trim_spaces(v), "size", 0, UINT64_MAX);
    if (!size) return size.error();
    return LineValue{MaxMessageSize{*size}};
}

template <class T>
Result<LineValue> parse_with(std::string_view v) {
    auto parsed = T::parse(v);
    if (!parsed) return parsed.error();
    return LineValue{std::move(*parsed)};
}

Result<LineValue> parse_candidate_attr(std::string_view v) {
    auto parsed = parse_candidate_value(v);
    if (!parsed) return parsed.error();
    return LineValue{std::move(*parsed)};
}

struct KnownAttribute {
    std::string_view name;
    // Parses a value; nullptr for a flag, which takes none.
    Result<LineValue> (*parse)(std::string_view);
    LineValue flag;  // the value of a flag
};

// The attributes this codec models, by name.
const std::vector<KnownAttribute>& known_attributes() {
    static const std::vector<KnownAttribute> table = {
        {"group", &parse_with<Group>, {}},
        {"msid-semantic", &parse_with<MsidSemantic>, {}},
        {"ice-lite", nullptr, IceLite{}},
        {"ice-ufrag", &parse_ice_ufrag, {}},
        {"ice-pwd", &parse_ice_pwd, {}},
        {"ice-options", &parse_ice_options, {}},
        {"fingerprint", &parse_with<Fingerprint>, {}},
        {"setup", &parse_setup, {}},
        {"mid", &parse_mid, {}},
        {"bundle-only", nullptr, BundleOnly{}},
        {"candidate", &parse_candidate_attr, {}},
        {"end-of-candidates", nullptr, EndOfCandidates{}},
        {"sendrecv", nullptr, Direction::kSendRecv},
        {"sendonly", nullptr, Direction::kSendOnly},
        {"recvonly", nullptr, Direction::kRecvOnly},
        {"inactive", nullptr, Direction::kInactive},
        {"msid", &parse_with<Msid>, {}},
        {"rtcp-mux", nullptr, RtcpMux{}},
        {"rtcp-rsize", nullptr, RtcpRsize{}},
        {"rtpmap", &parse_with<RtpMap>, {}},
        {"rtcp-fb", &parse_with<RtcpFeedback>, {}},
        {"fmtp", &parse_with<Fmtp>, {}},
        {"extmap", &parse_with<Extmap>, {}},
        {"ssrc", &parse_with<Ssrc>, {}},
        {"ssrc-group", &parse_with<SsrcGroup>, {}},
        {"sctp-port", &parse_sctp_port, {}},
        {"max-message-size", &parse_max_message_size, {}},
    };
    return table;
}

}  // namespace

std::string attribute_name(const LineValue& value) {
    if (const auto* raw = std::get_if<RawAttribute>(&value)) return raw->name;
    if (std::holds_alternative<RawLine>(value)) return "";
    if (const auto* d = std::get_if<Direction>(&value)) return direction_name(*d);
    return std::visit(Overloaded{
                          [](const Group&) { return "group"; },
                          [](const MsidSemantic&) { return "msid-semantic"; },
                          [](const IceLite&) { return "ice-lite"; },
                          [](const BundleOnly&) { return "bundle-only"; },
                          [](const EndOfCandidates&) { return "end-of-candidates"; },
                          [](const RtcpMux&) { return "rtcp-mux"; },
                          [](const RtcpRsize&) { return "rtcp-rsize"; },
                          [](const IceUfrag&) { return "ice-ufrag"; },
                          [](const IcePwd&) { return "ice-pwd"; },
                          [](const IceOptions&) { return "ice-options"; },
                          [](const Fingerprint&) { return "fingerprint"; },
                          [](const SetupRole&) { return "setup"; },
                          [](const Mid&) { return "mid"; },
                          [](const Candidate&) { return "candidate"; },
                          [](const Msid&) { return "msid"; },
                          [](const RtpMap&) { return "rtpmap"; },
                          [](const RtcpFeedback&) { return "rtcp-fb"; },
                          [](const Fmtp&) { return "fmtp"; },
                          [](const Extmap&) { return "extmap"; },
                          [](const Ssrc&) { return "ssrc"; },
                          [](const SsrcGroup&) { return "ssrc-group"; },
                          [](const SctpPort&) { return "sctp-port"; },
                          [](const MaxMessageSize&) { return "max-message-size"; },
                          [](const auto&) { return ""; },
                      },
                      value);
}

std::string format_line(const LineValue& value) {
    if (const auto* raw = std::get_if<RawLine>(&value))
        return std::string(1, raw->type) + "=" + raw->value;
    if (const auto* raw = std::get_if<RawAttribute>(&value))
        return raw->value ? "a=" + raw->name + ":" + *raw->value : "a=" + raw->name;
    if (is_flag(value)) return "a=" + attribute_name(value);
    return "a=" + attribute_name(value) + ":" + format_value(value);
}

std::string Line::text() const {
    std::string canonical = format_line(value);
    if (!original.empty() && canonical == original_canonical) return original;
    return canonical;
}

Result<Line> parse_attribute_line(std::string_view text) {
    const std::size_t colon = text.find(':');
    std::string_view name = text.substr(0, colon);
    // Tolerate spaces before the colon or after a flag ("a=rtcp-mux "); the spelling is kept.
    const std::string_view trimmed_name = trim_spaces(name);
    const std::optional<std::string_view> value =
        colon == std::string_view::npos ? std::nullopt
                                        : std::optional<std::string_view>(text.substr(colon + 1));

    // att-field = token (RFC 8866 §9)
    if (trimmed_name.empty()) return make_error("a=: the attribute has no name");
    if (!is_token(trimmed_name))
        return make_error("a=: attribute name " + quoted(trimmed_name) + " is not a token");

    const std::string label = "a=" + std::string(trimmed_name);
    for (const auto& known : known_attributes()) {
        if (known.name != trimmed_name) continue;
        Line line;
        if (known.parse == nullptr) {
            // A property attribute: "a=<name>" (RFC 8866 §5.13).
            if (value && !trim_spaces(*value).empty())
                return make_error(label + ": takes no value, found " + quoted(*value));
            line.value = known.flag;
        } else {
            if (!value)
                return make_error(label + ": the value is missing (expected " + label +
                                  ":<value>)");
            auto parsed = known.parse(*value);
            if (!parsed) return make_error(label + ": " + parsed.error().message);
            line.value = std::move(*parsed);
        }
        std::string canonical = format_line(line.value);
        if (canonical.size() != text.size() + 2 ||
            canonical.compare(2, std::string::npos, text) != 0) {
            line.original = "a=" + std::string(text);
            line.original_canonical = std::move(canonical);
        }
        return line;
    }

    // Unknown: kept verbatim, name and value as written.
    RawAttribute raw;
    raw.name = std::string(name);
    if (value) raw.value = std::string(*value);
    return Line(LineValue{std::move(raw)});
}

}  // namespace rtclab::net::sdp
