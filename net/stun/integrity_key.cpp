#include "net/stun/integrity_key.h"

#include <mbedtls/md5.h>

#include <algorithm>
#include <string>

namespace rtclab::net::stun {
namespace {

constexpr std::size_t kBlockSize = 64;  // SHA-1 and SHA-256 both hash 64-byte blocks

ByteView as_bytes(std::string_view s) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

// The software hash functions of Mbed TLS cannot fail; their int results are ignored.
void sha1_update(mbedtls_sha1_context* c, ByteView v) {
    (void)mbedtls_sha1_update_ret(c, v.data(), v.size());
}
void sha256_update(mbedtls_sha256_context* c, ByteView v) {
    (void)mbedtls_sha256_update_ret(c, v.data(), v.size());
}

}  // namespace

IntegrityKey::IntegrityKey(ByteView key) : key_(key.begin(), key.end()) {
    mbedtls_sha1_init(&sha1_inner_);
    mbedtls_sha1_init(&sha1_outer_);
    mbedtls_sha256_init(&sha256_inner_);
    mbedtls_sha256_init(&sha256_outer_);

    // RFC 2104 §2: keys longer than the block are first hashed; shorter ones are padded
    // with zeros to the block size.
    std::array<std::uint8_t, kBlockSize> k1{};  // key block for HMAC-SHA1
    std::array<std::uint8_t, kBlockSize> k2{};  // key block for HMAC-SHA256
    if (key_.size() > kBlockSize) {
        (void)mbedtls_sha1_ret(key_.data(), key_.size(), k1.data());
        (void)mbedtls_sha256_ret(key_.data(), key_.size(), k2.data(), 0);
    } else {
        std::copy(key_.begin(), key_.end(), k1.begin());
        std::copy(key_.begin(), key_.end(), k2.begin());
    }
    std::array<std::uint8_t, kBlockSize> ipad{};
    std::array<std::uint8_t, kBlockSize> opad{};

    for (std::size_t i = 0; i < kBlockSize; ++i) {
        ipad[i] = static_cast<std::uint8_t>(k1[i] ^ 0x36);
        opad[i] = static_cast<std::uint8_t>(k1[i] ^ 0x5c);
    }
    (void)mbedtls_sha1_starts_ret(&sha1_inner_);
    sha1_update(&sha1_inner_, ipad);
    (void)mbedtls_sha1_starts_ret(&sha1_outer_);
    sha1_update(&sha1_outer_, opad);

    for (std::size_t i = 0; i < kBlockSize; ++i) {
        ipad[i] = static_cast<std::uint8_t>(k2[i] ^ 0x36);
        opad[i] = static_cast<std::uint8_t>(k2[i] ^ 0x5c);
    }
    (void)mbedtls_sha256_starts_ret(&sha256_inner_, 0);
    sha256_update(&sha256_inner_, ipad);
    (void)mbedtls_sha256_starts_ret(&sha256_outer_, 0);
    sha256_update(&sha256_outer_, opad);
}

IntegrityKey::IntegrityKey(const IntegrityKey& other) : key_(other.key_) {
    mbedtls_sha1_init(&sha1_inner_);
    mbedtls_sha1_init(&sha1_outer_);
    mbedtls_sha256_init(&sha256_inner_);
    mbedtls_sha256_init(&sha256_outer_);
    mbedtls_sha1_clone(&sha1_inner_, &other.sha1_inner_);
    mbedtls_sha1_clone(&sha1_outer_, &other.sha1_outer_);
    mbedtls_sha256_clone(&sha256_inner_, &other.sha256_inner_);
    mbedtls_sha256_clone(&sha256_outer_, &other.sha256_outer_);
}

IntegrityKey& IntegrityKey::operator=(const IntegrityKey& other) {
    if (this == &other) return *this;
    key_ = other.key_;
    mbedtls_sha1_clone(&sha1_inner_, &other.sha1_inner_);
    mbedtls_sha1_clone(&sha1_outer_, &other.sha1_outer_);
    mbedtls_sha256_clone(&sha256_inner_, &other.sha256_inner_);
    mbedtls_sha256_clone(&sha256_outer_, &other.sha256_outer_);
    return *this;
}

IntegrityKey::~IntegrityKey() {
    // The free functions also wipe the states, which are as secret as the key.
    mbedtls_sha1_free(&sha1_inner_);
    mbedtls_sha1_free(&sha1_outer_);
    mbedtls_sha256_free(&sha256_inner_);
    mbedtls_sha256_free(&sha256_outer_);
}

IntegrityKey IntegrityKey::short_term(std::string_view password) {
    return IntegrityKey(as_bytes(password));
}

IntegrityKey IntegrityKey::long_term(std::string_view username, std::string_view realm,
                                     std::string_view password, std::uint16_t algorithm) {
    std::string text;
    text.reserve(username.size() + realm.size() + password.size() + 2);
    text.append(username).append(":").append(realm).append(":").append(password);
    if (algorithm == kPasswordAlgorithmSha256) {
        std::array<std::uint8_t, 32> key{};
        (void)mbedtls_sha256_ret(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                                 key.data(), 0);
        return IntegrityKey(key);
    }
    // MD5: RFC 8489 §18.5.1.1, "This algorithm MUST only be used for compatibility with
    // legacy systems" -- which is every TURN server and browser today.
    std::array<std::uint8_t, 16> key{};
    (void)mbedtls_md5_ret(reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                          key.data());
    return IntegrityKey(key);
}

IntegrityKey IntegrityKey::from_bytes(ByteView key) {
    return IntegrityKey(key);
}

std::array<std::uint8_t, 20> IntegrityKey::hmac_sha1(std::initializer_list<ByteView> parts) const {
    std::array<std::uint8_t, 20> inner{};
    std::array<std::uint8_t, 20> out{};
    mbedtls_sha1_context c;  // clone() overwrites all of it, so no init()
    mbedtls_sha1_clone(&c, &sha1_inner_);
    for (const ByteView part : parts)
        sha1_update(&c, part);
    (void)mbedtls_sha1_finish_ret(&c, inner.data());
    mbedtls_sha1_clone(&c, &sha1_outer_);
    sha1_update(&c, inner);
    (void)mbedtls_sha1_finish_ret(&c, out.data());
    mbedtls_sha1_free(&c);
    return out;
}

std::array<std::uint8_t, 32> IntegrityKey::hmac_sha256(
    std::initializer_list<ByteView> parts) const {
    std::array<std::uint8_t, 32> inner{};
    std::array<std::uint8_t, 32> out{};
    mbedtls_sha256_context c;  // clone() overwrites all of it, so no init()
    mbedtls_sha256_clone(&c, &sha256_inner_);
    for (const ByteView part : parts)
        sha256_update(&c, part);
    (void)mbedtls_sha256_finish_ret(&c, inner.data());
    mbedtls_sha256_clone(&c, &sha256_outer_);
    sha256_update(&c, inner);
    (void)mbedtls_sha256_finish_ret(&c, out.data());
    mbedtls_sha256_free(&c);
    return out;
}

}  // namespace rtclab::net::stun
