// MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT: keys, tampering, verdicts.
#include <catch2/catch.hpp>

#include "net/core/hex.h"
#include "net/stun/rfc5769_vectors.h"
#include "net/stun/stun.h"

using namespace rtclab::net;
using namespace rtclab::net::stun;

namespace {

const TransactionId kId = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};

Bytes ice_check(const IntegrityKey& key) {
    return MessageBuilder(MessageClass::kRequest, Method::kBinding, kId)
        .username("ZXL5:Ff3o")
        .priority(1853824767)
        .ice_controlling(0x1122334455667788ull)
        .use_candidate()
        .finish(&key);
}

}  // namespace

TEST_CASE("HMAC with prepared states equals plain HMAC (RFC 2202 / RFC 4231 vectors)",
          "[stun][integrity]") {
    // RFC 2202 test case 2: key "Jefe", data "what do ya want for nothing?".
    const auto jefe = IntegrityKey::short_term("Jefe");
    const std::string_view data = "what do ya want for nothing?";
    const ByteView d(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    CHECK(to_hex(jefe.hmac_sha1({d})) == "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    // The same text in pieces.
    CHECK(to_hex(jefe.hmac_sha1({d.subspan(0, 5), d.subspan(5)})) ==
          "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    // RFC 4231 test case 2.
    CHECK(to_hex(jefe.hmac_sha256({d})) ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    // RFC 2202 test case 6: an 80-byte key (longer than the block, hashed first).
    const Bytes long_key(80, 0xaa);
    const std::string_view text = "Test Using Larger Than Block-Size Key - Hash Key First";
    const ByteView t(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
    CHECK(to_hex(IntegrityKey::from_bytes(long_key).hmac_sha1({t})) ==
          "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    // RFC 4231 test case 6, the same for SHA-256 with a 131-byte key.
    const Bytes key131(131, 0xaa);
    CHECK(to_hex(IntegrityKey::from_bytes(key131).hmac_sha256({t})) ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    // Copies hash the same.
    const IntegrityKey copy = jefe;
    IntegrityKey assigned = IntegrityKey::short_term("other");
    assigned = jefe;
    CHECK(copy.hmac_sha1({d}) == jefe.hmac_sha1({d}));
    CHECK(assigned.hmac_sha256({d}) == jefe.hmac_sha256({d}));
}

TEST_CASE("long-term keys: MD5 and SHA-256 of username:realm:password", "[stun][integrity]") {
    // MD5("user:realm:pass") and SHA-256 of the same text.
    CHECK(to_hex(IntegrityKey::long_term("user", "realm", "pass").bytes()) ==
          "8493fbc53ba582fb4c044c456bdc40eb");
    CHECK(to_hex(
              IntegrityKey::long_term("user", "realm", "pass", kPasswordAlgorithmSha256).bytes()) ==
          "07e934117abd40836e7c6329b54731b2b2d2a5f9a71f544922d75e0730d8251b");
}

TEST_CASE("a built ICE check verifies; one flipped bit anywhere breaks it", "[stun][integrity]") {
    const auto key = IntegrityKey::short_term("pass-word-of-22-chars!");
    const Bytes raw = ice_check(key);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(verify_integrity(*m, raw, &key) == Verdict::kValid);
    CHECK(verify_fingerprint(*m, raw) == Verdict::kValid);
    const std::size_t mi_end = m->find(attr::kMessageIntegrity)->offset + 24;

    for (std::size_t i = 0; i < raw.size(); ++i) {
        for (int bit = 0; bit < 8; ++bit) {
            Bytes t = raw;
            t[i] ^= static_cast<std::uint8_t>(1u << bit);
            auto tm = parse_message(t);
            if (!tm.ok()) continue;
            CAPTURE(i, bit);
            // CRC-32 catches every single-bit error in what it covers, and the FINGERPRINT
            // value itself; a flip in its type or length makes it absent or malformed.
            CHECK(verify_fingerprint(*tm, t) != Verdict::kValid);
            if (i < mi_end) CHECK(verify_integrity(*tm, t, &key) != Verdict::kValid);
        }
    }
}

TEST_CASE("MESSAGE-INTEGRITY-SHA256, alone, truncated, and after MESSAGE-INTEGRITY",
          "[stun][integrity]") {
    const auto key = IntegrityKey::long_term("user", "example.org", "pw", kPasswordAlgorithmSha256);
    const auto other =
        IntegrityKey::long_term("user", "example.org", "pw2", kPasswordAlgorithmSha256);
    for (auto mode : {IntegrityMode::kSha256, IntegrityMode::kSha1AndSha256}) {
        for (std::size_t n : {16u, 20u, 32u}) {
            const Bytes raw = MessageBuilder(MessageClass::kRequest, Method::kAllocate, kId)
                                  .username("user")
                                  .realm("example.org")
                                  .requested_transport()
                                  .integrity_mode(mode, n)
                                  .finish(&key);
            auto m = parse_message(raw);
            REQUIRE(m.ok());
            CAPTURE(n, static_cast<int>(mode));
            REQUIRE(m->find(attr::kMessageIntegritySha256) != nullptr);
            CHECK(m->find(attr::kMessageIntegritySha256)->value.size() == n);
            CHECK(verify_integrity_sha256(*m, raw, &key) == Verdict::kValid);
            CHECK(verify_integrity_sha256(*m, raw, &other) == Verdict::kInvalid);
            CHECK(verify_integrity_sha256(*m, raw, nullptr) == Verdict::kUnverified);
            CHECK(verify_integrity(*m, raw, &key) ==
                  (mode == IntegrityMode::kSha256 ? Verdict::kAbsent : Verdict::kValid));
            CHECK(verify_fingerprint(*m, raw) == Verdict::kValid);
        }
    }
}

TEST_CASE("verification against bytes that are not the message's is invalid, not a crash",
          "[stun][integrity]") {
    const auto key = IntegrityKey::short_term("pw");
    const Bytes raw = ice_check(key);
    auto m = parse_message(raw);
    REQUIRE(m.ok());
    CHECK(verify_integrity(*m, ByteView(raw.data(), 30), &key) == Verdict::kInvalid);
    CHECK(verify_fingerprint(*m, ByteView()) == Verdict::kInvalid);
    CHECK(verdict_name(Verdict::kUnverified) == "unverified");
}

TEST_CASE("USERHASH is SHA-256 of username:realm", "[stun]") {
    // SHA-256("user:realm").
    CHECK(to_hex(compute_userhash("user", "realm")) ==
          "6a3029116b47aa98bcaa325399733dc1a23cd57e26b81bef3ff6531ce624e2da");
}
