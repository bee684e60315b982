// IP addresses, transport addresses (ip:port) and CIDR prefixes, IPv4 and IPv6.
//
// Text forms everywhere in rtclab: "192.0.2.1:3478" and "[2001:db8::1]:3478" (RFC 5952 for
// IPv6), CIDR "10.0.0.0/24".
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>

#include "net/core/result.h"

namespace rtclab::net {

enum class Family : std::uint8_t { kIpv4 = 4, kIpv6 = 6 };

class IpAddress {
public:
    IpAddress() = default;  // 0.0.0.0
    static IpAddress v4(std::uint32_t host_order);
    static IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d);
    static IpAddress v6(const std::array<std::uint8_t, 16>& bytes);
    static Result<IpAddress> parse(std::string_view text);

    Family family() const { return family_; }
    bool is_v4() const { return family_ == Family::kIpv4; }
    // Address bytes in network order: 4 for IPv4, 16 for IPv6.
    const std::uint8_t* data() const { return bytes_.data(); }
    std::size_t size() const { return is_v4() ? 4 : 16; }
    std::uint32_t v4_host_order() const;

    std::string to_string() const;

    auto operator<=>(const IpAddress&) const = default;
    // Equality is on every routing and NAT lookup: compare two words, not sixteen bytes.
    bool operator==(const IpAddress& o) const {
        std::uint64_t a[2], b[2];
        std::memcpy(a, bytes_.data(), 16);
        std::memcpy(b, o.bytes_.data(), 16);
        return family_ == o.family_ && a[0] == b[0] && a[1] == b[1];
    }

private:
    Family family_ = Family::kIpv4;
    std::array<std::uint8_t, 16> bytes_{};  // IPv4 uses the first 4, the rest stay zero
};

struct TransportAddress {
    IpAddress ip;
    std::uint16_t port = 0;

    // "ip:port" or "[v6]:port".
    static Result<TransportAddress> parse(std::string_view text);
    std::string to_string() const;

    auto operator<=>(const TransportAddress&) const = default;
    bool operator==(const TransportAddress& o) const { return port == o.port && ip == o.ip; }
};

struct Cidr {
    IpAddress base;
    int prefix = 0;

    // "10.0.0.0/24"; host bits must be zero, so a typo cannot silently widen a network.
    static Result<Cidr> parse(std::string_view text);
    bool contains(const IpAddress& ip) const;
    bool overlaps(const Cidr& other) const;
    std::string to_string() const;
};

}  // namespace rtclab::net

template <>
struct std::hash<rtclab::net::IpAddress> {
    std::size_t operator()(const rtclab::net::IpAddress& a) const noexcept;
};
template <>
struct std::hash<rtclab::net::TransportAddress> {
    std::size_t operator()(const rtclab::net::TransportAddress& a) const noexcept;
};
