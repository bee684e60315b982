#include "net/sdp/group.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

Result<Group> Group::parse(std::string_view value) {
    const auto fields = split_fields(value);
    // group-attribute = "a=group:" semantics *(SP identification-tag) (RFC 5888 §5); a group
    // may be empty (Chrome writes "a=group:BUNDLE" when every section is rejected).
    if (fields.empty()) return make_error("semantics is missing");
    Group group;
    group.semantics = std::string(fields[0]);
    if (!is_token(group.semantics))
        return make_error("semantics " + quoted(group.semantics) + " is not a token");
    for (std::size_t i = 1; i < fields.size(); ++i) {
        if (!is_token(fields[i])) return make_error("mid " + quoted(fields[i]) + " is not a token");
        group.mids.emplace_back(fields[i]);
    }
    return group;
}

std::string Group::to_string() const {
    std::string out = semantics;
    for (const auto& mid : mids)
        out += " " + mid;
    return out;
}

}  // namespace rtclab::net::sdp
