#include "sim/loader_fields.h"

#include <algorithm>
#include <cmath>

namespace rtclab::sim::loader {
namespace {

// Optimal string alignment distance (edits and adjacent swaps), for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
    if (a.size() > 64 || b.size() > 64) return 100;
    if (std::max(a.size(), b.size()) - std::min(a.size(), b.size()) > 2) return 3;  // too far
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i)
        d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j)
        d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

// The candidate within two edits of `word` (and not a wholesale rewrite of a short word).
std::optional<std::string> closest(std::string_view word,
                                   const std::vector<std::string>& candidates) {
    std::optional<std::string> best;
    std::size_t best_distance = 3;
    for (const auto& c : candidates) {
        const std::size_t d = edit_distance(word, c);
        if (d < best_distance && 2 * d < std::max(word.size(), c.size())) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

}  // namespace


std::string in_quotes(std::string_view s) {
    return "'" + printable(s, 60) + "'";
}

std::string join(const std::vector<std::string>& items, std::size_t max_items) {
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < max_items; ++i) {
        if (i) out += ", ";
        out += printable(items[i], 60);
    }
    if (items.size() > max_items) out += ", …";
    return out;
}

std::string format_number(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e17) {
        return std::to_string(static_cast<long long>(v));
    }
    return json(v).dump();
}

// "the number 5", "the string 'x'", "an array": what was found where something else belonged.
std::string describe_value(const json& j) {
    switch (j.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return j.get<bool>() ? "true" : "false";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
        case json::value_t::number_float:
            return "the number " + printable(j.dump(), 40);
        case json::value_t::string:
            return "the string " + in_quotes(j.get_ref<const std::string&>());
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "a value of another kind";
    }
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
    auto best = closest(word, candidates);
    return best ? " (did you mean " + in_quotes(*best) + "?)" : "";
}

// "unknown NAT preset 'cone'; expected one of: open, full-cone, ..."
std::string unknown_word(std::string_view what, std::string_view word,
                         const std::vector<std::string>& expected) {
    return "unknown " + std::string(what) + " " + in_quotes(word) + did_you_mean(word, expected) +
           "; expected one of: " + join(expected);
}

constexpr std::size_t kMaxNameBytes = 63;

bool is_valid_name(std::string_view s) {
    if (s.empty() || s.size() > kMaxNameBytes) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && !(c == '-' && i > 0)) return false;
    }
    return true;
}

std::string capitalised(const std::string& name) {
    std::string out = name;
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
    return out;
}

bool has_control_character(std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
}

std::string family_name(const net::IpAddress& ip) {
    return ip.is_v4() ? "IPv4" : "IPv6";
}

// --- reading the members of one object --------------------------------------------------------

// Reports members not in `known`, each at its key's line, with the closest known key.
void check_keys(const Doc& doc, const json& obj, const std::string& ptr,
                const std::vector<std::string>& known, std::string_view what) {
    for (const auto& [key, value] : obj.items()) {
        if (std::find(known.begin(), known.end(), key) != known.end()) continue;
        doc.key_error(json_pointer_child(ptr, key),
                      "unknown key " + in_quotes(key) + did_you_mean(key, known) + "; " +
                          std::string(what) + " takes: " + join(known));
    }
}

// Refuses arrays longer than rtclab is meant for (the checks between their items are not all
// linear); true when it did.
bool too_many(const Doc& doc, const json& arr, const std::string& ptr, std::size_t max,
              std::string_view what) {
    if (arr.size() <= max) return false;
    doc.error(ptr, std::to_string(arr.size()) + " " + std::string(what) + " are more than rtclab " +
                       "handles (at most " + std::to_string(max) + ")");
    return true;
}

net::Duration millis_to_duration(double ms) {
    return net::Duration::micros(static_cast<std::int64_t>(std::llround(ms * 1000.0)));
}

}  // namespace rtclab::sim::loader
