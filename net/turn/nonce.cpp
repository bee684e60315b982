#include "net/turn/nonce.h"

#include <array>
#include <optional>

#include "net/core/bytes.h"

namespace rtclab::net::turn {
namespace {

constexpr std::size_t kNonceLength = 40;

stun::IntegrityKey random_secret(Rng& rng) {
    std::array<std::uint8_t, 20> key{};
    rng.fill(key);
    return stun::IntegrityKey::from_bytes(ByteView(key.data(), key.size()));
}

void append_hex(std::string& out, std::uint64_t v, int digits) {
    static constexpr char kDigits[] = "0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i) out.push_back(kDigits[(v >> (4 * i)) & 0xf]);
}

// Strict lower/upper-case hex of exactly `digits` digits; nullopt otherwise.
std::optional<std::uint64_t> read_hex(std::string_view text) {
    std::uint64_t v = 0;
    for (char c : text) {
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
        else return std::nullopt;
        v = (v << 4) | static_cast<std::uint64_t>(d);
    }
    return v;
}

}  // namespace

NonceIssuer::NonceIssuer(Rng& rng, Duration lifetime) : secret_(random_secret(rng)), lifetime_(lifetime) {}

std::string NonceIssuer::make(std::uint32_t salt, std::int64_t expires_us,
                              const TransportAddress& client) const {
    std::array<std::uint8_t, 31> text{};  // salt 4, expiry 8, family 1, ip 16, port 2
    store_u32(text.data(), salt);
    store_u32(text.data() + 4, static_cast<std::uint32_t>(static_cast<std::uint64_t>(expires_us) >> 32));
    store_u32(text.data() + 8, static_cast<std::uint32_t>(static_cast<std::uint64_t>(expires_us)));
    text[12] = static_cast<std::uint8_t>(client.ip.family());
    for (std::size_t i = 0; i < client.ip.size(); ++i) text[13 + i] = client.ip.data()[i];
    store_u16(text.data() + 29, client.port);
    const auto mac = secret_.hmac_sha1({ByteView(text.data(), text.size())});
    std::string out;
    out.reserve(kNonceLength);
    append_hex(out, salt, 8);
    append_hex(out, static_cast<std::uint64_t>(expires_us), 16);
    for (std::size_t i = 0; i < 8; ++i) append_hex(out, mac[i], 2);
    return out;
}

std::string NonceIssuer::issue(Rng& rng, Instant now, const TransportAddress& client) const {
    return make(rng.next_u32(), (now + lifetime_).us, client);
}

NonceIssuer::Check NonceIssuer::check(Instant now, const TransportAddress& client,
                                      std::string_view nonce) const {
    if (nonce.size() != kNonceLength) return Check::kForeign;
    const auto salt = read_hex(nonce.substr(0, 8));
    const auto expires = read_hex(nonce.substr(8, 16));
    if (!salt || !expires) return Check::kForeign;
    const std::string expected =
        make(static_cast<std::uint32_t>(*salt), static_cast<std::int64_t>(*expires), client);
    // Compare without an early exit, like an HMAC check should.
    unsigned diff = 0;
    for (std::size_t i = 0; i < kNonceLength; ++i) {
        char c = nonce[i];
        if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
        diff |= static_cast<unsigned>(c ^ expected[i]);
    }
    if (diff != 0) return Check::kForeign;
    return now.us < static_cast<std::int64_t>(*expires) ? Check::kValid : Check::kExpired;
}

std::string_view nonce_check_name(NonceIssuer::Check check) {
    switch (check) {
        case NonceIssuer::Check::kValid: return "valid";
        case NonceIssuer::Check::kExpired: return "expired";
        case NonceIssuer::Check::kForeign: return "foreign";
    }
    return "foreign";
}

}  // namespace rtclab::net::turn
