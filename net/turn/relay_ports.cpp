#include "net/turn/relay_ports.h"

namespace rtclab::net::turn {

RelayPorts::RelayPorts(std::uint16_t min, std::uint16_t max, std::vector<std::uint16_t> excluded)
    : min_(min), max_(max), excluded_(excluded.begin(), excluded.end()) {}

bool RelayPorts::usable(std::uint32_t port, bool even) const {
    if (port == 0) return false;  // port 0 is "any port" in the sockets API, never an address
    if (even && port % 2 != 0) return false;
    const auto p = static_cast<std::uint16_t>(port);
    return excluded_.count(p) == 0 && used_.count(p) == 0;
}

std::size_t RelayPorts::free_count(bool even) const {
    if (min_ > max_) return 0;
    std::size_t n = 0;
    for (std::uint32_t p = min_; p <= max_; ++p) n += usable(p, even) ? 1 : 0;
    return n;
}

std::optional<std::uint16_t> RelayPorts::acquire(Rng& rng, bool even) {
    const std::size_t free = free_count(even);
    if (free == 0) return std::nullopt;
    // The k-th free port, k uniform: every free port is equally likely however the used
    // ones are spread (probing from a random start would favour ports after a used run).
    std::uint64_t k = rng.below(free);
    for (std::uint32_t p = min_; p <= max_; ++p) {
        if (!usable(p, even)) continue;
        if (k-- == 0) {
            used_.insert(static_cast<std::uint16_t>(p));
            return static_cast<std::uint16_t>(p);
        }
    }
    return std::nullopt;  // unreachable: free_count() counted at least one
}

void RelayPorts::release(std::uint16_t port) { used_.erase(port); }

}  // namespace rtclab::net::turn
