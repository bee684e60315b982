// parse_message(): the STUN decoder (RFC 8489 §5 header, §14 attributes). Declared in
// net/stun/message.h, whose comment lists what is checked and what is only reported.
#include <cstdio>
#include <string>

#include "net/stun/address_value.h"
#include "net/stun/error_code.h"
#include "net/stun/header.h"
#include "net/stun/message.h"
#include "net/stun/password_algorithm.h"

namespace rtclab::net::stun {
namespace {

std::string hex_u16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04x", v);
    return buf;
}

std::string hex_u32(std::uint32_t v) {
    char buf[12];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

std::string plural(std::size_t n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

// Value checks report a problem in words (no offset, no attribute name: the caller adds
// both) and return false; they return true, cheaply, when the value is fine.
bool exact_size(ByteView value, std::size_t want, const char* what, std::string* error) {
    if (value.size() == want) [[likely]]
        return true;
    *error = "value is " + plural(value.size(), "byte") + ", it must be " + std::to_string(want) +
             " (" + what + ")";
    return false;
}

template <class T>
bool decodes(const Result<T>& r, std::string* error) {
    if (r.ok()) return true;
    *error = r.error().message;
    return false;
}

// The value format of each attribute type this codec knows.
bool check_value(std::uint16_t type, ByteView value, const TransactionId& id, std::string* error) {
    switch (type) {
        case attr::kMappedAddress:
        case attr::kAlternateServer:
            return decodes(read_address(value), error);
        case attr::kXorMappedAddress:
        case attr::kXorPeerAddress:
        case attr::kXorRelayedAddress:
            return decodes(read_xor_address(value, id), error);
        case attr::kErrorCode:
            return decodes(read_error_code(value), error);
        case attr::kMessageIntegrity:
            // "Since it uses the SHA-1 hash, the HMAC will be 20 bytes." (RFC 8489 §14.5)
            return exact_size(value, 20, "an HMAC-SHA1", error);
        case attr::kMessageIntegritySha256:
            // "The value will be at most 32 bytes, but it MUST be at least 16 bytes and MUST
            // be a multiple of 4 bytes." (RFC 8489 §14.6)
            if (value.size() >= 16 && value.size() <= 32 && value.size() % 4 == 0) return true;
            *error = "value is " + plural(value.size(), "byte") +
                     ", it must be 16 to 32 and a multiple of 4 (a truncated HMAC-SHA256)";
            return false;
        case attr::kFingerprint:
            return exact_size(value, 4, "a CRC-32", error);
        case attr::kUserhash:
            // "The value of USERHASH has a fixed length of 32 bytes." (RFC 8489 §14.4)
            return exact_size(value, 32, "a SHA-256", error);
        case attr::kUnknownAttributes:
            // "a list of 16-bit values" (RFC 8489 §14.13)
            if (value.size() % 2 == 0) return true;
            *error = "value is " + plural(value.size(), "byte") +
                     ", not a whole number of 16-bit attribute types";
            return false;
        case attr::kPasswordAlgorithms:
            return decodes(read_password_algorithms(value), error);
        case attr::kPasswordAlgorithm:
            return decodes(read_password_algorithm(value), error);
        case attr::kPriority:
            return exact_size(value, 4, "a 32-bit priority", error);
        case attr::kUseCandidate:
            return exact_size(value, 0, "a flag without value", error);
        case attr::kIceControlled:
        case attr::kIceControlling:
            return exact_size(value, 8, "a 64-bit tie-breaker", error);
        case attr::kChannelNumber:
            return exact_size(value, 4, "a 16-bit channel number and 16 reserved bits", error);
        case attr::kLifetime:
            return exact_size(value, 4, "32-bit seconds", error);
        case attr::kRequestedTransport:
            return exact_size(value, 4, "an 8-bit protocol number and 24 reserved bits", error);
        case attr::kDontFragment:
            return exact_size(value, 0, "a flag without value", error);
        case attr::kEvenPort:
            return exact_size(value, 1, "the R bit and 7 reserved bits", error);
        case attr::kReservationToken:
            return exact_size(value, 8, "an 8-byte token", error);
        case attr::kRequestedAddressFamily: {
            if (!exact_size(value, 4, "an 8-bit family and 24 reserved bits", error)) return false;
            // RFC 8656 §18.6: "0x01: IPv4, 0x02: IPv6".
            if (value[0] == kFamilyIpv4 || value[0] == kFamilyIpv6) return true;
            char buf[8];
            std::snprintf(buf, sizeof buf, "0x%02x", value[0]);
            *error = std::string("family ") + buf + " is neither IPv4 (0x01) nor IPv6 (0x02)";
            return false;
        }
        // Text and opaque values (USERNAME, REALM, NONCE, SOFTWARE, ALTERNATE-DOMAIN, DATA):
        // any bytes decode. The length limits of §14.3-§14.16 are rules for senders; a
        // receiver "MUST be able to parse" more (§14.3), and a decoder shows what came.
        default:
            return true;
    }
}

}  // namespace

Result<Message> parse_message(ByteView bytes) {
    // --- header (RFC 8489 §5) ---
    if (bytes.size() < kHeaderSize) {
        return make_error("message ends after " + plural(bytes.size(), "byte") +
                              ", inside the 20-byte STUN header",
                          bytes.size());
    }
    const std::uint16_t type = load_u16(bytes.data() + kTypeOffset);
    if ((type & 0xc000) != 0) {
        // "The most significant 2 bits of every STUN message MUST be zeroes."
        return make_error("message type " + hex_u16(type) +
                              " does not start with two zero bits, so this is not STUN",
                          kTypeOffset);
    }
    const std::uint16_t length = load_u16(bytes.data() + kLengthOffset);
    if (length % 4 != 0) {
        // "Since all STUN attributes are padded to a multiple of 4 bytes, the last 2 bits of
        // this field are always zero."
        return make_error("length " + std::to_string(length) + " is not a multiple of 4",
                          kLengthOffset);
    }
    const std::uint32_t cookie = load_u32(bytes.data() + kCookieOffset);
    if (cookie != kMagicCookie) {
        return make_error("magic cookie is " + hex_u32(cookie) + " not 0x2112a442", kCookieOffset);
    }
    const std::size_t end = kHeaderSize + length;
    if (end > bytes.size()) {
        return make_error("length field says " + plural(length, "byte") +
                              " follow the header, but only " +
                              std::to_string(bytes.size() - kHeaderSize) + " do",
                          kLengthOffset);
    }
    if (end < bytes.size()) {
        return make_error(plural(bytes.size() - end, "byte") +
                              " after the end of the message (the length field says " +
                              std::to_string(length) + ")",
                          end);
    }

    Message m;
    m.cls = class_of_type(type);
    m.method = method_of_type(type);
    std::copy(bytes.begin() + kTransactionIdOffset, bytes.begin() + kHeaderSize,
              m.transaction_id.begin());
    m.length_ = length;
    m.raw_.assign(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(end));
    m.attributes_.reserve(8);
    const std::uint8_t* base = m.raw_.data();

    // --- attributes (RFC 8489 §14) ---
    bool after_integrity = false;         // MESSAGE-INTEGRITY seen
    bool after_integrity_sha256 = false;  // MESSAGE-INTEGRITY-SHA256 seen
    bool after_fingerprint = false;
    std::size_t pos = kHeaderSize;
    while (pos < end) {
        // pos and end are both multiples of 4, so a 4-byte attribute header always fits.
        const std::uint16_t attr_type = load_u16(base + pos);
        const std::uint16_t attr_length = load_u16(base + pos + 2);
        // Only error messages need the name; it is looked up there.
        auto name = [attr_type] { return std::string(attribute_name(attr_type)); };
        if (after_fingerprint) {
            return make_error(name() +
                                  " follows FINGERPRINT, which must be the last attribute "
                                  "(RFC 8489 §14.7)",
                              pos);
        }
        const std::size_t room = end - pos - 4;
        if (attr_length > room) {
            return make_error(name() + ": length " + std::to_string(attr_length) +
                                  " runs past the end of the message (" + plural(room, "byte") +
                                  " left after the attribute header)",
                              pos);
        }
        Attribute a{attr_type, pos, ByteView(base + pos + 4, attr_length)};
        // The value is padded "so that its value contains a multiple of 4 bytes"; since room
        // is a multiple of 4 the padding always fits once the value does.
        const std::size_t padded = (std::size_t{attr_length} + 3) & ~std::size_t{3};
        pos += 4 + padded;

        // Agents "MUST ignore all other attributes that follow MESSAGE-INTEGRITY" but for
        // MESSAGE-INTEGRITY-SHA256 and FINGERPRINT, and after MESSAGE-INTEGRITY-SHA256 all
        // but FINGERPRINT (RFC 5389 §15.4's rule as RFC 8489 extends it; see message.h).
        const bool ignored = (after_integrity_sha256 && attr_type != attr::kFingerprint) ||
                             (after_integrity && attr_type != attr::kMessageIntegritySha256 &&
                              attr_type != attr::kFingerprint);
        if (attr_type == attr::kFingerprint) after_fingerprint = true;
        if (ignored) {
            m.ignored_.push_back(a);
            continue;
        }
        if (std::string problem; !check_value(attr_type, a.value, m.transaction_id, &problem)) {
            return make_error(name() + ": " + problem, a.offset);
        }
        if (attr::is_comprehension_required(attr_type) && !attr::is_known(attr_type)) {
            m.unknown_required_.push_back(attr_type);
        }
        if (attr_type == attr::kMessageIntegrity) after_integrity = true;
        if (attr_type == attr::kMessageIntegritySha256) after_integrity_sha256 = true;
        m.attributes_.push_back(a);
    }
    return m;
}

}  // namespace rtclab::net::stun
