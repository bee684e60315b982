#include "net/stun/verify.h"

#include "net/stun/attribute_type.h"
#include "net/stun/fingerprint.h"
#include "net/stun/header.h"

namespace rtclab::net::stun {
namespace {

// Compares without stopping at the first difference, so the time taken does not tell an
// attacker how many leading bytes of a forged HMAC were right.
bool equal_in_constant_time(ByteView a, ByteView b) {
    if (a.size() != b.size()) return false;
    unsigned diff = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned>(a[i] ^ b[i]);
    return diff == 0;
}

// The header's Length as it was when the attribute at `offset` (with `value_size` bytes of
// value, so 4 + padded size on the wire) was the last one: the adjustment of §14.5-§14.7.
std::array<std::uint8_t, 2> adjusted_length(std::size_t offset, std::size_t value_size) {
    std::array<std::uint8_t, 2> out{};
    const std::size_t end = offset + 4 + ((value_size + 3) & ~std::size_t{3});
    store_u16(out.data(), static_cast<std::uint16_t>(end - kHeaderSize));
    return out;
}

// Whether raw holds everything up to the end of the attribute a's value; it does unless a
// caller passed bytes that are not the ones the message was parsed from.
bool covers(ByteView raw, const Attribute& a) {
    return a.offset >= kHeaderSize && raw.size() >= a.offset + 4 + a.value.size();
}

}  // namespace

std::string_view verdict_name(Verdict v) {
    switch (v) {
        case Verdict::kValid:
            return "valid";
        case Verdict::kInvalid:
            return "invalid";
        case Verdict::kAbsent:
            return "absent";
        case Verdict::kUnverified:
            return "unverified";
    }
    return "invalid";
}

Verdict verify_integrity(const Message& m, ByteView raw, const IntegrityKey* key) {
    const Attribute* a = m.find(attr::kMessageIntegrity);
    if (!a) return Verdict::kAbsent;
    if (!key) return Verdict::kUnverified;
    if (!covers(raw, *a) || a->value.size() != 20) return Verdict::kInvalid;
    const auto length = adjusted_length(a->offset, 20);
    const auto mac = key->hmac_sha1({raw.subspan(0, kLengthOffset), length,
                                     raw.subspan(kCookieOffset, a->offset - kCookieOffset)});
    return equal_in_constant_time(mac, raw.subspan(a->offset + 4, 20)) ? Verdict::kValid
                                                                       : Verdict::kInvalid;
}

Verdict verify_integrity_sha256(const Message& m, ByteView raw, const IntegrityKey* key) {
    const Attribute* a = m.find(attr::kMessageIntegritySha256);
    if (!a) return Verdict::kAbsent;
    if (!key) return Verdict::kUnverified;
    const std::size_t n = a->value.size();
    if (!covers(raw, *a) || n < 16 || n > 32) return Verdict::kInvalid;
    const auto length = adjusted_length(a->offset, n);
    const auto mac = key->hmac_sha256({raw.subspan(0, kLengthOffset), length,
                                       raw.subspan(kCookieOffset, a->offset - kCookieOffset)});
    // The attribute carries "an initial portion of the HMAC-SHA-256" (§14.6).
    return equal_in_constant_time(ByteView(mac.data(), n), raw.subspan(a->offset + 4, n))
               ? Verdict::kValid
               : Verdict::kInvalid;
}

Verdict verify_fingerprint(const Message& m, ByteView raw) {
    const Attribute* a = m.find(attr::kFingerprint);
    if (!a) return Verdict::kAbsent;
    if (!covers(raw, *a) || a->value.size() != 4) return Verdict::kInvalid;
    // FINGERPRINT is the last attribute (parse_message() insists), so the Length in raw
    // already points to its end and the CRC runs over raw as it is.
    const std::uint32_t crc = compute_fingerprint({raw.subspan(0, a->offset)});
    return crc == load_u32(raw.data() + a->offset + 4) ? Verdict::kValid : Verdict::kInvalid;
}

Verdict verify_integrity(const Message& m, const IntegrityKey* key) {
    return verify_integrity(m, m.raw(), key);
}

Verdict verify_integrity_sha256(const Message& m, const IntegrityKey* key) {
    return verify_integrity_sha256(m, m.raw(), key);
}

Verdict verify_fingerprint(const Message& m) {
    return verify_fingerprint(m, m.raw());
}

}  // namespace rtclab::net::stun
