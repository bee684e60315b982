#include "ui/gui/model/dtls_fields.h"

#include <string>

#include "ui/gui/model/payload_fields.h"

namespace rtclab::gui {

namespace {

// RFC 6347 §4.1: type (1), version (2), epoch (2), sequence_number (6), length (2).
constexpr std::size_t kRecordHeaderSize = 13;
// RFC 6347 §4.2.2: msg_type (1), length (3), message_seq (2), fragment_offset (3),
// fragment_length (3).
constexpr std::size_t kHandshakeHeaderSize = 12;

constexpr std::uint8_t kChangeCipherSpec = 20;
constexpr std::uint8_t kAlert = 21;
constexpr std::uint8_t kHandshake = 22;

constexpr std::uint8_t kClientHello = 1;
constexpr std::uint8_t kServerHello = 2;
constexpr std::uint8_t kHelloVerifyRequest = 3;

std::uint32_t load_u24(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 16) | (std::uint32_t{p[1]} << 8) | std::uint32_t{p[2]};
}

std::uint64_t load_u48(const std::uint8_t* p) {
    return (std::uint64_t{net::load_u16(p)} << 32) | net::load_u32(p + 2);
}

// RFC 5246 §6.2.1 and §A.1, RFC 6520 (heartbeat), RFC 9146 (tls12_cid).
std::string content_type_name(std::uint8_t t) {
    switch (t) {
        case 20: return "ChangeCipherSpec";
        case 21: return "Alert";
        case 22: return "Handshake";
        case 23: return "ApplicationData";
        case 24: return "Heartbeat";
        case 25: return "tls12_cid";
        default: return "unknown content type " + std::to_string(t);
    }
}

// RFC 6347 §4.1: "the version value 254.253 [is] DTLS version 1.2" (one's complement).
std::string version_name(std::uint16_t v) {
    switch (v) {
        case 0xfeff: return "0xfeff (DTLS 1.0)";
        case 0xfefd: return "0xfefd (DTLS 1.2)";
        case 0xfefc: return "0xfefc (DTLS 1.3)";
        default: return hex_number(v, 4) + " (not a DTLS version)";
    }
}

// RFC 5246 §7.4 and RFC 6347 §4.3.2.
std::string handshake_type_name(std::uint8_t t) {
    switch (t) {
        case 0: return "HelloRequest";
        case 1: return "ClientHello";
        case 2: return "ServerHello";
        case 3: return "HelloVerifyRequest";
        case 4: return "NewSessionTicket";
        case 11: return "Certificate";
        case 12: return "ServerKeyExchange";
        case 13: return "CertificateRequest";
        case 14: return "ServerHelloDone";
        case 15: return "CertificateVerify";
        case 16: return "ClientKeyExchange";
        case 20: return "Finished";
        default: return "handshake type " + std::to_string(t);
    }
}

// The IANA "TLS Cipher Suites" WebRTC stacks offer.
std::string cipher_suite_name(std::uint16_t s) {
    switch (s) {
        case 0xc02b: return "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
        case 0xc02c: return "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
        case 0xc02f: return "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        case 0xc030: return "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
        case 0xcca9: return "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
        case 0xcca8: return "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
        case 0xc009: return "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA";
        case 0xc00a: return "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA";
        case 0xc013: return "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
        case 0xc014: return "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA";
        case 0x009c: return "TLS_RSA_WITH_AES_128_GCM_SHA256";
        case 0x002f: return "TLS_RSA_WITH_AES_128_CBC_SHA";
        case 0x0035: return "TLS_RSA_WITH_AES_256_CBC_SHA";
        case 0x00ff: return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
        default: return hex_number(s, 4);
    }
}

// The IANA "TLS ExtensionType Values" a WebRTC hello carries.
std::string extension_name(std::uint16_t e) {
    switch (e) {
        case 0: return "server_name";
        case 10: return "supported_groups";
        case 11: return "ec_point_formats";
        case 13: return "signature_algorithms";
        case 14: return "use_srtp";
        case 16: return "application_layer_protocol_negotiation";
        case 22: return "encrypt_then_mac";
        case 23: return "extended_master_secret";
        case 35: return "session_ticket";
        case 43: return "supported_versions";
        case 51: return "key_share";
        case 0xff01: return "renegotiation_info";
        default: return "extension " + std::to_string(e);
    }
}

// RFC 5764 §4.1.2 and RFC 7714 §14.2: the DTLS-SRTP protection profiles.
std::string srtp_profile_name(std::uint16_t p) {
    switch (p) {
        case 0x0001: return "SRTP_AES128_CM_HMAC_SHA1_80";
        case 0x0002: return "SRTP_AES128_CM_HMAC_SHA1_32";
        case 0x0005: return "SRTP_NULL_HMAC_SHA1_80";
        case 0x0006: return "SRTP_NULL_HMAC_SHA1_32";
        case 0x0007: return "SRTP_AEAD_AES_128_GCM";
        case 0x0008: return "SRTP_AEAD_AES_256_GCM";
        default: return hex_number(p, 4);
    }
}

// RFC 8422 §5.1.1 and RFC 7748: the named groups of supported_groups.
std::string group_name(std::uint16_t g) {
    switch (g) {
        case 23: return "secp256r1";
        case 24: return "secp384r1";
        case 25: return "secp521r1";
        case 29: return "x25519";
        case 30: return "x448";
        default: return std::to_string(g);
    }
}

// A list of 16-bit values as names, e.g. the cipher suites.
template <typename Name>
std::string u16_list(net::ByteView v, Name name) {
    std::string s;
    for (std::size_t i = 0; i + 1 < v.size(); i += 2) s += (i ? ", " : "") + name(net::load_u16(v.data() + i));
    return s;
}

// Reads length-prefixed pieces of a hello body, adding a field for each; stops quietly at the
// first piece that does not fit (an error field says so).
class HelloReader {
public:
    HelloReader(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end)
        : tree_(tree), frame_(frame), p_(begin), end_(end) {}

    bool ok() const { return ok_; }
    std::size_t pos() const { return p_; }
    std::size_t left() const { return end_ - p_; }

    // A fixed-size field; returns its bytes (empty when they do not fit).
    net::ByteView fixed(const char* name, std::size_t n, const std::string& value_or_empty = {}) {
        if (!ok_ || left() < n) return fail(name);
        const net::ByteView v = frame_.subspan(p_, n);
        tree_.add(name, value_or_empty.empty() ? hex_preview(v, 32) : value_or_empty, p_, n);
        p_ += n;
        return v;
    }

    // A vector with a `width`-byte length prefix (RFC 5246 §4.3); the field covers both.
    template <typename Describe>
    net::ByteView vector(const char* name, std::size_t width, Describe describe) {
        if (!ok_ || left() < width) return fail(name);
        const std::size_t n = width == 1 ? frame_[p_] : net::load_u16(frame_.data() + p_);
        if (left() - width < n) return fail(name);
        const net::ByteView v = frame_.subspan(p_ + width, n);
        tree_.add(name, describe(v), p_, width + n);
        p_ += width + n;
        return v;
    }

private:
    net::ByteView fail(const char* name) {
        if (ok_) add_undecoded(tree_, p_, end_, std::string(name) + " does not fit in the message");
        ok_ = false;
        p_ = end_;
        return {};
    }

    FieldTree& tree_;
    net::ByteView frame_;
    std::size_t p_, end_;
    bool ok_ = true;
};

// RFC 5246 §7.4.1.4: extensions<0..2^16-1>, each a type (2), a length (2) and data.
void decode_extensions(FieldTree& tree, net::ByteView frame, std::size_t p, std::size_t end) {
    if (end - p < 2) return;  // RFC 5246 §7.4.1.2: extensions may be absent altogether
    const std::size_t total = net::load_u16(frame.data() + p);
    const std::size_t stop = std::min(end, p + 2 + total);
    tree.open("extensions", byte_count(total), p, stop - p);
    tree.add("length", std::to_string(total), p, 2);
    p += 2;
    while (p < stop) {
        if (stop - p < 4) {
            add_undecoded(tree, p, stop, "too short for an extension header");
            break;
        }
        const std::uint16_t type = net::load_u16(frame.data() + p);
        const std::size_t len = net::load_u16(frame.data() + p + 2);
        const std::size_t n = std::min(len, stop - p - 4);
        const net::ByteView v = frame.subspan(p + 4, n);
        std::string value = len == 0 ? "(empty)" : hex_preview(v, 16);
        if (type == 14 && v.size() >= 2) {
            // RFC 5764 §4.1.1: SRTPProtectionProfiles (a 2-byte length and profiles), srtp_mki.
            const std::size_t m = std::min<std::size_t>(net::load_u16(v.data()), v.size() - 2);
            value = u16_list(v.subspan(2, m), srtp_profile_name);
        } else if (type == 10 && v.size() >= 2) {
            const std::size_t m = std::min<std::size_t>(net::load_u16(v.data()), v.size() - 2);
            value = u16_list(v.subspan(2, m), group_name);
        }
        tree.add(extension_name(type), value, p, 4 + n, n < len ? FieldTone::kError : FieldTone::kPlain);
        p += 4 + n;
    }
    tree.close();
}

void decode_client_hello(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end) {
    // RFC 6347 §4.2.1 / RFC 5246 §7.4.1.2: DTLS adds the cookie after the session id.
    HelloReader r(tree, frame, begin, end);
    const auto version = r.fixed("client_version", 2, r.left() >= 2 ? version_name(net::load_u16(frame.data() + begin)) : "");
    (void)version;
    r.fixed("random", 32);
    r.vector("session_id", 1, [](net::ByteView v) { return v.empty() ? std::string("(empty)") : hex_preview(v, 16); });
    r.vector("cookie", 1, [](net::ByteView v) { return v.empty() ? std::string("(empty)") : hex_preview(v, 16); });
    r.vector("cipher_suites", 2, [](net::ByteView v) { return u16_list(v, cipher_suite_name); });
    r.vector("compression_methods", 1, [](net::ByteView v) { return hex_preview(v); });
    if (r.ok()) decode_extensions(tree, frame, r.pos(), end);
}

void decode_server_hello(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end) {
    // RFC 5246 §7.4.1.3.
    HelloReader r(tree, frame, begin, end);
    r.fixed("server_version", 2, r.left() >= 2 ? version_name(net::load_u16(frame.data() + begin)) : "");
    r.fixed("random", 32);
    r.vector("session_id", 1, [](net::ByteView v) { return v.empty() ? std::string("(empty)") : hex_preview(v, 16); });
    r.fixed("cipher_suite", 2, r.left() >= 2 ? cipher_suite_name(net::load_u16(frame.data() + r.pos())) : "");
    r.fixed("compression_method", 1, r.left() >= 1 ? std::to_string(frame[r.pos()]) : "");
    if (r.ok()) decode_extensions(tree, frame, r.pos(), end);
}

// One plaintext handshake message (epoch 0) at frame[p, ...): the §4.2.2 header and, for a
// whole hello, its body. Returns where the next message starts; adds its name to `names`.
std::size_t decode_handshake(FieldTree& tree, net::ByteView frame, std::size_t p, std::size_t end,
                             std::string& names) {
    if (end - p < kHandshakeHeaderSize) {
        add_undecoded(tree, p, end, "shorter than the 12-byte handshake header (RFC 6347 §4.2.2)");
        return end;
    }
    const std::uint8_t type = frame[p];
    const std::uint32_t length = load_u24(frame.data() + p + 1);
    const std::uint16_t seq = net::load_u16(frame.data() + p + 4);
    const std::uint32_t frag_offset = load_u24(frame.data() + p + 6);
    const std::uint32_t frag_length = load_u24(frame.data() + p + 9);
    const std::string name = handshake_type_name(type);
    const std::size_t body = p + kHandshakeHeaderSize;
    const std::size_t body_len = std::min<std::size_t>(frag_length, end - body);
    tree.open(name, "message_seq " + std::to_string(seq), p, kHandshakeHeaderSize + body_len);
    tree.add("msg_type", std::to_string(type) + " (" + name + ")", p, 1);
    tree.add("length", std::to_string(length), p + 1, 3);
    tree.add("message_seq", std::to_string(seq), p + 4, 2);
    tree.add("fragment_offset", std::to_string(frag_offset), p + 6, 3);
    tree.add("fragment_length", std::to_string(frag_length) + (frag_length > end - body ? " — more than the record holds" : ""),
             p + 9, 3, frag_length > end - body ? FieldTone::kError : FieldTone::kPlain);
    const bool whole = frag_offset == 0 && frag_length == length && body_len == frag_length;
    if (whole && type == kClientHello) {
        decode_client_hello(tree, frame, body, body + body_len);
    } else if (whole && type == kServerHello) {
        decode_server_hello(tree, frame, body, body + body_len);
    } else if (whole && type == kHelloVerifyRequest) {
        HelloReader r(tree, frame, body, body + body_len);
        r.fixed("server_version", 2, r.left() >= 2 ? version_name(net::load_u16(frame.data() + body)) : "");
        r.vector("cookie", 1, [](net::ByteView v) { return hex_preview(v, 16); });
    } else if (body_len > 0) {
        tree.add(whole ? "body" : "fragment", byte_count(body_len), body, body_len);
    }
    tree.close();
    names += (names.empty() ? "" : ", ") + name;
    return body + body_len;
}

// RFC 5246 §7.2: AlertLevel (1 warning, 2 fatal) and AlertDescription.
std::string alert_text(std::uint8_t level, std::uint8_t description) {
    std::string d;
    switch (description) {
        case 0: d = "close_notify"; break;
        case 10: d = "unexpected_message"; break;
        case 20: d = "bad_record_mac"; break;
        case 40: d = "handshake_failure"; break;
        case 42: d = "bad_certificate"; break;
        case 43: d = "unsupported_certificate"; break;
        case 46: d = "certificate_unknown"; break;
        case 47: d = "illegal_parameter"; break;
        case 48: d = "unknown_ca"; break;
        case 50: d = "decode_error"; break;
        case 51: d = "decrypt_error"; break;
        case 70: d = "protocol_version"; break;
        case 80: d = "internal_error"; break;
        default: d = "description " + std::to_string(description);
    }
    return std::string(level == 2 ? "fatal " : level == 1 ? "warning " : "level " + std::to_string(level) + " ") + d;
}

// One record at frame[p, ...); returns where the next one starts.
std::size_t decode_record(FieldTree& tree, net::ByteView frame, std::size_t p, std::size_t end, std::string& summary) {
    const std::size_t rec = tree.open("record", "", p, end - p);
    if (end - p < kRecordHeaderSize) {
        add_undecoded(tree, p, end, "shorter than the 13-byte record header (RFC 6347 §4.1)");
        tree.close();
        summary += summary.empty() ? "truncated record" : ", truncated record";
        return end;
    }
    const std::uint8_t type = frame[p];
    const std::uint16_t version = net::load_u16(frame.data() + p + 1);
    const std::uint16_t epoch = net::load_u16(frame.data() + p + 3);
    const std::uint64_t seq = load_u48(frame.data() + p + 5);
    const std::uint16_t length = net::load_u16(frame.data() + p + 11);
    const std::size_t body = p + kRecordHeaderSize;
    const std::size_t body_len = std::min<std::size_t>(length, end - body);
    tree.set_length(rec, kRecordHeaderSize + body_len);
    tree.add("content type", std::to_string(type) + " (" + content_type_name(type) + ")", p, 1);
    tree.add("version", version_name(version), p + 1, 2);
    tree.add("epoch", std::to_string(epoch), p + 3, 2);
    tree.add("sequence number", std::to_string(seq), p + 5, 6);
    tree.add("length", std::to_string(length) + (length > end - body ? " — more than the datagram holds" : ""), p + 11, 2,
             length > end - body ? FieldTone::kError : FieldTone::kPlain);
    std::string what = content_type_name(type);
    // RFC 6347 §4.1: epoch 0 is before any cipher is in use; later epochs are encrypted.
    if (epoch != 0 && body_len > 0) {
        tree.add("encrypted fragment", byte_count(body_len) + " (epoch " + std::to_string(epoch) + ")", body, body_len);
        if (type == kHandshake) what += " (encrypted, e.g. Finished)";
    } else if (type == kHandshake && body_len > 0) {
        // RFC 6347 §4.2.3: a record may hold several handshake messages.
        std::string names;
        for (std::size_t h = body; h < body + body_len;) h = decode_handshake(tree, frame, h, body + body_len, names);
        what += " (" + names + ")";
    } else if (type == kChangeCipherSpec && body_len > 0) {
        tree.add("type", std::to_string(frame[body]) + (frame[body] == 1 ? " (change_cipher_spec)" : ""), body, 1);
        if (body_len > 1) add_undecoded(tree, body + 1, body + body_len, "after the ChangeCipherSpec byte");
    } else if (type == kAlert && body_len >= 2) {
        tree.add("alert", alert_text(frame[body], frame[body + 1]), body, 2);
        what += " (" + alert_text(frame[body], frame[body + 1]) + ")";
        if (body_len > 2) add_undecoded(tree, body + 2, body + body_len, "after the alert");
    } else if (body_len > 0) {
        tree.add("fragment", byte_count(body_len), body, body_len);
    }
    tree.set_value(rec, what + ", epoch " + std::to_string(epoch) + ", seq " + std::to_string(seq));
    summary += (summary.empty() ? "" : ", ") + what;
    tree.close();
    return body + body_len;
}

}  // namespace

void decode_dtls(FieldTree& tree, net::ByteView frame, std::size_t begin, std::size_t end) {
    const std::size_t layer = tree.open("DTLS", "", begin, end - begin);
    tree.set_expanded(layer);
    std::string summary;
    std::size_t p = begin;
    int records = 0;
    // RFC 9147 §4: a first byte 0b001xxxxx is DTLS 1.3's unified header (encrypted records);
    // RFC 7983 §7 gives all of 20..63 to DTLS.
    if ((frame[begin] & 0xe0) == 0x20) {
        const std::uint8_t flags = frame[begin];
        tree.add("unified header", hex_number(flags, 2) + " (DTLS 1.3, RFC 9147 §4: C=" + std::to_string((flags >> 4) & 1) +
                                       " S=" + std::to_string((flags >> 3) & 1) + " L=" + std::to_string((flags >> 2) & 1) +
                                       " epoch bits " + std::to_string(flags & 3) + ")",
                 begin, 1);
        if (end - begin > 1) tree.add("encrypted record", byte_count(end - begin - 1), begin + 1, end - begin - 1);
        tree.set_value(layer, "DTLS 1.3 ciphertext");
        tree.close();
        return;
    }
    while (p < end) {
        p = decode_record(tree, frame, p, end, summary);
        ++records;
    }
    tree.set_value(layer, std::to_string(records) + (records == 1 ? " record: " : " records: ") + summary);
    tree.close();
}

}  // namespace rtclab::gui
