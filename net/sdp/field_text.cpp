#include "net/sdp/field_text.h"

#include <charconv>
#include <cstdio>

#include "net/core/address.h"

namespace rtclab::net::sdp {

std::vector<std::string_view> split_fields(std::string_view value) {
    std::vector<std::string_view> fields;
    std::size_t pos = 0;
    while (pos < value.size()) {
        if (value[pos] == ' ') {
            ++pos;
            continue;
        }
        std::size_t end = value.find(' ', pos);
        if (end == std::string_view::npos) end = value.size();
        fields.push_back(value.substr(pos, end - pos));
        pos = end;
    }
    return fields;
}

std::string_view trim_spaces(std::string_view value) {
    while (!value.empty() && value.front() == ' ')
        value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ')
        value.remove_suffix(1);
    return value;
}

Result<std::uint64_t> parse_decimal(std::string_view token, std::string_view field,
                                    std::uint64_t min, std::uint64_t max) {
    if (token.empty()) return make_error(std::string(field) + " is missing");
    const auto not_a_number = [&] {
        return make_error(std::string(field) + " " + quoted(token) + " is not a decimal number");
    };
    for (char c : token)
        if (c < '0' || c > '9') return not_a_number();
    std::uint64_t value = 0;
    const auto [ptr, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && (value < min || value > max)))
        return make_error(std::string(field) + " " + quoted(token) + " is out of range " +
                          std::to_string(min) + "-" + std::to_string(max));
    if (ec != std::errc() || ptr != token.data() + token.size()) return not_a_number();
    return value;
}

bool is_token_char(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u == 0x21 || (u >= 0x23 && u <= 0x27) || u == 0x2A || u == 0x2B || u == 0x2D ||
           u == 0x2E || (u >= 0x30 && u <= 0x39) || (u >= 0x41 && u <= 0x5A) ||
           (u >= 0x5E && u <= 0x7E);
}

bool is_token(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text)
        if (!is_token_char(c)) return false;
    return true;
}

bool is_ice_chars(std::string_view text) {
    for (char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/';
        if (!ok) return false;
    }
    return true;
}

namespace {
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
}  // namespace

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = lower(c);
    return out;
}

std::string quoted(std::string_view text) {
    constexpr std::size_t kMaxShown = 40;
    std::string out = "'";
    std::size_t shown = 0;
    for (char c : text) {
        if (shown == kMaxShown) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(u));
            out += buf;
        } else {
            out += c;
        }
        ++shown;
    }
    out += "'";
    return out;
}

Result<void> check_address(std::string_view text, std::string_view field) {
    if (text.empty()) return make_error(std::string(field) + " is missing");
    if (IpAddress::parse(text)) return {};
    const std::string what = std::string(field) + " " + quoted(text);
    if (text.find(':') != std::string_view::npos)
        return make_error(what + " is not a valid IPv6 address");
    bool digits_and_dots = true;
    for (char c : text)
        if (!((c >= '0' && c <= '9') || c == '.')) digits_and_dots = false;
    if (digits_and_dots) return make_error(what + " is not a valid IPv4 address");
    // A host name: letters, digits, '-' and '_' in dot-separated labels (RFC 1123 §2.1,
    // with '_' tolerated as resolvers do), at most 253 characters.
    if (text.size() > 253) return make_error(what + " is longer than 253 characters");
    std::size_t label = 0;
    for (char c : text) {
        if (c == '.') {
            if (label == 0) return make_error(what + " has an empty label");
            label = 0;
            continue;
        }
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!ok) return make_error(what + " is neither an IP address nor a host name");
        ++label;
    }
    return {};
}

}  // namespace rtclab::net::sdp
