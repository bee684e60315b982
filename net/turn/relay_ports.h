// RelayPorts: the pool of UDP ports a TURN server hands out as relayed transport addresses
// (RFC 8656 §7.2).
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <vector>

#include "net/core/rng.h"

namespace rtclab::net::turn {

// RFC 8656 §7.2: "the server SHOULD only allocate ports from the range 49152 - 65535 (the
// Dynamic and/or Private Port range)" and "SHOULD NOT allocate ports in the range 0 - 1023".
// The range is the scenario's; ports the host uses for something else (the TURN and STUN
// listening ports) are excluded. Picks are random (from the seeded Rng), so relayed ports are
// not guessable from one another — and the same seed picks the same ports.
class RelayPorts {
public:
    RelayPorts(std::uint16_t min, std::uint16_t max, std::vector<std::uint16_t> excluded = {});

    // A free port, drawn uniformly among the free ones (even ones only when `even`, for
    // EVEN-PORT, §7.2); nullopt when none is left -- the server's 508 (Insufficient Capacity).
    std::optional<std::uint16_t> acquire(Rng& rng, bool even = false);
    void release(std::uint16_t port);

    bool in_use(std::uint16_t port) const { return used_.count(port) != 0; }
    std::size_t capacity() const { return free_count(false) + used_.size(); }
    std::size_t free_count(bool even = false) const;

private:
    bool usable(std::uint32_t port, bool even) const;

    std::uint16_t min_, max_;
    std::set<std::uint16_t> excluded_;
    std::set<std::uint16_t> used_;
};

}  // namespace rtclab::net::turn
