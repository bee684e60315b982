// STUN attribute type numbers (IANA "STUN Attributes" registry) for STUN, ICE and TURN,
// their names, and the comprehension-required / comprehension-optional split.
#pragma once

#include <cstdint>
#include <string_view>

namespace rtclab::net::stun::attr {

// RFC 8489 §18.3: "STUN attribute types in the range 0x0000 - 0x7FFF are considered
// comprehension-required; STUN attribute types in the range 0x8000 - 0xFFFF are considered
// comprehension-optional."

// Comprehension-required (0x0000-0x7FFF).
inline constexpr std::uint16_t kMappedAddress = 0x0001;           // RFC 8489 §14.1
inline constexpr std::uint16_t kUsername = 0x0006;                // RFC 8489 §14.3
inline constexpr std::uint16_t kMessageIntegrity = 0x0008;        // RFC 8489 §14.5
inline constexpr std::uint16_t kErrorCode = 0x0009;               // RFC 8489 §14.8
inline constexpr std::uint16_t kUnknownAttributes = 0x000A;       // RFC 8489 §14.13
inline constexpr std::uint16_t kChannelNumber = 0x000C;           // RFC 8656 §18.1
inline constexpr std::uint16_t kLifetime = 0x000D;                // RFC 8656 §18.2
inline constexpr std::uint16_t kXorPeerAddress = 0x0012;          // RFC 8656 §18.3
inline constexpr std::uint16_t kData = 0x0013;                    // RFC 8656 §18.4
inline constexpr std::uint16_t kRealm = 0x0014;                   // RFC 8489 §14.9
inline constexpr std::uint16_t kNonce = 0x0015;                   // RFC 8489 §14.10
inline constexpr std::uint16_t kXorRelayedAddress = 0x0016;       // RFC 8656 §18.5
inline constexpr std::uint16_t kRequestedAddressFamily = 0x0017;  // RFC 8656 §18.6
inline constexpr std::uint16_t kEvenPort = 0x0018;                // RFC 8656 §18.7
inline constexpr std::uint16_t kRequestedTransport = 0x0019;      // RFC 8656 §18.8
inline constexpr std::uint16_t kDontFragment = 0x001A;            // RFC 8656 §18.9
inline constexpr std::uint16_t kMessageIntegritySha256 = 0x001C;  // RFC 8489 §14.6
inline constexpr std::uint16_t kPasswordAlgorithm = 0x001D;       // RFC 8489 §14.12
inline constexpr std::uint16_t kUserhash = 0x001E;                // RFC 8489 §14.4
inline constexpr std::uint16_t kXorMappedAddress = 0x0020;        // RFC 8489 §14.2
inline constexpr std::uint16_t kReservationToken = 0x0022;        // RFC 8656 §18.10
inline constexpr std::uint16_t kPriority = 0x0024;                // RFC 8445 §16.1
inline constexpr std::uint16_t kUseCandidate = 0x0025;            // RFC 8445 §16.1

// Comprehension-optional (0x8000-0xFFFF).
inline constexpr std::uint16_t kPasswordAlgorithms = 0x8002;  // RFC 8489 §14.11
inline constexpr std::uint16_t kAlternateDomain = 0x8003;     // RFC 8489 §14.16
inline constexpr std::uint16_t kSoftware = 0x8022;            // RFC 8489 §14.14
inline constexpr std::uint16_t kAlternateServer = 0x8023;     // RFC 8489 §14.15
inline constexpr std::uint16_t kFingerprint = 0x8028;         // RFC 8489 §14.7
inline constexpr std::uint16_t kIceControlled = 0x8029;       // RFC 8445 §16.1
inline constexpr std::uint16_t kIceControlling = 0x802A;      // RFC 8445 §16.1

constexpr bool is_comprehension_required(std::uint16_t type) {
    return type < 0x8000;
}

// True for the attribute types listed above (the ones this codec decodes and builds).
bool is_known(std::uint16_t type);

}  // namespace rtclab::net::stun::attr

namespace rtclab::net::stun {

// "XOR-MAPPED-ADDRESS", "USERNAME", ...; any other type as "0x8030" (lower-case hex, four
// digits). The view stays valid for the whole program.
std::string_view attribute_name(std::uint16_t type);

}  // namespace rtclab::net::stun
