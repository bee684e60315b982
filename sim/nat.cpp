#include "sim/nat.h"

namespace rtclab::sim {
namespace {

// Ports a NAT hands out. RFC 4787 REQ-3 asks NATs not to assign well-known ports below 1024.
constexpr std::uint16_t kLowestPort = 1024;
constexpr std::uint16_t kDynamicFirst = 49152;  // RFC 6335 dynamic range, for sequential/random

}  // namespace

Nat::Nat(std::string name, NatConfig config, net::IpAddress outside, net::IpAddress inside,
         net::Rng rng)
    : name_(std::move(name)),
      config_(std::move(config)),
      outside_(outside),
      inside_(inside),
      rng_(rng) {}

Nat::Key Nat::key_for(const net::TransportAddress& internal,
                      const net::TransportAddress& remote) const {
    Key k{internal, {}};
    switch (config_.mapping) {
        case Behavior::kEndpointIndependent: break;  // one mapping whatever the destination
        case Behavior::kAddressDependent: k.remote.ip = remote.ip; break;
        case Behavior::kAddressAndPortDependent: k.remote = remote; break;
    }
    return k;
}

bool Nat::permits(const NatMapping& m, const net::TransportAddress& remote) const {
    switch (config_.filtering) {
        case Behavior::kEndpointIndependent: return true;
        case Behavior::kAddressDependent:
            for (const auto& p : m.permits) {
                if (p.ip == remote.ip) return true;
            }
            return false;
        case Behavior::kAddressAndPortDependent:
            for (const auto& p : m.permits) {
                if (p == remote) return true;
            }
            return false;
    }
    return false;
}

std::optional<std::uint16_t> Nat::allocate_port(std::uint16_t internal_port) {
    const auto free = [&](std::uint32_t port) {
        return port >= kLowestPort && port <= 65535 && !by_port_.contains(static_cast<std::uint16_t>(port));
    };
    constexpr std::uint32_t kCount = 65536 - kLowestPort;
    if (by_port_.size() >= kCount) return std::nullopt;
    switch (config_.ports) {
        case PortAssignment::kPreserve:
            // Keep the inside port when it is free; otherwise the next free one above it.
            for (std::uint32_t i = 0; i < kCount; ++i) {
                const std::int64_t from = std::int64_t{internal_port} - kLowestPort + i;
                const auto port = static_cast<std::uint32_t>(kLowestPort + ((from % kCount) + kCount) % kCount);
                if (free(port)) return static_cast<std::uint16_t>(port);
            }
            break;
        case PortAssignment::kSequential:
            for (std::uint32_t i = 0; i < kCount; ++i) {
                const std::uint32_t port = next_sequential_;
                next_sequential_ = next_sequential_ == 65535 ? kLowestPort : static_cast<std::uint16_t>(next_sequential_ + 1);
                if (free(port)) return static_cast<std::uint16_t>(port);
            }
            break;
        case PortAssignment::kRandom:
            for (int attempt = 0; attempt < 64; ++attempt) {
                const auto port = static_cast<std::uint32_t>(rng_.between(kDynamicFirst, 65535));
                if (free(port)) return static_cast<std::uint16_t>(port);
            }
            for (std::uint32_t port = kLowestPort; port <= 65535; ++port) {
                if (free(port)) return static_cast<std::uint16_t>(port);
            }
            break;
    }
    return std::nullopt;
}

std::uint32_t Nat::new_slot() {
    if (!free_slots_.empty()) {
        const std::uint32_t slot = free_slots_.back();
        free_slots_.pop_back();
        return slot;
    }
    slots_.emplace_back();
    return static_cast<std::uint32_t>(slots_.size() - 1);
}

Nat::Outbound Nat::outbound(net::Instant now, const net::TransportAddress& internal,
                            const net::TransportAddress& remote) {
    Outbound out;
    const Key key = key_for(internal, remote);
    if (auto it = by_key_.find(key); it != by_key_.end()) {
        NatMapping& m = slots_[it->second];
        // RFC 4787 REQ-6: outbound traffic refreshes the mapping.
        m.expires = now + config_.mapping_lifetime;
        out.mapping = it->second;
        out.external = m.external;
        bool known = false;
        for (const auto& p : m.permits) {
            if (p == remote) known = true;
        }
        if (known) {
            out.decision = Decision::kRefreshed;
        } else {
            m.permits.push_back(remote);
            out.decision = Decision::kReused;
        }
        return out;
    }
    const auto port = allocate_port(internal.port);
    if (!port) {
        out.decision = Decision::kDropped;
        out.reason = DropReason::kPortsExhausted;
        return out;
    }
    const std::uint32_t slot = new_slot();
    NatMapping& m = slots_[slot];
    m.live = true;
    ++m.generation;
    m.internal = internal;
    m.external = net::TransportAddress{outside_, *port};
    m.key_remote = key.remote;
    m.created = now;
    m.expires = now + config_.mapping_lifetime;
    m.permits.assign(1, remote);
    by_key_.emplace(key, slot);
    by_port_.emplace(*port, slot);
    out.decision = Decision::kCreated;
    out.mapping = slot;
    out.external = m.external;
    return out;
}

Nat::Inbound Nat::inbound(net::Instant now, const net::TransportAddress& remote,
                          std::uint16_t external_port) {
    Inbound in;
    const auto it = by_port_.find(external_port);
    if (it == by_port_.end()) {
        in.reason = DropReason::kNoMapping;
        return in;
    }
    NatMapping& m = slots_[it->second];
    in.mapping = it->second;
    in.internal = m.internal;
    if (!permits(m, remote)) {
        in.reason = config_.filtering == Behavior::kAddressDependent ? DropReason::kFilteredAddress
                                                                     : DropReason::kFilteredEndpoint;
        return in;
    }
    in.accepted = true;
    if (config_.refresh == RefreshRule::kBoth) {
        m.expires = now + config_.mapping_lifetime;
        in.refreshed = true;
    }
    return in;
}

std::optional<NatMapping> Nat::expire(net::Instant now, std::uint32_t slot, std::uint32_t generation) {
    if (slot >= slots_.size()) return std::nullopt;
    NatMapping& m = slots_[slot];
    if (!m.live || m.generation != generation || m.expires > now) return std::nullopt;
    NatMapping gone = m;
    by_key_.erase(key_for(m.internal, m.key_remote));
    by_port_.erase(m.external.port);
    m.live = false;
    m.permits.clear();
    free_slots_.push_back(slot);
    return gone;
}

std::size_t Nat::reboot() {
    const std::size_t n = by_port_.size();
    by_key_.clear();
    by_port_.clear();
    free_slots_.clear();
    for (std::uint32_t i = 0; i < slots_.size(); ++i) {
        slots_[i].live = false;
        slots_[i].permits.clear();
        ++slots_[i].generation;  // pending expiry timers now point at nothing
        free_slots_.push_back(static_cast<std::uint32_t>(slots_.size() - 1 - i));
    }
    return n;
}

}  // namespace rtclab::sim
