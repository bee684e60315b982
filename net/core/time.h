// Virtual time: Instant and Duration in integer microseconds.
//
// Nothing in net/ reads a clock. Callers pass `now` in; the simulator's clock is one such
// caller, a live driver would be another. Integer microseconds keep arithmetic exact and the
// same on every machine, so traces replay byte for byte.
#pragma once

#include <compare>
#include <cstdint>

namespace rtclab::net {

struct Duration {
    std::int64_t us = 0;

    static constexpr Duration micros(std::int64_t v) { return Duration{v}; }
    static constexpr Duration millis(std::int64_t v) { return Duration{v * 1000}; }
    static constexpr Duration seconds(std::int64_t v) { return Duration{v * 1000000}; }

    constexpr auto operator<=>(const Duration&) const = default;
    constexpr Duration operator+(Duration o) const { return {us + o.us}; }
    constexpr Duration operator-(Duration o) const { return {us - o.us}; }
    constexpr Duration operator*(std::int64_t k) const { return {us * k}; }
    constexpr Duration operator/(std::int64_t k) const { return {us / k}; }
    constexpr double as_millis() const { return static_cast<double>(us) / 1000.0; }
};

struct Instant {
    std::int64_t us = 0;  // microseconds since the start of the run (virtual time zero)

    constexpr auto operator<=>(const Instant&) const = default;
    constexpr Instant operator+(Duration d) const { return {us + d.us}; }
    constexpr Instant operator-(Duration d) const { return {us - d.us}; }
    constexpr Duration operator-(Instant o) const { return {us - o.us}; }
    constexpr Instant& operator+=(Duration d) {
        us += d.us;
        return *this;
    }
};

}  // namespace rtclab::net
