#include "net/stun/userhash.h"

#include <nettle/sha2.h>

#include <string>

namespace rtclab::net::stun {

std::array<std::uint8_t, 32> compute_userhash(std::string_view username, std::string_view realm) {
    std::string text;
    text.reserve(username.size() + realm.size() + 1);
    text.append(username).append(":").append(realm);
    std::array<std::uint8_t, 32> out{};
    sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, text.size(), reinterpret_cast<const std::uint8_t*>(text.data()));
    sha256_digest(&c, out.size(), out.data());
    return out;
}

}  // namespace rtclab::net::stun
