#include "sim/nat_config.h"

namespace rtclab::sim {

std::optional<NatConfig> nat_preset(std::string_view name) {
    NatConfig c;
    c.preset = std::string(name);
    if (name == "open") {
        c.translates = false;
        c.filtering = Behavior::kEndpointIndependent;
    } else if (name == "full-cone") {
        c.mapping = Behavior::kEndpointIndependent;
        c.filtering = Behavior::kEndpointIndependent;
    } else if (name == "restricted-cone") {
        c.mapping = Behavior::kEndpointIndependent;
        c.filtering = Behavior::kAddressDependent;
    } else if (name == "port-restricted-cone") {
        c.mapping = Behavior::kEndpointIndependent;
        c.filtering = Behavior::kAddressAndPortDependent;
    } else if (name == "symmetric") {
        // A new mapping (and so a new external port) per destination: what the peer sees
        // is not what the STUN server saw, which is why ICE learns peer-reflexive candidates.
        c.mapping = Behavior::kAddressAndPortDependent;
        c.filtering = Behavior::kAddressAndPortDependent;
        c.ports = PortAssignment::kRandom;
    } else {
        return std::nullopt;
    }
    return c;
}

const std::vector<std::string>& nat_preset_names() {
    static const std::vector<std::string> names = {"open", "full-cone", "restricted-cone",
                                                   "port-restricted-cone", "symmetric"};
    return names;
}

std::string_view to_string(Behavior b) {
    switch (b) {
        case Behavior::kEndpointIndependent: return "endpoint-independent";
        case Behavior::kAddressDependent: return "address-dependent";
        case Behavior::kAddressAndPortDependent: return "address-and-port-dependent";
    }
    return "?";
}

std::string_view to_string(PortAssignment p) {
    switch (p) {
        case PortAssignment::kPreserve: return "preserve";
        case PortAssignment::kSequential: return "sequential";
        case PortAssignment::kRandom: return "random";
    }
    return "?";
}

std::string_view to_string(RefreshRule r) {
    return r == RefreshRule::kOutbound ? "outbound" : "both";
}

std::optional<Behavior> parse_behavior(std::string_view text) {
    if (text == "endpoint-independent") return Behavior::kEndpointIndependent;
    if (text == "address-dependent") return Behavior::kAddressDependent;
    if (text == "address-and-port-dependent") return Behavior::kAddressAndPortDependent;
    return std::nullopt;
}

std::optional<PortAssignment> parse_port_assignment(std::string_view text) {
    if (text == "preserve") return PortAssignment::kPreserve;
    if (text == "sequential") return PortAssignment::kSequential;
    if (text == "random") return PortAssignment::kRandom;
    return std::nullopt;
}

std::optional<RefreshRule> parse_refresh_rule(std::string_view text) {
    if (text == "outbound") return RefreshRule::kOutbound;
    if (text == "both") return RefreshRule::kBoth;
    return std::nullopt;
}

std::string describe(const NatConfig& c) {
    if (!c.translates) return "open (no NAT: a plain router)";
    std::string rfc3489;
    if (c.mapping == Behavior::kEndpointIndependent) {
        switch (c.filtering) {
            case Behavior::kEndpointIndependent: rfc3489 = "full cone"; break;
            case Behavior::kAddressDependent: rfc3489 = "restricted cone"; break;
            case Behavior::kAddressAndPortDependent: rfc3489 = "port-restricted cone"; break;
        }
    } else if (c.filtering != Behavior::kEndpointIndependent) {
        rfc3489 = "symmetric";
    } else {
        rfc3489 = "no RFC 3489 name";
    }
    return rfc3489 + " (RFC 3489) = " + std::string(to_string(c.mapping)) + " mapping, " +
           std::string(to_string(c.filtering)) + " filtering (RFC 4787)";
}

}  // namespace rtclab::sim
