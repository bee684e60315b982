// Group: a=group (RFC 5888 §5) -- media sections, named by their a=mid, that belong together.
// WebRTC uses the BUNDLE semantics (RFC 8843): all the sections of a bundle group share one
// transport -- one ICE agent, one DTLS association, one 5-tuple -- instead of one each.
//
//   a=group:BUNDLE 0 1 2
//
// RFC 8843 §7.2.1: the first mid of the group is the "offerer-tagged" section whose transport
// (port, candidates, ICE and DTLS parameters) the whole group will use.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "net/core/result.h"

namespace rtclab::net::sdp {

struct Group {
    std::string semantics = "BUNDLE";  // "BUNDLE" (RFC 8843), "LS" lip sync (RFC 5888)
    std::vector<std::string> mids;     // identification-tags, in order

    bool is_bundle() const { return semantics == "BUNDLE"; }

    static Result<Group> parse(std::string_view value);
    std::string to_string() const;  // "BUNDLE 0 1 2"
    bool operator==(const Group&) const = default;
};

}  // namespace rtclab::net::sdp
