// Nat: one NAT's mapping and filtering tables and its RFC 4787 decisions.
//
// The class only decides; it sends nothing and records nothing. The world asks it what to do
// with each packet crossing it (outbound(), inbound()) and turns every answer into a trace
// event. Keeping the tables free of the world makes each knob testable on its own.
//
// Mapping key (RFC 4787 §4.1) depends ONLY on the mapping behaviour: the internal endpoint,
// plus the remote address (address-dependent) or remote address and port
// (address-and-port-dependent). Filtering (§5) is checked against the permissions a mapping
// collected from outbound traffic, and depends ONLY on the filtering behaviour.
// Permissions belong to a mapping (as in Linux conntrack): a remote must send to the mapping
// the inside host used toward it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "net/core/address.h"
#include "net/core/rng.h"
#include "net/core/time.h"
#include "sim/nat_config.h"
#include "sim/trace.h"

namespace rtclab::sim {

struct NatMapping {
    bool live = false;
    std::uint32_t generation = 0;     // bumps when the slot is reused, so stale timers are ignored
    net::TransportAddress internal;   // the inside endpoint
    net::TransportAddress external;   // the NAT's outside endpoint for it
    net::TransportAddress key_remote; // the remote part of the key (zero for endpoint-independent)
    net::Instant created;
    net::Instant expires;
    std::vector<net::TransportAddress> permits;  // remotes this mapping sent to (filtering state)
};

class Nat {
public:
    Nat(std::string name, NatConfig config, net::IpAddress outside, net::IpAddress inside,
        net::Rng rng);

    enum class Decision : std::uint8_t { kCreated, kReused, kRefreshed, kDropped };

    struct Outbound {
        Decision decision = Decision::kDropped;
        DropReason reason = DropReason::kNone;
        std::uint32_t mapping = 0;   // slot
        net::TransportAddress external;
    };
    // A packet from inside endpoint `internal` to `remote` leaves through the NAT.
    Outbound outbound(net::Instant now, const net::TransportAddress& internal,
                      const net::TransportAddress& remote);

    struct Inbound {
        bool accepted = false;
        DropReason reason = DropReason::kNone;
        bool refreshed = false;
        std::uint32_t mapping = 0;
        net::TransportAddress internal;
    };
    // A packet from `remote` arrives at the NAT's outside address, port `external_port`.
    Inbound inbound(net::Instant now, const net::TransportAddress& remote,
                    std::uint16_t external_port);

    // Removes the mapping in `slot` if it is still `generation` and its lifetime has run out.
    // Returns the removed mapping; nullopt if it was refreshed (see expires()) or is gone.
    std::optional<NatMapping> expire(net::Instant now, std::uint32_t slot, std::uint32_t generation);
    // Forgets every mapping (a reboot). Returns how many there were.
    std::size_t reboot();

    const NatMapping& mapping(std::uint32_t slot) const { return slots_[slot]; }
    std::size_t mapping_count() const { return by_port_.size(); }
    std::size_t slot_count() const { return slots_.size(); }

    const std::string& name() const { return name_; }
    const NatConfig& config() const { return config_; }
    const net::IpAddress& outside() const { return outside_; }
    const net::IpAddress& inside() const { return inside_; }

private:
    struct Key {
        net::TransportAddress internal;
        net::TransportAddress remote;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash {
        std::size_t operator()(const Key& k) const noexcept {
            return std::hash<net::TransportAddress>{}(k.internal) * 31 ^
                   std::hash<net::TransportAddress>{}(k.remote);
        }
    };

    Key key_for(const net::TransportAddress& internal, const net::TransportAddress& remote) const;
    bool permits(const NatMapping& m, const net::TransportAddress& remote) const;
    std::optional<std::uint16_t> allocate_port(std::uint16_t internal_port);
    std::uint32_t new_slot();

    std::string name_;
    NatConfig config_;
    net::IpAddress outside_;
    net::IpAddress inside_;
    net::Rng rng_;
    std::vector<NatMapping> slots_;
    std::vector<std::uint32_t> free_slots_;
    std::unordered_map<Key, std::uint32_t, KeyHash> by_key_;
    std::unordered_map<std::uint16_t, std::uint32_t> by_port_;
    std::uint16_t next_sequential_ = 49152;
};

}  // namespace rtclab::sim
