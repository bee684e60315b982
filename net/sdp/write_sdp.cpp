// to_string(const SessionDescription&): the SDP writer. Declared in
// net/sdp/session_description.h.
#include <string>

#include "net/sdp/session_description.h"

namespace rtclab::net::sdp {
namespace {

void put(std::string& out, std::string_view line) {
    out += line;
    out += "\r\n";  // RFC 8866 §5: "records are terminated by CRLF"
}

bool is_raw_with_type(const Line& line, std::string_view types) {
    const auto* raw = std::get_if<RawLine>(&line.value);
    return raw != nullptr && types.find(raw->type) != std::string_view::npos;
}

// The raw lines of the given types, in their stored order.
void put_raw(std::string& out, const std::vector<Line>& lines, std::string_view types) {
    for (const auto& line : lines)
        if (is_raw_with_type(line, types)) put(out, line.text());
}

// Every other line: the attributes, and lines with type letters RFC 8866 does not define,
// in their stored order.
void put_rest(std::string& out, const std::vector<Line>& lines, std::string_view slotted) {
    for (const auto& line : lines)
        if (!is_raw_with_type(line, slotted)) put(out, line.text());
}

}  // namespace

std::string to_string(const SessionDescription& d) {
    std::string out;
    out.reserve(2048);
    // RFC 8866 §5, session description: v o s [i] [u] [e] [p] [c] [b] t [r] [z] [k] [a]
    put(out, "v=" + std::to_string(d.version));
    put(out, "o=" + d.origin.to_string());
    put(out, "s=" + d.session_name);
    put_raw(out, d.lines, "iuep");
    if (d.connection) put(out, "c=" + d.connection->to_string());
    put_raw(out, d.lines, "b");
    put(out, "t=" + d.timing.to_string());
    put_raw(out, d.lines, "trzk");  // a t= here is a second one, with its r= lines
    put_rest(out, d.lines, "iuepbtrzk");

    // Media description: m [i] [c] [b] [k] [a]
    for (const auto& m : d.media) {
        put(out, "m=" + m.media_line());
        put_raw(out, m.lines, "i");
        if (m.connection) put(out, "c=" + m.connection->to_string());
        put_raw(out, m.lines, "bk");
        put_rest(out, m.lines, "ibk");
    }
    return out;
}

}  // namespace rtclab::net::sdp
