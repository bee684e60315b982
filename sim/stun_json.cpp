#include "sim/stun_json.h"

#include <algorithm>
#include <string>

#include "net/core/hex.h"
#include "net/stun/stun.h"

namespace rtclab::sim {
namespace {

namespace stun = net::stun;
namespace attr = net::stun::attr;
using json = nlohmann::ordered_json;

// Valid UTF-8 is kept; every byte that does not start a well-formed sequence (RFC 3629 §4:
// no overlongs, no surrogates, nothing above U+10FFFF) becomes U+FFFD. nlohmann::json would
// otherwise throw when the document is dumped.
std::string utf8_or_replacement(net::ByteView v) {
    std::string out;
    out.reserve(v.size());
    std::size_t i = 0;
    while (i < v.size()) {
        const std::uint8_t c = v[i];
        std::size_t n = 0;
        std::uint8_t lo = 0x80;
        std::uint8_t hi = 0xbf;
        if (c < 0x80) {
            n = 1;
        } else if (c >= 0xc2 && c <= 0xdf) {
            n = 2;
        } else if (c >= 0xe0 && c <= 0xef) {
            n = 3;
            if (c == 0xe0) lo = 0xa0;  // no overlongs
            if (c == 0xed) hi = 0x9f;  // no surrogates
        } else if (c >= 0xf0 && c <= 0xf4) {
            n = 4;
            if (c == 0xf0) lo = 0x90;  // no overlongs
            if (c == 0xf4) hi = 0x8f;  // nothing above U+10FFFF
        }
        bool ok = n > 0 && i + n <= v.size();
        for (std::size_t k = 1; ok && k < n; ++k) {
            const std::uint8_t b = v[i + k];
            const std::uint8_t min = k == 1 ? lo : 0x80;
            const std::uint8_t max = k == 1 ? hi : 0xbf;
            ok = b >= min && b <= max;
        }
        if (ok) {
            out.append(reinterpret_cast<const char*>(v.data() + i), n);
            i += n;
        } else {
            out += "\xef\xbf\xbd";  // U+FFFD REPLACEMENT CHARACTER
            ++i;
        }
    }
    return out;
}

json address_or_hex(const net::Result<net::TransportAddress>& a, net::ByteView value) {
    return a ? json(a->to_string()) : json(net::to_hex(value));
}

json algorithm_json(const stun::PasswordAlgorithm& a) {
    json j = {{"algorithm", std::string(stun::password_algorithm_name(a.id))}};
    if (!a.parameters.empty()) j["parameters"] = net::to_hex(a.parameters);
    return j;
}

json value_json(const stun::Attribute& a, const net::stun::TransactionId& id) {
    const net::ByteView v = a.value;
    switch (a.type) {
        case attr::kMappedAddress:
        case attr::kAlternateServer:
            return address_or_hex(stun::read_address(v), v);
        case attr::kXorMappedAddress:
        case attr::kXorPeerAddress:
        case attr::kXorRelayedAddress:
            return address_or_hex(stun::read_xor_address(v, id), v);
        case attr::kUsername:
        case attr::kRealm:
        case attr::kNonce:
        case attr::kSoftware:
        case attr::kAlternateDomain:
            return utf8_or_replacement(v);
        case attr::kErrorCode: {
            auto e = stun::read_error_code(v);
            if (!e) break;
            return json{{"code", e->code}, {"reason", utf8_or_replacement(v.subspan(4))}};
        }
        case attr::kPriority:
        case attr::kLifetime:
            if (v.size() != 4) break;
            return net::load_u32(v.data());
        case attr::kIceControlled:
        case attr::kIceControlling:
            if (v.size() != 8) break;
            return (std::uint64_t{net::load_u32(v.data())} << 32) | net::load_u32(v.data() + 4);
        case attr::kChannelNumber:
            if (v.size() != 4) break;
            return net::load_u16(v.data());
        case attr::kRequestedTransport:
            if (v.size() != 4) break;
            return v[0];
        case attr::kUseCandidate:
        case attr::kDontFragment:
            if (!v.empty()) break;
            return nullptr;
        case attr::kEvenPort:
            if (v.size() != 1) break;
            return json{{"reserve_next_port", (v[0] & 0x80) != 0}};
        case attr::kRequestedAddressFamily:
            if (v.size() != 4) break;
            if (v[0] == stun::kFamilyIpv4) return "IPv4";
            if (v[0] == stun::kFamilyIpv6) return "IPv6";
            break;
        case attr::kUnknownAttributes: {
            json list = json::array();
            for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
                list.push_back(std::string(stun::attribute_name(net::load_u16(v.data() + i))));
            }
            return list;
        }
        case attr::kPasswordAlgorithms: {
            auto list = stun::read_password_algorithms(v);
            if (!list) break;
            json out = json::array();
            for (const auto& a : *list)
                out.push_back(algorithm_json(a));
            return out;
        }
        case attr::kPasswordAlgorithm: {
            auto one = stun::read_password_algorithm(v);
            if (!one) break;
            return algorithm_json(*one);
        }
        default:
            break;
    }
    // Blobs (hashes, CRC, DATA, tokens) and anything not decodable: hex.
    return net::to_hex(v);
}

json attribute_json(const stun::Attribute& a, const net::stun::TransactionId& id, bool ignored) {
    json j = {{"type", std::string(stun::attribute_name(a.type))}, {"value", value_json(a, id)}};
    if (ignored) j["ignored"] = true;
    return j;
}

}  // namespace

nlohmann::ordered_json stun_to_json(const stun::Message& m, net::ByteView raw,
                                    const stun::IntegrityKey* key) {
    json j;
    j["protocol"] = "stun";
    j["class"] = std::string(stun::class_name(m.cls));
    j["method"] = std::string(stun::method_name(m.method));
    j["transaction_id"] = stun::to_hex(m.transaction_id);
    j["length"] = m.length();

    // Attributes and ignored attributes, merged back into wire order.
    std::vector<std::pair<const stun::Attribute*, bool>> all;
    all.reserve(m.attributes().size() + m.ignored_attributes().size());
    for (const auto& a : m.attributes())
        all.emplace_back(&a, false);
    for (const auto& a : m.ignored_attributes())
        all.emplace_back(&a, true);
    std::sort(all.begin(), all.end(),
              [](const auto& x, const auto& y) { return x.first->offset < y.first->offset; });
    json attributes = json::array();
    for (const auto& [a, ignored] : all)
        attributes.push_back(attribute_json(*a, m.transaction_id, ignored));
    j["attributes"] = std::move(attributes);

    if (!m.unknown_comprehension_required().empty()) {
        json unknown = json::array();
        for (const std::uint16_t t : m.unknown_comprehension_required()) {
            unknown.push_back(std::string(stun::attribute_name(t)));
        }
        j["unknown_comprehension_required"] = std::move(unknown);
    }
    j["message_integrity"] = std::string(stun::verdict_name(stun::verify_integrity(m, raw, key)));
    j["message_integrity_sha256"] =
        std::string(stun::verdict_name(stun::verify_integrity_sha256(m, raw, key)));
    j["fingerprint"] = std::string(stun::verdict_name(stun::verify_fingerprint(m, raw)));
    return j;
}

}  // namespace rtclab::sim
