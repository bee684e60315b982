#include "net/stun/integrity_key.h"

#include <nettle/md5.h>

#include <algorithm>
#include <string>

namespace rtclab::net::stun {
namespace {

constexpr std::size_t kBlockSize = 64;  // SHA-1 and SHA-256 both hash 64-byte blocks

ByteView as_bytes(std::string_view s) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// Overwrites through a volatile pointer so the compiler cannot drop the stores as dead.
template <class T>
void wipe(T& object) {
    volatile unsigned char* p = reinterpret_cast<volatile unsigned char*>(&object);
    for (std::size_t i = 0; i < sizeof(T); ++i) p[i] = 0;
}

// RFC 2104 §2: the key block is the key padded with zeros to the block size, or the hash of
// the key when it is longer than a block.
template <class Ctx, std::size_t DigestSize>
std::array<std::uint8_t, kBlockSize> key_block(ByteView key, void (*init)(Ctx*),
                                                void (*update)(Ctx*, std::size_t, const std::uint8_t*),
                                                void (*digest)(Ctx*, std::size_t, std::uint8_t*)) {
    std::array<std::uint8_t, kBlockSize> block{};
    if (key.size() > kBlockSize) {
        Ctx c;
        init(&c);
        update(&c, key.size(), key.data());
        digest(&c, DigestSize, block.data());
    } else {
        std::copy(key.begin(), key.end(), block.begin());
    }
    return block;
}

// The two prepared states: the hash after (K ^ ipad) and after (K ^ opad).
template <class Ctx>
void prepare(const std::array<std::uint8_t, kBlockSize>& k, Ctx* inner, Ctx* outer,
             void (*init)(Ctx*), void (*update)(Ctx*, std::size_t, const std::uint8_t*)) {
    std::array<std::uint8_t, kBlockSize> ipad{};
    std::array<std::uint8_t, kBlockSize> opad{};
    for (std::size_t i = 0; i < kBlockSize; ++i) {
        ipad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36);
        opad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5c);
    }
    init(inner);
    update(inner, ipad.size(), ipad.data());
    init(outer);
    update(outer, opad.size(), opad.data());
    wipe(ipad);
    wipe(opad);
}

// HMAC from the prepared states: copies them, so the key stays usable and const.
template <class Ctx, std::size_t DigestSize>
std::array<std::uint8_t, DigestSize> hmac(const Ctx& inner_state, const Ctx& outer_state,
                                          std::initializer_list<ByteView> parts,
                                          void (*update)(Ctx*, std::size_t, const std::uint8_t*),
                                          void (*digest)(Ctx*, std::size_t, std::uint8_t*)) {
    std::array<std::uint8_t, DigestSize> inner{};
    std::array<std::uint8_t, DigestSize> out{};
    Ctx c = inner_state;
    for (const ByteView part : parts) update(&c, part.size(), part.data());
    digest(&c, inner.size(), inner.data());
    c = outer_state;
    update(&c, inner.size(), inner.data());
    digest(&c, out.size(), out.data());
    wipe(c);
    return out;
}

}  // namespace

IntegrityKey::IntegrityKey(ByteView key) : key_(key.begin(), key.end()) {
    auto k1 = key_block<sha1_ctx, SHA1_DIGEST_SIZE>(key, sha1_init, sha1_update, sha1_digest);
    prepare(k1, &sha1_inner_, &sha1_outer_, sha1_init, sha1_update);
    auto k2 =
        key_block<sha256_ctx, SHA256_DIGEST_SIZE>(key, sha256_init, sha256_update, sha256_digest);
    prepare(k2, &sha256_inner_, &sha256_outer_, sha256_init, sha256_update);
    wipe(k1);
    wipe(k2);
}

IntegrityKey::~IntegrityKey() {
    wipe(sha1_inner_);
    wipe(sha1_outer_);
    wipe(sha256_inner_);
    wipe(sha256_outer_);
}

IntegrityKey IntegrityKey::short_term(std::string_view password) {
    return IntegrityKey(as_bytes(password));
}

IntegrityKey IntegrityKey::long_term(std::string_view username, std::string_view realm,
                                     std::string_view password, std::uint16_t algorithm) {
    std::string text;
    text.reserve(username.size() + realm.size() + password.size() + 2);
    text.append(username).append(":").append(realm).append(":").append(password);
    const ByteView bytes = as_bytes(text);
    if (algorithm == kPasswordAlgorithmSha256) {
        std::array<std::uint8_t, SHA256_DIGEST_SIZE> key{};
        sha256_ctx c;
        sha256_init(&c);
        sha256_update(&c, bytes.size(), bytes.data());
        sha256_digest(&c, key.size(), key.data());
        return IntegrityKey(key);
    }
    // MD5: RFC 8489 §18.5.1.1, "This algorithm MUST only be used for compatibility with
    // legacy systems" -- which is every TURN server and browser today.
    std::array<std::uint8_t, MD5_DIGEST_SIZE> key{};
    md5_ctx c;
    md5_init(&c);
    md5_update(&c, bytes.size(), bytes.data());
    md5_digest(&c, key.size(), key.data());
    return IntegrityKey(key);
}

IntegrityKey IntegrityKey::from_bytes(ByteView key) {
    return IntegrityKey(key);
}

std::array<std::uint8_t, 20> IntegrityKey::hmac_sha1(std::initializer_list<ByteView> parts) const {
    return hmac<sha1_ctx, SHA1_DIGEST_SIZE>(sha1_inner_, sha1_outer_, parts, sha1_update,
                                            sha1_digest);
}

std::array<std::uint8_t, 32> IntegrityKey::hmac_sha256(
    std::initializer_list<ByteView> parts) const {
    return hmac<sha256_ctx, SHA256_DIGEST_SIZE>(sha256_inner_, sha256_outer_, parts,
                                                sha256_update, sha256_digest);
}

}  // namespace rtclab::net::stun
