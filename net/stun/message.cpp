#include "net/stun/message.h"

#include <algorithm>

#include "net/stun/address_value.h"
#include "net/stun/error_code.h"

namespace rtclab::net::stun {
namespace {

// Attribute values are views into the message's own bytes; a copy of the message must
// point its copies of the views into its own copy of the bytes.
void rebase(std::vector<Attribute>& attributes, const Bytes& from, const Bytes& to) {
    for (Attribute& a : attributes) {
        const auto at = static_cast<std::size_t>(a.value.data() - from.data());
        a.value = ByteView(to.data() + at, a.value.size());
    }
}

std::optional<std::string> text(const Attribute* a) {
    if (!a) return std::nullopt;
    return std::string(reinterpret_cast<const char*>(a->value.data()), a->value.size());
}

std::optional<std::uint32_t> u32_at(const Attribute* a) {
    if (!a || a->value.size() < 4) return std::nullopt;
    return load_u32(a->value.data());
}

std::optional<std::uint64_t> u64_at(const Attribute* a) {
    if (!a || a->value.size() < 8) return std::nullopt;
    return (std::uint64_t{load_u32(a->value.data())} << 32) | load_u32(a->value.data() + 4);
}

template <class T>
std::optional<T> ok_or_none(Result<T> r) {
    if (!r) return std::nullopt;
    return std::move(r.value());
}

}  // namespace

Message::Message(const Message& other)
    : cls(other.cls),
      method(other.method),
      transaction_id(other.transaction_id),
      raw_(other.raw_),
      length_(other.length_),
      attributes_(other.attributes_),
      ignored_(other.ignored_),
      unknown_required_(other.unknown_required_) {
    rebase(attributes_, other.raw_, raw_);
    rebase(ignored_, other.raw_, raw_);
}

Message& Message::operator=(const Message& other) {
    if (this != &other) *this = Message(other);
    return *this;
}

const Attribute* Message::find(std::uint16_t type) const {
    for (const Attribute& a : attributes_) {
        if (a.type == type) return &a;
    }
    return nullptr;
}

std::vector<const Attribute*> Message::find_all(std::uint16_t type) const {
    std::vector<const Attribute*> out;
    for (const Attribute& a : attributes_) {
        if (a.type == type) out.push_back(&a);
    }
    return out;
}

std::optional<TransportAddress> Message::mapped_address() const {
    const Attribute* a = find(attr::kMappedAddress);
    return a ? ok_or_none(read_address(a->value)) : std::nullopt;
}

std::optional<TransportAddress> Message::xor_mapped_address() const {
    const Attribute* a = find(attr::kXorMappedAddress);
    return a ? ok_or_none(read_xor_address(a->value, transaction_id)) : std::nullopt;
}

std::optional<TransportAddress> Message::alternate_server() const {
    const Attribute* a = find(attr::kAlternateServer);
    return a ? ok_or_none(read_address(a->value)) : std::nullopt;
}

std::optional<TransportAddress> Message::xor_peer_address() const {
    const Attribute* a = find(attr::kXorPeerAddress);
    return a ? ok_or_none(read_xor_address(a->value, transaction_id)) : std::nullopt;
}

std::vector<TransportAddress> Message::xor_peer_addresses() const {
    std::vector<TransportAddress> out;
    for (const Attribute* a : find_all(attr::kXorPeerAddress)) {
        if (auto address = read_xor_address(a->value, transaction_id)) out.push_back(*address);
    }
    return out;
}

std::optional<TransportAddress> Message::xor_relayed_address() const {
    const Attribute* a = find(attr::kXorRelayedAddress);
    return a ? ok_or_none(read_xor_address(a->value, transaction_id)) : std::nullopt;
}

std::optional<std::string> Message::username() const {
    return text(find(attr::kUsername));
}
std::optional<std::string> Message::realm() const {
    return text(find(attr::kRealm));
}
std::optional<std::string> Message::nonce() const {
    return text(find(attr::kNonce));
}
std::optional<std::string> Message::software() const {
    return text(find(attr::kSoftware));
}
std::optional<std::string> Message::alternate_domain() const {
    return text(find(attr::kAlternateDomain));
}

std::optional<std::array<std::uint8_t, 32>> Message::userhash() const {
    const Attribute* a = find(attr::kUserhash);
    if (!a || a->value.size() != 32) return std::nullopt;
    std::array<std::uint8_t, 32> out{};
    std::copy(a->value.begin(), a->value.end(), out.begin());
    return out;
}

std::optional<std::pair<int, std::string>> Message::error_code() const {
    const Attribute* a = find(attr::kErrorCode);
    if (!a) return std::nullopt;
    auto e = read_error_code(a->value);
    if (!e) return std::nullopt;
    return std::pair<int, std::string>(e->code, std::move(e->reason));
}

std::optional<std::vector<std::uint16_t>> Message::unknown_attributes() const {
    const Attribute* a = find(attr::kUnknownAttributes);
    if (!a) return std::nullopt;
    std::vector<std::uint16_t> out;
    for (std::size_t i = 0; i + 1 < a->value.size(); i += 2) {
        out.push_back(load_u16(a->value.data() + i));
    }
    return out;
}

std::optional<std::vector<PasswordAlgorithm>> Message::password_algorithms() const {
    const Attribute* a = find(attr::kPasswordAlgorithms);
    return a ? ok_or_none(read_password_algorithms(a->value)) : std::nullopt;
}

std::optional<PasswordAlgorithm> Message::password_algorithm() const {
    const Attribute* a = find(attr::kPasswordAlgorithm);
    return a ? ok_or_none(read_password_algorithm(a->value)) : std::nullopt;
}

std::optional<std::uint32_t> Message::priority() const {
    return u32_at(find(attr::kPriority));
}

std::optional<std::uint64_t> Message::ice_controlled() const {
    return u64_at(find(attr::kIceControlled));
}

std::optional<std::uint64_t> Message::ice_controlling() const {
    return u64_at(find(attr::kIceControlling));
}

std::optional<std::uint16_t> Message::channel_number() const {
    const auto v = u32_at(find(attr::kChannelNumber));
    if (!v) return std::nullopt;
    return static_cast<std::uint16_t>(*v >> 16);  // then 16 bits RFFU (RFC 8656 §18.1)
}

std::optional<std::uint32_t> Message::lifetime() const {
    return u32_at(find(attr::kLifetime));
}

std::optional<ByteView> Message::data() const {
    const Attribute* a = find(attr::kData);
    if (!a) return std::nullopt;
    return a->value;
}

std::optional<std::uint8_t> Message::requested_transport() const {
    const Attribute* a = find(attr::kRequestedTransport);
    if (!a || a->value.empty()) return std::nullopt;
    return a->value[0];
}

std::optional<bool> Message::even_port() const {
    const Attribute* a = find(attr::kEvenPort);
    if (!a || a->value.empty()) return std::nullopt;
    return (a->value[0] & 0x80) != 0;
}

std::optional<std::uint64_t> Message::reservation_token() const {
    return u64_at(find(attr::kReservationToken));
}

std::optional<Family> Message::requested_address_family() const {
    const Attribute* a = find(attr::kRequestedAddressFamily);
    if (!a || a->value.empty()) return std::nullopt;
    if (a->value[0] == kFamilyIpv4) return Family::kIpv4;
    if (a->value[0] == kFamilyIpv6) return Family::kIpv6;
    return std::nullopt;
}

std::optional<std::uint32_t> Message::fingerprint() const {
    return u32_at(find(attr::kFingerprint));
}

}  // namespace rtclab::net::stun
