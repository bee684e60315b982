#include "net/stun/address_value.h"

#include <cstdio>

#include "net/stun/header.h"

namespace rtclab::net::stun {
namespace {

// X-Address for IPv6 is "XOR'ing the mapped IP address with the concatenation of the magic
// cookie and the 96-bit transaction ID" (RFC 8489 §14.2); for IPv4 only the cookie is used,
// which is the first four bytes of the same 16-byte mask.
std::array<std::uint8_t, 16> xor_mask(const TransactionId& id) {
    std::array<std::uint8_t, 16> mask{};
    store_u32(mask.data(), kMagicCookie);
    for (std::size_t i = 0; i < id.size(); ++i)
        mask[4 + i] = id[i];
    return mask;
}

// "X-Port is computed by XOR'ing the mapped port with the most significant 16 bits of the
// magic cookie." (RFC 8489 §14.2)
constexpr std::uint16_t kPortMask = static_cast<std::uint16_t>(kMagicCookie >> 16);

void write(ByteWriter& w, const TransportAddress& a, const std::uint8_t* mask) {
    // "The first 8 bits of the MAPPED-ADDRESS MUST be set to 0" (RFC 8489 §14.1).
    w.u8(0);
    w.u8(a.ip.is_v4() ? kFamilyIpv4 : kFamilyIpv6);
    w.u16(static_cast<std::uint16_t>(a.port ^ (mask ? kPortMask : 0)));
    for (std::size_t i = 0; i < a.ip.size(); ++i) {
        w.u8(static_cast<std::uint8_t>(a.ip.data()[i] ^ (mask ? mask[i] : 0)));
    }
}

std::string hex2(std::uint8_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", v);
    return buf;
}

Result<TransportAddress> read(ByteView value, const std::uint8_t* mask) {
    if (value.size() < 4) {
        return make_error("value is " + std::to_string(value.size()) +
                          " bytes, too short for an address (8 for IPv4, 20 for IPv6)");
    }
    // The first byte "MUST be ignored by receivers" (RFC 8489 §14.1), so it is not checked.
    const std::uint8_t family = value[1];
    std::size_t want = 0;
    if (family == kFamilyIpv4) {
        want = 8;
    } else if (family == kFamilyIpv6) {
        want = 20;
    } else {
        return make_error("family " + hex2(family) + " is neither IPv4 (0x01) nor IPv6 (0x02)");
    }
    if (value.size() != want) {
        // "If the address family is IPv4, the address MUST be 32 bits. If the address family
        // is IPv6, the address MUST be 128 bits." (RFC 8489 §14.1)
        return make_error(std::string(family == kFamilyIpv4 ? "IPv4" : "IPv6") +
                          " address value is " + std::to_string(value.size()) +
                          " bytes, it must be " + std::to_string(want));
    }
    TransportAddress a;
    a.port = static_cast<std::uint16_t>(load_u16(value.data() + 2) ^ (mask ? kPortMask : 0));
    if (family == kFamilyIpv4) {
        a.ip = IpAddress::v4(load_u32(value.data() + 4) ^ (mask ? load_u32(mask) : 0));
    } else {
        std::array<std::uint8_t, 16> bytes{};
        for (std::size_t i = 0; i < 16; ++i) {
            bytes[i] = static_cast<std::uint8_t>(value[4 + i] ^ (mask ? mask[i] : 0));
        }
        a.ip = IpAddress::v6(bytes);
    }
    return a;
}

}  // namespace

void write_address(ByteWriter& w, const TransportAddress& address) {
    write(w, address, nullptr);
}

void write_xor_address(ByteWriter& w, const TransportAddress& address, const TransactionId& id) {
    const auto mask = xor_mask(id);
    write(w, address, mask.data());
}

Result<TransportAddress> read_address(ByteView value) {
    return read(value, nullptr);
}

Result<TransportAddress> read_xor_address(ByteView value, const TransactionId& id) {
    const auto mask = xor_mask(id);
    return read(value, mask.data());
}

}  // namespace rtclab::net::stun
