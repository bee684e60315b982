// USERHASH: the username hidden behind a hash, for username anonymity (RFC 8489 §14.4, §9.2).
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace rtclab::net::stun {

// RFC 8489 §14.4: "userhash = SHA-256(OpaqueString(username) ":" OpaqueString(realm))".
// As for IntegrityKey::long_term, OpaqueString is taken as the identity (exact for ASCII).
std::array<std::uint8_t, 32> compute_userhash(std::string_view username, std::string_view realm);

}  // namespace rtclab::net::stun
