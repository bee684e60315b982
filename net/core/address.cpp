#include "net/core/address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace rtclab::net {

IpAddress IpAddress::v4(std::uint32_t host_order) {
    IpAddress a;
    a.family_ = Family::kIpv4;
    a.bytes_[0] = static_cast<std::uint8_t>(host_order >> 24);
    a.bytes_[1] = static_cast<std::uint8_t>(host_order >> 16);
    a.bytes_[2] = static_cast<std::uint8_t>(host_order >> 8);
    a.bytes_[3] = static_cast<std::uint8_t>(host_order);
    return a;
}

IpAddress IpAddress::v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return v4((std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d);
}

IpAddress IpAddress::v6(const std::array<std::uint8_t, 16>& bytes) {
    IpAddress a;
    a.family_ = Family::kIpv6;
    a.bytes_ = bytes;
    return a;
}

std::uint32_t IpAddress::v4_host_order() const {
    return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
           (std::uint32_t{bytes_[2]} << 8) | std::uint32_t{bytes_[3]};
}

Result<IpAddress> IpAddress::parse(std::string_view text) {
    // inet_pton is pure parsing (no I/O); it needs a NUL-terminated copy.
    if (text.empty()) return make_error("empty IP address");
    if (text.size() > 45) return make_error("'" + std::string(text.substr(0, 45)) + "…' is too long for an IP address");
    char buf[64];
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    IpAddress a;
    if (text.find(':') == std::string_view::npos) {
        if (inet_pton(AF_INET, buf, a.bytes_.data()) != 1) {
            return make_error("'" + std::string(text) + "' is not an IPv4 address (a.b.c.d)");
        }
        a.family_ = Family::kIpv4;
    } else {
        if (inet_pton(AF_INET6, buf, a.bytes_.data()) != 1) {
            return make_error("'" + std::string(text) + "' is not an IPv6 address");
        }
        a.family_ = Family::kIpv6;
    }
    return a;
}

std::string IpAddress::to_string() const {
    char buf[INET6_ADDRSTRLEN];
    inet_ntop(is_v4() ? AF_INET : AF_INET6, bytes_.data(), buf, sizeof buf);
    return buf;
}

Result<TransportAddress> TransportAddress::parse(std::string_view text) {
    std::string_view host;
    std::string_view port;
    if (!text.empty() && text[0] == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
            return make_error("'" + std::string(text) + "' is not [IPv6]:port");
        }
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
        if (host.find(':') == std::string_view::npos) {
            return make_error("'" + std::string(text) + "': brackets are for IPv6 addresses only");
        }
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) {
            return make_error("'" + std::string(text) + "' has no port (write ip:port)");
        }
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) {
            return make_error("'" + std::string(text) + "': write IPv6 with a port as [addr]:port");
        }
    }
    auto ip = IpAddress::parse(host);
    if (!ip) return ip.error();
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value > 65535) {
        return make_error("'" + std::string(port) + "' is not a port number (0-65535)");
    }
    return TransportAddress{*ip, static_cast<std::uint16_t>(value)};
}

std::string TransportAddress::to_string() const {
    if (ip.is_v4()) return ip.to_string() + ":" + std::to_string(port);
    return "[" + ip.to_string() + "]:" + std::to_string(port);
}

Result<Cidr> Cidr::parse(std::string_view text) {
    const auto slash = text.find('/');
    if (slash == std::string_view::npos) {
        return make_error("'" + std::string(text) + "' is not a CIDR prefix (write e.g. 10.0.0.0/24)");
    }
    auto base = IpAddress::parse(text.substr(0, slash));
    if (!base) return base.error();
    const std::string_view len = text.substr(slash + 1);
    int prefix = 0;
    const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), prefix);
    const int max = base->is_v4() ? 32 : 128;
    if (len.empty() || ec != std::errc{} || end != len.data() + len.size() || prefix < 0 ||
        prefix > max) {
        return make_error("'" + std::string(len) + "' is not a prefix length (0-" +
                          std::to_string(max) + ")");
    }
    Cidr c{*base, prefix};
    // Host bits must be zero.
    for (int bit = prefix; bit < max; ++bit) {
        if (base->data()[bit / 8] & (0x80 >> (bit % 8))) {
            return make_error("'" + std::string(text) + "' has host bits set after /" +
                              std::to_string(prefix) + " (the network address ends in zeros)");
        }
    }
    return c;
}

bool Cidr::contains(const IpAddress& ip) const {
    if (ip.family() != base.family()) return false;
    const int full = prefix / 8;
    if (std::memcmp(ip.data(), base.data(), static_cast<std::size_t>(full)) != 0) return false;
    const int rest = prefix % 8;
    if (rest == 0) return true;
    const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
    return (ip.data()[full] & mask) == (base.data()[full] & mask);
}

bool Cidr::overlaps(const Cidr& other) const {
    return prefix <= other.prefix ? contains(other.base) : other.contains(base);
}

std::string Cidr::to_string() const { return base.to_string() + "/" + std::to_string(prefix); }

}  // namespace rtclab::net

namespace {

// A fast 64-bit mix (the finalizer of MurmurHash3): addresses are hashed on every hop.
std::uint64_t mix64(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

std::uint64_t address_bits(const rtclab::net::IpAddress& a) {
    std::uint64_t hi = 0, lo = 0;
    std::memcpy(&hi, a.data(), 8);
    if (!a.is_v4()) std::memcpy(&lo, a.data() + 8, 8);
    return hi ^ mix64(lo ^ static_cast<std::uint64_t>(a.family()));
}

}  // namespace

std::size_t std::hash<rtclab::net::IpAddress>::operator()(
    const rtclab::net::IpAddress& a) const noexcept {
    return static_cast<std::size_t>(mix64(address_bits(a)));
}

std::size_t std::hash<rtclab::net::TransportAddress>::operator()(
    const rtclab::net::TransportAddress& a) const noexcept {
    return static_cast<std::size_t>(mix64(address_bits(a.ip) ^ (std::uint64_t{a.port} << 48)));
}
