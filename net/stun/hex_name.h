// Stable names for numbers no registry entry names: "0x8030" for an unknown attribute type,
// "0x0abc" for an unknown method.
#pragma once

#include <cstdint>
#include <string_view>

namespace rtclab::net::stun {

// "0x" and four lower-case hex digits. The view points into one table built on first use,
// so it stays valid for the whole program (and building it is thread-safe: a function-local
// static is initialised exactly once).
std::string_view hex_name(std::uint16_t value);

}  // namespace rtclab::net::stun
