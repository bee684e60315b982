#include "ui/gui/model/stun_fields.h"

#include <algorithm>
#include <optional>
#include <string>

#include "net/stun/address_value.h"
#include "net/stun/attribute_type.h"
#include "net/stun/error_code.h"
#include "net/stun/header.h"
#include "net/stun/message.h"
#include "net/stun/message_type.h"
#include "net/stun/password_algorithm.h"
#include "net/stun/summary.h"
#include "net/stun/verify.h"

namespace rtclab::gui {

namespace {

namespace stun = net::stun;
namespace attr = net::stun::attr;

std::string message_type_title(std::uint16_t type) {
    const auto method = stun::method_of_type(type);
    std::string title(stun::method_title(method));
    if (title.empty()) title = "method " + std::string(stun::method_name(method));
    return title + " " + std::string(stun::class_title(stun::class_of_type(type)));
}

std::optional<std::uint32_t> u32_of(net::ByteView v) {
    if (v.size() != 4) return std::nullopt;
    return net::load_u32(v.data());
}

std::optional<std::uint64_t> u64_of(net::ByteView v) {
    if (v.size() != 8) return std::nullopt;
    return (std::uint64_t{net::load_u32(v.data())} << 32) | net::load_u32(v.data() + 4);
}

std::string wrong_size(net::ByteView v, std::size_t want) {
    return byte_count(v.size()) + " (" + byte_count(want) + " expected): " + hex_preview(v);
}

// A value that is one number of a fixed size.
std::string u32_text(net::ByteView v, const char* unit = "") {
    const auto n = u32_of(v);
    return n ? std::to_string(*n) + unit : wrong_size(v, 4);
}

// RFC 8445 §5.1.2.1: priority = (2^24)*(type preference) + (2^8)*(local preference) +
// (2^0)*(256 - component ID).
std::string priority_text(net::ByteView v) {
    const auto p = u32_of(v);
    if (!p) return wrong_size(v, 4);
    return std::to_string(*p) + " (type preference " + std::to_string(*p >> 24) + ", local preference " +
           std::to_string((*p >> 8) & 0xffff) + ", component " + std::to_string(256 - (*p & 0xff)) + ")";
}

std::string family_text(std::uint8_t family) {
    if (family == stun::kFamilyIpv4) return "0x01 (IPv4)";
    if (family == stun::kFamilyIpv6) return "0x02 (IPv6)";
    return hex_number(family, 2) + " (neither IPv4 nor IPv6)";
}

bool is_xor_address(std::uint16_t type) {
    return type == attr::kXorMappedAddress || type == attr::kXorPeerAddress || type == attr::kXorRelayedAddress;
}

bool is_plain_address(std::uint16_t type) { return type == attr::kMappedAddress || type == attr::kAlternateServer; }

bool is_text(std::uint16_t type) {
    return type == attr::kUsername || type == attr::kRealm || type == attr::kNonce || type == attr::kSoftware ||
           type == attr::kAlternateDomain;
}

// The value of an attribute in words (integrity and fingerprint get their verdict elsewhere).
std::string value_text(std::uint16_t type, net::ByteView v, const stun::TransactionId& id, FieldTone& tone) {
    if (is_xor_address(type)) {
        const auto a = stun::read_xor_address(v, id);
        if (a.ok()) return a->to_string();
        tone = FieldTone::kError;
        return a.error().describe();
    }
    if (is_plain_address(type)) {
        const auto a = stun::read_address(v);
        if (a.ok()) return a->to_string();
        tone = FieldTone::kError;
        return a.error().describe();
    }
    if (is_text(type)) return quoted_text(v);
    switch (type) {
        case attr::kPriority: return priority_text(v);
        case attr::kUseCandidate:
            return v.empty() ? "(no value: the controlling agent nominates this pair, RFC 8445 §8.1.1)" : hex_preview(v);
        case attr::kIceControlling:
        case attr::kIceControlled: {
            const auto t = u64_of(v);
            return t ? "tie-breaker " + hex_number(*t, 16) : wrong_size(v, 8);
        }
        case attr::kErrorCode: {
            const auto e = stun::read_error_code(v);
            if (!e.ok()) {
                tone = FieldTone::kError;
                return e.error().describe();
            }
            return std::to_string(e->code) + " " + quoted_text(net::ByteView(
                                                       reinterpret_cast<const std::uint8_t*>(e->reason.data()),
                                                       e->reason.size()));
        }
        case attr::kUnknownAttributes: {
            if (v.size() % 2 != 0) return hex_preview(v);
            std::string s;
            for (std::size_t i = 0; i + 1 < v.size(); i += 2) {
                s += (i ? ", " : "") + std::string(stun::attribute_name(net::load_u16(v.data() + i)));
            }
            return s.empty() ? "(none)" : s;
        }
        case attr::kLifetime: return u32_text(v, " s");
        case attr::kChannelNumber: {
            // RFC 8656 §18.1: the channel number, then 16 bits RFFU ("Reserved For Future Use").
            const auto n = u32_of(v);
            return n ? hex_number(*n >> 16, 4) : wrong_size(v, 4);
        }
        case attr::kData: return byte_count(v.size());
        case attr::kRequestedTransport:
            // RFC 8656 §18.8: the IANA protocol number in the first byte, then 24 bits RFFU.
            if (v.size() != 4) return wrong_size(v, 4);
            return std::to_string(v[0]) + (v[0] == 17 ? " (UDP)" : v[0] == 6 ? " (TCP)" : "");
        case attr::kDontFragment: return "(no value)";
        case attr::kEvenPort:
            if (v.size() != 1) return wrong_size(v, 1);
            return (v[0] & 0x80) ? "R: reserve the next port too" : "R: 0";
        case attr::kRequestedAddressFamily:
            if (v.size() != 4) return wrong_size(v, 4);
            return family_text(v[0]);
        case attr::kPasswordAlgorithm: {
            const auto a = stun::read_password_algorithm(v);
            return a.ok() ? std::string(stun::password_algorithm_name(a->id)) : a.error().describe();
        }
        case attr::kPasswordAlgorithms: {
            const auto list = stun::read_password_algorithms(v);
            if (!list.ok()) return list.error().describe();
            std::string s;
            for (const auto& a : *list) s += (s.empty() ? "" : ", ") + std::string(stun::password_algorithm_name(a.id));
            return s;
        }
        case attr::kFingerprint: {
            const auto n = u32_of(v);
            return n ? hex_number(*n, 8) : wrong_size(v, 4);
        }
        default: break;
    }
    if (!attr::is_known(type)) return hex_preview(v, 16) + " (raw)";
    return hex_preview(v, 20);
}

// The family / X-Port / X-Address of an address value (RFC 8489 §14.1, §14.2): X-Port is the
// port XOR the cookie's top 16 bits, X-Address the address XOR the cookie (and, for IPv6,
// the transaction id).
void add_address_parts(FieldTree& tree, std::uint16_t type, net::ByteView v, std::size_t at) {
    if (v.size() < 4) return;
    tree.add("reserved", std::to_string(v[0]), at, 1);
    tree.add("family", family_text(v[1]), at + 1, 1);
    const std::uint16_t port = net::load_u16(v.data() + 2);
    if (is_xor_address(type)) {
        const auto real = static_cast<std::uint16_t>(port ^ (stun::kMagicCookie >> 16));
        tree.add("X-Port", hex_number(port, 4) + " → port " + std::to_string(real), at + 2, 2);
        if (v.size() > 4) tree.add("X-Address", hex_preview(v.subspan(4), 16) + " (XOR the magic cookie)", at + 4, v.size() - 4);
    } else {
        tree.add("port", std::to_string(port), at + 2, 2);
        if (v.size() > 4) tree.add("address", hex_preview(v.subspan(4), 16), at + 4, v.size() - 4);
    }
}

struct Verdicts {
    bool parsed = false;
    std::string summary;  // net/stun's one line, when the message decodes
    std::string parse_error;
    std::size_t error_offset = 0;  // in the message
    std::optional<StunKey> key;
    stun::Verdict integrity = stun::Verdict::kAbsent;
    stun::Verdict integrity_sha256 = stun::Verdict::kAbsent;
    stun::Verdict fingerprint = stun::Verdict::kAbsent;
    std::size_t integrity_offset = 0, integrity_sha256_offset = 0, fingerprint_offset = 0;  // in the message
    std::vector<std::size_t> ignored_offsets;
};

Verdicts check(net::ByteView message, const PayloadContext& context) {
    Verdicts v;
    auto m = stun::parse_message(message);
    if (!m.ok()) {
        v.parse_error = m.error().message;
        if (m.error().offset != net::Error::kNoOffset) v.error_offset = std::min(m.error().offset, message.size());
        return v;
    }
    v.parsed = true;
    v.summary = stun::summarize(*m);
    const bool needs_key = m->has(attr::kMessageIntegrity) || m->has(attr::kMessageIntegritySha256);
    if (needs_key && context.credentials) {
        if (const StunCredentials* credentials = context.credentials()) v.key = credentials->key_for(*m, context.find_request);
    }
    const stun::IntegrityKey* key = v.key ? &v.key->key : nullptr;
    v.integrity = stun::verify_integrity(*m, message, key);
    v.integrity_sha256 = stun::verify_integrity_sha256(*m, message, key);
    v.fingerprint = stun::verify_fingerprint(*m, message);
    if (const auto* a = m->find(attr::kMessageIntegrity)) v.integrity_offset = a->offset;
    if (const auto* a = m->find(attr::kMessageIntegritySha256)) v.integrity_sha256_offset = a->offset;
    if (const auto* a = m->find(attr::kFingerprint)) v.fingerprint_offset = a->offset;
    for (const auto& a : m->ignored_attributes()) v.ignored_offsets.push_back(a.offset);
    return v;
}

std::string verdict_text(stun::Verdict v) {
    switch (v) {
        case stun::Verdict::kValid: return kVerdictValid;
        case stun::Verdict::kInvalid: return kVerdictInvalid;
        case stun::Verdict::kUnverified: return kVerdictNoKey;
        case stun::Verdict::kAbsent: break;
    }
    return "absent";
}

FieldTone verdict_tone(stun::Verdict v) {
    if (v == stun::Verdict::kValid) return FieldTone::kValid;
    if (v == stun::Verdict::kInvalid) return FieldTone::kInvalid;
    return FieldTone::kUnchecked;
}

}  // namespace

void decode_stun(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end,
                 const PayloadContext& context) {
    const net::ByteView msg = frame.subspan(begin, end - begin);
    const std::size_t layer = tree.open("STUN", "", begin, msg.size());
    tree.set_expanded(layer);
    if (msg.size() < stun::kHeaderSize) {
        tree.set_value(layer, "truncated");
        add_undecoded(tree, begin, end, "shorter than the 20-byte STUN header (RFC 8489 §5)");
        tree.close();
        return;
    }
    const Verdicts verdicts = check(msg, context);

    // RFC 8489 §5: the header.
    const std::uint16_t type = net::load_u16(msg.data());
    const std::uint16_t length = net::load_u16(msg.data() + stun::kLengthOffset);
    const std::uint32_t cookie = net::load_u32(msg.data() + stun::kCookieOffset);
    stun::TransactionId id{};
    std::copy(msg.begin() + stun::kTransactionIdOffset, msg.begin() + stun::kHeaderSize, id.begin());
    const std::string title = message_type_title(type & 0x3fff);
    const std::size_t header = tree.open("header", title, begin, stun::kHeaderSize);
    const auto method = stun::method_of_type(type & 0x3fff);
    tree.add("message type",
             hex_number(type, 4) + ": " + title + " (method " + hex_number(static_cast<unsigned>(method), 3) +
                 ", class " + std::string(stun::class_name(stun::class_of_type(type & 0x3fff))) + ")" +
                 ((type & 0xc000) ? " — the top two bits must be zero" : ""),
             begin, 2, (type & 0xc000) ? FieldTone::kError : FieldTone::kPlain);
    const std::size_t after_header = msg.size() - stun::kHeaderSize;
    tree.add("message length",
             std::to_string(length) + (length == after_header ? " (bytes after the header)"
                                                               : " — but " + byte_count(after_header) + " follow the header"),
             begin + stun::kLengthOffset, 2, length == after_header ? FieldTone::kPlain : FieldTone::kError);
    tree.add("magic cookie", hex_number(cookie, 8) + (cookie == stun::kMagicCookie ? "" : " — not 0x2112a442"),
             begin + stun::kCookieOffset, 4, cookie == stun::kMagicCookie ? FieldTone::kPlain : FieldTone::kError);
    tree.add("transaction id", stun::to_hex(id), begin + stun::kTransactionIdOffset, 12);
    tree.close();
    (void)header;

    // RFC 8489 §14: "a 16-bit type, 16-bit length, and value", padded to 4 bytes.
    std::size_t p = stun::kHeaderSize;
    while (p < msg.size()) {
        if (msg.size() - p < 4) {
            add_undecoded(tree, begin + p, end, "too short for an attribute's 4-byte type and length");
            break;
        }
        const std::uint16_t at = net::load_u16(msg.data() + p);
        const std::uint16_t len = net::load_u16(msg.data() + p + 2);
        if (len > msg.size() - p - 4) {
            tree.open(std::string(stun::attribute_name(at)), "", begin + p, msg.size() - p, FieldTone::kError);
            tree.add("type", hex_number(at, 4), begin + p, 2);
            tree.add("length", std::to_string(len) + " — runs past the end of the message", begin + p + 2, 2,
                     FieldTone::kError);
            if (msg.size() - p > 4) add_undecoded(tree, begin + p + 4, end, "the value is cut off");
            tree.close();
            break;
        }
        const std::size_t pad = std::min<std::size_t>((4 - len % 4) % 4, msg.size() - p - 4 - len);
        const net::ByteView value = msg.subspan(p + 4, len);
        FieldTone tone = FieldTone::kPlain;
        std::string text = value_text(at, value, id, tone);
        std::string key_source;
        const bool ignored =
            std::find(verdicts.ignored_offsets.begin(), verdicts.ignored_offsets.end(), p) != verdicts.ignored_offsets.end();
        const bool integrity = at == attr::kMessageIntegrity || at == attr::kMessageIntegritySha256;
        if (ignored) {
            text += " (ignored: after MESSAGE-INTEGRITY, RFC 8489 §14.5)";
            tone = FieldTone::kUnchecked;
        } else if (integrity || at == attr::kFingerprint) {
            if (!verdicts.parsed) {
                text = "not checked: the message does not decode";
                tone = FieldTone::kUnchecked;
            } else if (at == attr::kFingerprint && p == verdicts.fingerprint_offset) {
                const bool ok = verdicts.fingerprint == stun::Verdict::kValid;
                text = ok ? kVerdictValid : kFingerprintInvalid;
                tone = ok ? FieldTone::kValid : FieldTone::kInvalid;
            } else if (at == attr::kMessageIntegrity && p == verdicts.integrity_offset) {
                text = verdict_text(verdicts.integrity);
                tone = verdict_tone(verdicts.integrity);
            } else if (at == attr::kMessageIntegritySha256 && p == verdicts.integrity_sha256_offset) {
                text = verdict_text(verdicts.integrity_sha256);
                tone = verdict_tone(verdicts.integrity_sha256);
            }
            if (integrity && verdicts.key) key_source = verdicts.key->source;
        }
        const std::size_t attribute = tree.open(std::string(stun::attribute_name(at)), text, begin + p, 4 + len + pad, tone);
        tree.add("type",
                 hex_number(at, 4) + (attr::is_comprehension_required(at) ? " (comprehension-required)"
                                                                           : " (comprehension-optional)"),
                 begin + p, 2);
        tree.add("length", std::to_string(len), begin + p + 2, 2);
        if (len > 0) {
            if (is_xor_address(at) || is_plain_address(at)) {
                tree.open("value", value_text(at, value, id, tone), begin + p + 4, len);
                add_address_parts(tree, at, value, begin + p + 4);
                tree.close();
            } else if (at == attr::kData) {
                // RFC 8656 §18.4: DATA holds the application data — here another packet, e.g.
                // an ICE check relayed in a Send / Data indication.
                const std::size_t data = tree.open("value", byte_count(len), begin + p + 4, len);
                PayloadContext inner = context;
                ++inner.nesting;
                decode_payload(tree, frame, begin + p + 4, begin + p + 4 + len, inner);
                tree.close();
                if (tree[data].has_children(data)) {
                    // Open down to the carried packet, and name it on the attribute's line.
                    tree.set_expanded(attribute);
                    tree.set_expanded(data);
                    tree.set_value(attribute, tree[attribute].value + ": " + tree[data + 1].label);
                }
            } else if (integrity) {
                tree.add(at == attr::kMessageIntegrity ? "HMAC-SHA1" : "HMAC-SHA256", hex_preview(value, 32),
                         begin + p + 4, len);
            } else if (at == attr::kFingerprint) {
                tree.add("CRC-32 XOR 0x5354554e", value_text(at, value, id, tone), begin + p + 4, len);
            } else {
                tree.add("value", value_text(at, value, id, tone), begin + p + 4, len);
            }
        }
        if (integrity && !ignored && verdicts.parsed) {
            tree.add("key", key_source.empty() ? "none known for this message" : key_source, begin + p + 4, 0,
                     key_source.empty() ? FieldTone::kUnchecked : FieldTone::kPlain);
        }
        if (pad > 0) tree.add("padding", byte_count(pad), begin + p + 4 + len, pad);
        tree.close();
        p += 4 + len + pad;
    }
    if (verdicts.parsed) {
        tree.set_value(layer, verdicts.summary);
    } else {
        tree.set_value(layer, title + " (malformed)");
        tree.add("error", "offset " + std::to_string(verdicts.error_offset) + ": " + verdicts.parse_error,
                 begin + verdicts.error_offset, 0, FieldTone::kError);
    }
    tree.close();
}

}  // namespace rtclab::gui
