#include "net/sdp/msid.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

Result<Msid> Msid::parse(std::string_view value) {
    const auto fields = split_fields(value);
    if (fields.empty()) return make_error("stream id is missing");
    // msid-id = 1*64token-char; msid-appdata = 1*64token-char (RFC 8830 §2)
    for (std::size_t i = 0; i < fields.size() && i < 2; ++i) {
        const char* what = i == 0 ? "stream id " : "track id ";
        if (!is_token(fields[i]) || fields[i].size() > 64)
            return make_error(what + quoted(fields[i]) + " must be 1 to 64 token characters");
    }
    if (fields.size() > 2)
        return make_error("unexpected " + quoted(fields[2]) + " after the track id");
    Msid msid;
    msid.stream_id = std::string(fields[0]);
    if (fields.size() == 2) msid.track_id = std::string(fields[1]);
    return msid;
}

std::string Msid::to_string() const {
    return track_id ? stream_id + " " + *track_id : stream_id;
}

Result<MsidSemantic> MsidSemantic::parse(std::string_view value) {
    const auto fields = split_fields(value);
    if (fields.empty()) return make_error("semantic is missing");
    MsidSemantic ms;
    ms.semantic = std::string(fields[0]);
    if (!is_token(ms.semantic))
        return make_error("semantic " + quoted(ms.semantic) + " is not a token");
    for (std::size_t i = 1; i < fields.size(); ++i)
        ms.identifiers.emplace_back(fields[i]);
    return ms;
}

std::string MsidSemantic::to_string() const {
    std::string out = semantic;
    for (const auto& id : identifiers)
        out += " " + id;
    return out;
}

}  // namespace rtclab::net::sdp
