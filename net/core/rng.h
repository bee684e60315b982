// Rng: the seeded pseudo-random generator every random choice in rtclab draws from.
//
// xoshiro256** (Blackman & Vigna), seeded through splitmix64. It is fast (transaction ids,
// jitter and loss are drawn on hot paths) and fully determined by its seed, so the same
// scenario and seed give the same run on every machine. It is not cryptographic: keys for
// DTLS come from a DRBG seeded from it, which is what a teaching simulator needs
// (reproducible), not what a production stack needs.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace rtclab::net {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 0);

    std::uint64_t next_u64();
    std::uint32_t next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }

    // Uniform in [0, bound); bound 0 yields 0. Unbiased (Lemire's method with rejection).
    std::uint64_t below(std::uint64_t bound);
    // Uniform in [lo, hi] inclusive.
    std::int64_t between(std::int64_t lo, std::int64_t hi);
    // Uniform double in [0, 1) with 53 random bits.
    double unit();
    // True with probability p (p <= 0 never, p >= 1 always, and no draw is made then, so
    // turning loss off does not shift the other random choices of a run).
    bool chance(double p);

    void fill(std::span<std::uint8_t> out);

    // An independent generator derived from this one's seed and a label, e.g. one per host.
    // Deriving does not advance this generator, so adding a host does not change the random
    // choices of the others.
    Rng fork(std::string_view label) const;

    std::uint64_t seed() const { return seed_; }

private:
    std::uint64_t seed_;
    std::array<std::uint64_t, 4> s_{};
};

// FNV-1a 64-bit: a stable hash of a label (std::hash is not stable across implementations).
std::uint64_t stable_hash(std::string_view text);

}  // namespace rtclab::net
