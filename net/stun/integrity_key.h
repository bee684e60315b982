// IntegrityKey: the HMAC key of STUN's short-term and long-term credential mechanisms, with
// its HMAC-SHA1 and HMAC-SHA256 states prepared once (RFC 8489 §9.1.1, §9.2.2, §14.5, §14.6).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include <nettle/sha1.h>
#include <nettle/sha2.h>

#include "net/core/bytes.h"
#include "net/stun/password_algorithm.h"

namespace rtclab::net::stun {

// HMAC (RFC 2104) is H((K ^ opad) || H((K ^ ipad) || text)). The first 64-byte block of each
// of the two hashes depends only on the key, so the key object hashes those two blocks once
// and keeps the two resulting hash states; each message then clones them and hashes only its
// own bytes. For a typical ICE check that is 3 SHA-1 compressions instead of 5.
//
// The hashes come from Nettle rather than Mbed TLS: Mbed TLS 2.28 hashes SHA-1 in portable C
// (about 93 ns per block here), Nettle picks the CPU's SHA extensions at run time (about
// 42 ns), and an ICE agent hashes every check twice. Nettle's contexts are plain structs, so
// preparing and cloning a state is a copy.
class IntegrityKey {
  public:
    // RFC 8489 §9.1.1: "the key is ... key = OpaqueString(password)". ICE's short-term
    // password is the peer's ice-pwd (RFC 8445 §7.2.2).
    static IntegrityKey short_term(std::string_view password);

    // RFC 8489 §9.2.2 / §18.5.1: key = MD5(username ":" OpaqueString(realm) ":"
    // OpaqueString(password)), or SHA-256 of the same text with the SHA-256 password
    // algorithm.
    //
    // OpaqueString (RFC 8265; RFC 5389 used SASLprep) is the identity for printable ASCII, so
    // rtclab hashes the bytes as given and applies no Unicode normalisation: a non-ASCII
    // password is used exactly as its UTF-8 bytes. That matches RFC 5769 §2.4, whose
    // password "TheMatrIX" is already in its prepared form.
    static IntegrityKey long_term(std::string_view username, std::string_view realm,
                                  std::string_view password,
                                  std::uint16_t algorithm = kPasswordAlgorithmMd5);

    // Any key bytes, e.g. a long-term key stored already hashed (RFC 8489 §9.2.2 allows a
    // server to store the key instead of the password).
    static IntegrityKey from_bytes(ByteView key);

    IntegrityKey(const IntegrityKey& other) = default;
    IntegrityKey& operator=(const IntegrityKey& other) = default;
    // Wipes the prepared states, which are as secret as the key.
    ~IntegrityKey();

    // The key itself: the password (short-term) or the 16/32-byte hash (long-term).
    ByteView bytes() const { return ByteView(key_.data(), key_.size()); }

    // HMAC over the concatenation of the parts, which lets a caller feed a message with its
    // length field adjusted without copying it.
    std::array<std::uint8_t, 20> hmac_sha1(std::initializer_list<ByteView> parts) const;
    std::array<std::uint8_t, 32> hmac_sha256(std::initializer_list<ByteView> parts) const;

  private:
    explicit IntegrityKey(ByteView key);

    Bytes key_;
    sha1_ctx sha1_inner_{};  // after hashing K ^ ipad
    sha1_ctx sha1_outer_{};  // after hashing K ^ opad
    sha256_ctx sha256_inner_{};
    sha256_ctx sha256_outer_{};
};

}  // namespace rtclab::net::stun
