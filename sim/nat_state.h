// How NATs appear in the trace's state document (/nats/<name>/...) and in its events.
//
//   /nats/<name>/mappings/<external ip:port> = {internal, external, remote, created_us, expires_us}
//   /nats/<name>/filters/<external ip:port> from <remote>> = {mapping, remote}
//
// A mapping is keyed by its external endpoint (unique while it lives); `remote` is null for an
// endpoint-independent mapping, else the address (or address:port) it is specific to. A filter
// entry says which remote may send back through a mapping: "*" (endpoint-independent
// filtering), an address (address-dependent) or an address:port (address-and-port-dependent).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/core/address.h"
#include "sim/nat.h"
#include "sim/nat_config.h"
#include "sim/trace.h"

namespace rtclab::sim {

// The NAT's configuration as shown in the topology and the state document.
nlohmann::ordered_json nat_config_json(const std::string& name, const NatConfig& config,
                                       const net::IpAddress& outside, const net::IpAddress& inside);

std::string mapping_id(const net::TransportAddress& external);
// The remote as the filtering behaviour sees it: "*", "203.0.113.1" or "203.0.113.1:3478".
std::string filter_remote(Behavior filtering, const net::TransportAddress& remote);
std::string filter_id(const net::TransportAddress& external, Behavior filtering,
                      const net::TransportAddress& remote);

// The remote part of a mapping's key as text, or null for endpoint-independent mappings.
nlohmann::json mapping_remote(Behavior mapping, const net::TransportAddress& remote);

// Changes (a JSON array, see docs/trace-format.md) of a NAT decision event.
nlohmann::json nat_record_changes(const Trace& trace, const Event& event, const NatRecord& rec);

// Rare NAT events, built when they happen.
GenericEvent mapping_expired_event(const Nat& nat, const NatMapping& gone,
                                   const std::vector<net::TransportAddress>& permits);
GenericEvent nat_reboot_event(const Nat& nat, std::size_t forgotten);

}  // namespace rtclab::sim
