// NatConfig: the RFC 4787 knobs of one NAT, and the presets with their RFC 3489 names.
//
// Each knob is independent (Pion's vnet once keyed mappings by the filtering setting,
// pion/transport#36; rtclab tests every knob on its own).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/core/time.h"

namespace rtclab::sim {

// RFC 4787 section 4.1: how the NAT chooses to reuse a mapping for a new destination.
// The same three words describe filtering (section 5), so one enum serves both knobs.
enum class Behavior {
    kEndpointIndependent,      // one mapping / any remote may send back
    kAddressDependent,         // per remote IP / only remote IPs the inside host sent to
    kAddressAndPortDependent,  // per remote ip:port / only remote ip:ports it sent to
};

// RFC 4787 section 4.2: which external port a new mapping gets.
enum class PortAssignment {
    kPreserve,    // the internal port if free (REQ-3 recommends no port preservation
                  // requirement, but many home NATs do it), else the next free one
    kSequential,  // the next port after the last one given out
    kRandom,      // a port drawn from the seeded Rng
};

// RFC 4787 section 4.3: which traffic keeps a mapping alive.
enum class RefreshRule {
    kOutbound,  // REQ-6: outbound packets refresh the mapping
    kBoth,      // inbound packets refresh it too (RFC 4787 allows this; some NATs do it)
};

struct NatConfig {
    std::string preset = "port-restricted-cone";  // "custom" once a knob is overridden
    bool translates = true;                       // false for the "open" preset: plain router
    Behavior mapping = Behavior::kEndpointIndependent;
    Behavior filtering = Behavior::kAddressAndPortDependent;
    PortAssignment ports = PortAssignment::kPreserve;
    net::Duration mapping_lifetime = net::Duration::seconds(120);  // REQ-5: at least 2 min
    RefreshRule refresh = RefreshRule::kOutbound;
    bool hairpinning = true;  // REQ-9: a NAT MUST support hairpinning
};

// "open", "full-cone", "restricted-cone", "port-restricted-cone", "symmetric".
std::optional<NatConfig> nat_preset(std::string_view name);
const std::vector<std::string>& nat_preset_names();

// Words used in files and traces: "endpoint-independent", "address-dependent",
// "address-and-port-dependent"; "preserve", "sequential", "random"; "outbound", "both".
std::string_view to_string(Behavior b);
std::string_view to_string(PortAssignment p);
std::string_view to_string(RefreshRule r);
std::optional<Behavior> parse_behavior(std::string_view text);
std::optional<PortAssignment> parse_port_assignment(std::string_view text);
std::optional<RefreshRule> parse_refresh_rule(std::string_view text);

// "port-restricted cone (RFC 3489) = endpoint-independent mapping,
//  address-and-port-dependent filtering (RFC 4787)": both names, for labels and traces.
std::string describe(const NatConfig& config);

}  // namespace rtclab::sim
