#include "net/sdp/candidate.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

std::string candidate_type_name(CandidateType type) {
    switch (type) {
        case CandidateType::kHost:
            return "host";
        case CandidateType::kServerReflexive:
            return "srflx";
        case CandidateType::kPeerReflexive:
            return "prflx";
        case CandidateType::kRelay:
            return "relay";
    }
    return "host";
}

std::optional<CandidateType> parse_candidate_type(std::string_view name) {
    // ABNF literals are case-insensitive (RFC 5234 §2.3); browsers write lower case.
    if (iequals(name, "host")) return CandidateType::kHost;
    if (iequals(name, "srflx")) return CandidateType::kServerReflexive;
    if (iequals(name, "prflx")) return CandidateType::kPeerReflexive;
    if (iequals(name, "relay")) return CandidateType::kRelay;
    return std::nullopt;
}

std::string tcp_type_name(TcpType type) {
    switch (type) {
        case TcpType::kActive:
            return "active";
        case TcpType::kPassive:
            return "passive";
        case TcpType::kSo:
            return "so";
    }
    return "active";
}

std::optional<IpAddress> Candidate::ip() const {
    auto parsed = IpAddress::parse(address);
    if (!parsed) return std::nullopt;
    return *parsed;
}

std::optional<TransportAddress> Candidate::transport_address() const {
    auto address_ip = ip();
    if (!address_ip) return std::nullopt;
    return TransportAddress{*address_ip, port};
}

bool Candidate::is_mdns() const {
    // draft-ietf-mmusic-mdns-ice-candidates §3.1.1: the name is a UUID "followed by '.local'".
    constexpr std::string_view kSuffix = ".local";
    return address.size() > kSuffix.size() &&
           iequals(std::string_view(address).substr(address.size() - kSuffix.size()), kSuffix);
}

std::optional<std::string> Candidate::extension(std::string_view name) const {
    for (const auto& e : extensions)
        if (e.name == name) return e.value;
    return std::nullopt;
}

Result<Candidate> parse_candidate_value(std::string_view value) {
    const std::vector<std::string_view> f = split_fields(value);
    Candidate c;

    // RFC 8839 §5.1: foundation = 1*32ice-char
    if (f.empty()) return make_error("foundation is missing");
    if (f[0].size() > 32 || !is_ice_chars(f[0]))
        return make_error("foundation " + quoted(f[0]) +
                          " must be 1 to 32 letters, digits, '+' or '/'");
    c.foundation = std::string(f[0]);

    if (f.size() < 2) return make_error("component id is missing");
    auto component = parse_decimal(f[1], "component id", 1, 256);
    if (!component) return component.error();
    c.component = static_cast<std::uint16_t>(*component);

    if (f.size() < 3) return make_error("transport is missing");
    if (iequals(f[2], "udp")) {
        c.transport = CandidateTransport::kUdp;
    } else if (iequals(f[2], "tcp")) {
        c.transport = CandidateTransport::kTcp;
    } else {
        return make_error("transport " + quoted(f[2]) + " is neither UDP nor TCP");
    }

    // The priority is sent in STUN's 32-bit PRIORITY attribute (RFC 8445 §7.1.1); RFC 8445
    // §5.1.2 keeps it within 1..2^31-1, but a reader accepts any 32-bit value.
    if (f.size() < 4) return make_error("priority is missing");
    auto priority = parse_decimal(f[3], "priority", 0, 0xFFFFFFFFu);
    if (!priority) return priority.error();
    c.priority = static_cast<std::uint32_t>(*priority);

    if (f.size() < 5) return make_error("connection address is missing");
    if (auto ok = check_address(f[4], "connection address"); !ok) return ok.error();
    c.address = std::string(f[4]);

    if (f.size() < 6) return make_error("port is missing");
    auto port = parse_decimal(f[5], "port", 0, 65535);
    if (!port) return port.error();
    c.port = static_cast<std::uint16_t>(*port);

    // cand-type = "typ" SP candidate-types
    if (f.size() < 7) return make_error("'typ <host|srflx|prflx|relay>' is missing after the port");
    if (f[6] != "typ") return make_error("expected 'typ' after the port, found " + quoted(f[6]));
    if (f.size() < 8) return make_error("'typ' has no candidate type");
    auto type = parse_candidate_type(f[7]);
    if (!type)
        return make_error("candidate type " + quoted(f[7]) + " is not host, srflx, prflx or relay");
    c.type = *type;

    // Then name/value pairs: rel-addr, rel-port (RFC 8839), tcptype (RFC 6544), extensions.
    for (std::size_t i = 8; i < f.size(); i += 2) {
        const std::string_view name = f[i];
        if (i + 1 >= f.size()) return make_error(quoted(name) + " has no value");
        const std::string_view v = f[i + 1];
        if (name == "raddr") {
            if (c.related_address) return make_error("raddr appears twice");
            if (auto ok = check_address(v, "raddr"); !ok) return ok.error();
            c.related_address = std::string(v);
        } else if (name == "rport") {
            if (c.related_port) return make_error("rport appears twice");
            auto rport = parse_decimal(v, "rport", 0, 65535);
            if (!rport) return rport.error();
            c.related_port = static_cast<std::uint16_t>(*rport);
        } else if (name == "tcptype") {
            if (c.tcp_type) return make_error("tcptype appears twice");
            if (iequals(v, "active")) {
                c.tcp_type = TcpType::kActive;
            } else if (iequals(v, "passive")) {
                c.tcp_type = TcpType::kPassive;
            } else if (iequals(v, "so")) {
                c.tcp_type = TcpType::kSo;
            } else {
                return make_error("tcptype " + quoted(v) + " is not active, passive or so");
            }
        } else {
            // extension-att-name = token; extension-att-value = *VCHAR
            if (!is_token(name))
                return make_error("extension name " + quoted(name) + " is not a token");
            c.extensions.push_back({std::string(name), std::string(v)});
        }
    }
    return c;
}

Result<Candidate> parse_candidate(std::string_view text) {
    std::string_view rest = text;
    // Tolerate a line ending, as a candidate copied out of an SDP carries one.
    while (!rest.empty() && (rest.back() == '\n' || rest.back() == '\r'))
        rest.remove_suffix(1);
    if (rest.starts_with("a=")) rest.remove_prefix(2);
    if (!rest.starts_with("candidate:")) {
        if (rest.empty())
            return make_error(
                "candidate: empty string (an empty candidate means "
                "end-of-candidates, it is not a candidate)");
        return make_error("candidate: " + quoted(text) +
                          " does not start with 'candidate:' or 'a=candidate:'");
    }
    rest.remove_prefix(std::string_view("candidate:").size());
    auto parsed = parse_candidate_value(rest);
    if (!parsed) return make_error("candidate: " + parsed.error().message);
    return parsed;
}

std::string candidate_value_to_string(const Candidate& c) {
    std::string out;
    out.reserve(128);
    out += c.foundation;
    out += ' ';
    out += std::to_string(c.component);
    out += c.transport == CandidateTransport::kTcp ? " tcp " : " udp ";
    out += std::to_string(c.priority);
    out += ' ';
    out += c.address;
    out += ' ';
    out += std::to_string(c.port);
    out += " typ ";
    out += candidate_type_name(c.type);
    if (c.related_address) {
        out += " raddr ";
        out += *c.related_address;
    }
    if (c.related_port) {
        out += " rport ";
        out += std::to_string(*c.related_port);
    }
    if (c.tcp_type) {
        out += " tcptype ";
        out += tcp_type_name(*c.tcp_type);
    }
    for (const auto& e : c.extensions) {
        out += ' ';
        out += e.name;
        out += ' ';
        out += e.value;
    }
    return out;
}

std::string to_string(const Candidate& candidate) {
    return "candidate:" + candidate_value_to_string(candidate);
}

}  // namespace rtclab::net::sdp
