#include "net/stun/message_builder.h"

#include <algorithm>
#include <cstring>

#include "net/stun/address_value.h"
#include "net/stun/attribute_type.h"
#include "net/stun/error_code.h"
#include "net/stun/fingerprint.h"
#include "net/stun/header.h"

namespace rtclab::net::stun {
namespace {

ByteView as_bytes(std::string_view s) {
    return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}

constexpr std::size_t padded(std::size_t n) {
    return (n + 3) & ~std::size_t{3};
}

void store_u64(std::uint8_t* p, std::uint64_t v) {
    store_u32(p, static_cast<std::uint32_t>(v >> 32));
    store_u32(p + 4, static_cast<std::uint32_t>(v));
}

}  // namespace

MessageBuilder::MessageBuilder(MessageClass cls, Method method, const TransactionId& id) : id_(id) {
    // A typical ICE check is ~100 bytes; one allocation covers most messages.
    b_.reserve(128);
    b_.resize(kHeaderSize);
    store_u16(b_.data() + kTypeOffset, encode_message_type(cls, method));
    store_u16(b_.data() + kLengthOffset, 0);  // set as attributes are added
    store_u32(b_.data() + kCookieOffset, kMagicCookie);
    std::copy(id.begin(), id.end(), b_.begin() + kTransactionIdOffset);
}

std::uint8_t* MessageBuilder::add_attribute(std::uint16_t type, std::size_t value_length) {
    const std::size_t at = b_.size();
    // "attributes whose content is not a multiple of 4 bytes are padded with 1, 2, or 3
    // bytes of padding so that its value contains a multiple of 4 bytes" (RFC 8489 §14)
    b_.resize(at + 4 + padded(value_length), padding_);
    store_u16(b_.data() + at, type);
    store_u16(b_.data() + at + 2, static_cast<std::uint16_t>(value_length));
    return b_.data() + at + 4;
}

void MessageBuilder::set_length(std::size_t total) {
    store_u16(b_.data() + kLengthOffset, static_cast<std::uint16_t>(total - kHeaderSize));
}

MessageBuilder& MessageBuilder::attribute(std::uint16_t type, ByteView value) {
    std::uint8_t* p = add_attribute(type, value.size());
    if (!value.empty()) std::memcpy(p, value.data(), value.size());
    return *this;
}

namespace {

// For values that have their own writer (addresses, ERROR-CODE, password algorithms): the
// header first, then the value appended by `write`, then the padding.
template <class Write>
void append_attribute(Bytes& b, std::uint16_t type, std::uint8_t padding, Write&& write) {
    const std::size_t at = b.size();
    b.resize(at + 4);
    ByteWriter w(b);
    write(w);
    const std::size_t n = b.size() - at - 4;
    store_u16(b.data() + at, type);
    store_u16(b.data() + at + 2, static_cast<std::uint16_t>(n));
    b.resize(at + 4 + padded(n), padding);
}

}  // namespace

MessageBuilder& MessageBuilder::mapped_address(const TransportAddress& address) {
    append_attribute(b_, attr::kMappedAddress, padding_,
                     [&](ByteWriter& w) { write_address(w, address); });
    return *this;
}

MessageBuilder& MessageBuilder::xor_mapped_address(const TransportAddress& address) {
    append_attribute(b_, attr::kXorMappedAddress, padding_,
                     [&](ByteWriter& w) { write_xor_address(w, address, id_); });
    return *this;
}

MessageBuilder& MessageBuilder::alternate_server(const TransportAddress& address) {
    // "It is encoded in the same way as MAPPED-ADDRESS" (RFC 8489 §14.15).
    append_attribute(b_, attr::kAlternateServer, padding_,
                     [&](ByteWriter& w) { write_address(w, address); });
    return *this;
}

MessageBuilder& MessageBuilder::xor_peer_address(const TransportAddress& address) {
    append_attribute(b_, attr::kXorPeerAddress, padding_,
                     [&](ByteWriter& w) { write_xor_address(w, address, id_); });
    return *this;
}

MessageBuilder& MessageBuilder::xor_relayed_address(const TransportAddress& address) {
    append_attribute(b_, attr::kXorRelayedAddress, padding_,
                     [&](ByteWriter& w) { write_xor_address(w, address, id_); });
    return *this;
}

MessageBuilder& MessageBuilder::username(std::string_view username) {
    return attribute(attr::kUsername, as_bytes(username));
}

MessageBuilder& MessageBuilder::userhash(const std::array<std::uint8_t, 32>& hash) {
    return attribute(attr::kUserhash, hash);
}

MessageBuilder& MessageBuilder::error_code(int code, std::string_view reason) {
    if (reason.empty()) reason = reason_phrase(code);
    append_attribute(b_, attr::kErrorCode, padding_,
                     [&](ByteWriter& w) { write_error_code(w, code, reason); });
    return *this;
}

MessageBuilder& MessageBuilder::realm(std::string_view realm) {
    return attribute(attr::kRealm, as_bytes(realm));
}

MessageBuilder& MessageBuilder::nonce(std::string_view nonce) {
    return attribute(attr::kNonce, as_bytes(nonce));
}

MessageBuilder& MessageBuilder::password_algorithms(std::span<const PasswordAlgorithm> algorithms) {
    append_attribute(b_, attr::kPasswordAlgorithms, padding_, [&](ByteWriter& w) {
        for (const auto& a : algorithms)
            write_password_algorithm(w, a);
    });
    return *this;
}

MessageBuilder& MessageBuilder::password_algorithm(const PasswordAlgorithm& algorithm) {
    append_attribute(b_, attr::kPasswordAlgorithm, padding_,
                     [&](ByteWriter& w) { write_password_algorithm(w, algorithm); });
    return *this;
}

MessageBuilder& MessageBuilder::unknown_attributes(std::span<const std::uint16_t> types) {
    std::uint8_t* p = add_attribute(attr::kUnknownAttributes, types.size() * 2);
    for (std::size_t i = 0; i < types.size(); ++i)
        store_u16(p + 2 * i, types[i]);
    return *this;
}

MessageBuilder& MessageBuilder::software(std::string_view software) {
    return attribute(attr::kSoftware, as_bytes(software));
}

MessageBuilder& MessageBuilder::alternate_domain(std::string_view domain) {
    return attribute(attr::kAlternateDomain, as_bytes(domain));
}

MessageBuilder& MessageBuilder::priority(std::uint32_t priority) {
    store_u32(add_attribute(attr::kPriority, 4), priority);
    return *this;
}

MessageBuilder& MessageBuilder::use_candidate() {
    add_attribute(attr::kUseCandidate, 0);
    return *this;
}

MessageBuilder& MessageBuilder::ice_controlled(std::uint64_t tie_breaker) {
    store_u64(add_attribute(attr::kIceControlled, 8), tie_breaker);
    return *this;
}

MessageBuilder& MessageBuilder::ice_controlling(std::uint64_t tie_breaker) {
    store_u64(add_attribute(attr::kIceControlling, 8), tie_breaker);
    return *this;
}

MessageBuilder& MessageBuilder::channel_number(std::uint16_t channel) {
    // Channel number, then "RFFU = Reserved For Future Use" 16 bits of zero (RFC 8656 §18.1).
    std::uint8_t* p = add_attribute(attr::kChannelNumber, 4);
    store_u16(p, channel);
    store_u16(p + 2, 0);
    return *this;
}

MessageBuilder& MessageBuilder::lifetime(std::uint32_t seconds) {
    store_u32(add_attribute(attr::kLifetime, 4), seconds);
    return *this;
}

MessageBuilder& MessageBuilder::data(ByteView data) {
    return attribute(attr::kData, data);
}

MessageBuilder& MessageBuilder::requested_transport(std::uint8_t protocol) {
    // The protocol number, then 24 RFFU bits (RFC 8656 §18.8).
    store_u32(add_attribute(attr::kRequestedTransport, 4), std::uint32_t{protocol} << 24);
    return *this;
}

MessageBuilder& MessageBuilder::dont_fragment() {
    add_attribute(attr::kDontFragment, 0);
    return *this;
}

MessageBuilder& MessageBuilder::even_port(bool reserve_next_port) {
    // One byte: the R bit, then 7 RFFU bits (RFC 8656 §18.7); padded like any attribute.
    *add_attribute(attr::kEvenPort, 1) = reserve_next_port ? 0x80 : 0x00;
    return *this;
}

MessageBuilder& MessageBuilder::reservation_token(std::uint64_t token) {
    store_u64(add_attribute(attr::kReservationToken, 8), token);
    return *this;
}

MessageBuilder& MessageBuilder::requested_address_family(Family family) {
    // The family, then 24 RFFU bits (RFC 8656 §18.6).
    const std::uint8_t f = family == Family::kIpv4 ? kFamilyIpv4 : kFamilyIpv6;
    store_u32(add_attribute(attr::kRequestedAddressFamily, 4), std::uint32_t{f} << 24);
    return *this;
}

MessageBuilder& MessageBuilder::padding_byte(std::uint8_t byte) {
    padding_ = byte;
    return *this;
}

MessageBuilder& MessageBuilder::integrity_mode(IntegrityMode mode, std::size_t sha256_length) {
    integrity_mode_ = mode;
    sha256_length_ = std::clamp<std::size_t>(sha256_length & ~std::size_t{3}, 16, 32);
    return *this;
}

Bytes MessageBuilder::finish(const IntegrityKey* key, bool fingerprint) {
    if (key && integrity_mode_ != IntegrityMode::kSha256) {
        // RFC 8489 §14.5: "The text used as input to HMAC is the STUN message, up to and
        // including the attribute preceding the MESSAGE-INTEGRITY attribute. The Length
        // field of the STUN message header is adjusted to point to the end of the
        // MESSAGE-INTEGRITY attribute."
        const std::size_t at = b_.size();
        set_length(at + 4 + 20);
        const auto mac = key->hmac_sha1({ByteView(b_.data(), at)});
        std::memcpy(add_attribute(attr::kMessageIntegrity, 20), mac.data(), 20);
    }
    if (key && integrity_mode_ != IntegrityMode::kSha1) {
        // RFC 8489 §14.6: the same, "up to and including the attribute preceding the
        // MESSAGE-INTEGRITY-SHA256 attribute" -- MESSAGE-INTEGRITY too, when present.
        const std::size_t at = b_.size();
        set_length(at + 4 + sha256_length_);
        const auto mac = key->hmac_sha256({ByteView(b_.data(), at)});
        std::memcpy(add_attribute(attr::kMessageIntegritySha256, sha256_length_), mac.data(),
                    sha256_length_);
    }
    if (fingerprint) {
        // RFC 8489 §14.7: "prior to computation of the CRC, this value must be correct and
        // include the CRC attribute as part of the message length."
        const std::size_t at = b_.size();
        set_length(at + 8);
        const std::uint32_t crc = compute_fingerprint({ByteView(b_.data(), at)});
        store_u32(add_attribute(attr::kFingerprint, 4), crc);
    }
    set_length(b_.size());
    return std::move(b_);
}

}  // namespace rtclab::net::stun
