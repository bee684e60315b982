// Checking a received message's MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT
// against the bytes it was parsed from (RFC 8489 §14.5, §14.6, §14.7).
#pragma once

#include <string_view>

#include "net/core/bytes.h"
#include "net/stun/integrity_key.h"
#include "net/stun/message.h"

namespace rtclab::net::stun {

enum class Verdict {
    kValid,       // present and correct
    kInvalid,     // present and wrong (or the raw bytes do not hold it)
    kAbsent,      // the message does not carry the attribute
    kUnverified,  // present, but no key was given to check it with
};

// "valid", "invalid", "absent", "unverified".
std::string_view verdict_name(Verdict v);

// raw must be the bytes m was parsed from (m.raw() is such a copy; the overloads without
// raw use it). The HMAC is recomputed over raw up to the attribute, with the header's
// Length "adjusted to point to the end of the MESSAGE-INTEGRITY attribute" (§14.5), and
// compared in constant time.
Verdict verify_integrity(const Message& m, ByteView raw, const IntegrityKey* key);
Verdict verify_integrity_sha256(const Message& m, ByteView raw, const IntegrityKey* key);
Verdict verify_fingerprint(const Message& m, ByteView raw);  // never kUnverified

Verdict verify_integrity(const Message& m, const IntegrityKey* key);
Verdict verify_integrity_sha256(const Message& m, const IntegrityKey* key);
Verdict verify_fingerprint(const Message& m);

}  // namespace rtclab::net::stun
