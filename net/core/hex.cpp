#include "net/core/hex.h"

namespace rtclab::net {
namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

bool is_separator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == '-';
}

std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f) return std::string("'") + c + "'";
    static const char* digits = "0123456789abcdef";
    return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
}

}  // namespace

std::string to_hex(ByteView bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    out.resize(bytes.size() * 2);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    return out;
}

Result<Bytes> parse_hex(std::string_view text) {
    Bytes out;
    out.reserve(text.size() / 2);
    std::size_t i = 0;
    if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) i = 2;
    int high = -1;
    std::size_t high_at = 0;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (is_separator(c)) {
            if (high >= 0) return make_error("separator inside a byte (one hex digit before it)", i);
            continue;
        }
        const int v = hex_value(c);
        if (v < 0) return make_error(printable(c) + " is not a hex digit", i);
        if (high < 0) {
            high = v;
            high_at = i;
        } else {
            out.push_back(static_cast<std::uint8_t>((high << 4) | v));
            high = -1;
        }
    }
    if (high >= 0) return make_error("odd number of hex digits (the last byte has one digit)", high_at);
    if (out.empty()) return make_error("no hex digits");
    return out;
}

}  // namespace rtclab::net
