#include "net/sdp/fingerprint.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

std::optional<std::size_t> digest_size(std::string_view hash_function) {
    if (iequals(hash_function, "sha-1")) return 20;
    if (iequals(hash_function, "sha-224")) return 28;
    if (iequals(hash_function, "sha-256")) return 32;
    if (iequals(hash_function, "sha-384")) return 48;
    if (iequals(hash_function, "sha-512")) return 64;
    if (iequals(hash_function, "md5") || iequals(hash_function, "md2")) return 16;
    return std::nullopt;
}

namespace {
int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}
}  // namespace

Result<Fingerprint> Fingerprint::parse(std::string_view value) {
    const auto fields = split_fields(value);
    if (fields.empty()) return make_error("hash function is missing");
    if (!is_token(fields[0]))
        return make_error("hash function " + quoted(fields[0]) + " is not a token");
    if (fields.size() < 2) return make_error("the digest is missing after " + quoted(fields[0]));
    if (fields.size() > 2)
        return make_error("unexpected " + quoted(fields[2]) + " after the digest");

    // fingerprint = 2UHEX *(":" 2UHEX)
    Fingerprint fp;
    fp.hash_function = to_lower(fields[0]);
    const std::string_view hex = fields[1];
    for (std::size_t pos = 0;; pos += 3) {
        if (pos + 2 > hex.size() || hex_digit(hex[pos]) < 0 || hex_digit(hex[pos + 1]) < 0)
            return make_error("digest " + quoted(hex) + " is not colon-separated hex pairs " +
                              "(at character " + std::to_string(pos + 1) + ")");
        fp.digest.push_back(
            static_cast<std::uint8_t>(hex_digit(hex[pos]) * 16 + hex_digit(hex[pos + 1])));
        if (pos + 2 == hex.size()) break;
        if (hex[pos + 2] != ':')
            return make_error("digest " + quoted(hex) + " is not colon-separated hex pairs " +
                              "(at character " + std::to_string(pos + 3) + ")");
    }
    if (auto want = digest_size(fp.hash_function); want && *want != fp.digest.size())
        return make_error("a " + fp.hash_function + " fingerprint has " + std::to_string(*want) +
                          " bytes, this one has " + std::to_string(fp.digest.size()));
    return fp;
}

std::string Fingerprint::digest_hex() const {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(digest.size() * 3);
    for (std::size_t i = 0; i < digest.size(); ++i) {
        if (i) out += ':';
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0xF];
    }
    return out;
}

std::string Fingerprint::to_string() const {
    return hash_function + " " + digest_hex();
}

}  // namespace rtclab::net::sdp
