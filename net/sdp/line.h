// Line: one line of a section after its fixed lines (v= o= s= t= / m= c=) -- an attribute
// this codec knows, typed; an attribute it does not know, kept raw; or another field (i=, b=,
// k=, ...), kept raw.
//
// A section holds its lines in input order. That is what lets a description round-trip byte
// for byte and lets an edit change exactly one line: editing the ice-ufrag of a section
// rewrites that one entry where it stands.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "net/core/result.h"
#include "net/sdp/attribute.h"
#include "net/sdp/candidate.h"
#include "net/sdp/direction.h"
#include "net/sdp/extmap.h"
#include "net/sdp/fingerprint.h"
#include "net/sdp/group.h"
#include "net/sdp/msid.h"
#include "net/sdp/payload_format.h"
#include "net/sdp/setup_role.h"
#include "net/sdp/ssrc.h"

namespace rtclab::net::sdp {

// A line other than a= kept as text: i= (title), u=, e=, p=, b= (bandwidth), r=, z=, k=, a
// second t=, or a type letter RFC 8866 does not define. (Never v o s c m a: those are fields
// of the model or typed lines; a RawLine with one of them would write a broken description.)
struct RawLine {
    char type = 'b';
    std::string value;  // everything after "<type>="
    bool operator==(const RawLine&) const = default;
};

// What a line holds. Every alternative is a distinct type, so std::get_if<IceUfrag> finds the
// ufrag; the four direction attributes share the one Direction enum.
using LineValue =
    std::variant<RawLine, RawAttribute,
                 // session level
                 Group, MsidSemantic, IceLite,
                 // both levels: ICE and DTLS transport (RFC 8839, RFC 8122)
                 IceUfrag, IcePwd, IceOptions, Fingerprint, SetupRole,
                 // media level
                 Mid, BundleOnly, Candidate, EndOfCandidates, Direction, Msid, RtcpMux, RtcpRsize,
                 RtpMap, RtcpFeedback, Fmtp, Extmap, Ssrc, SsrcGroup, SctpPort, MaxMessageSize>;

struct Line {
    LineValue value;

    // SDP can spell one value several ways: "UDP" or "udp" in a candidate, "a=msid-semantic:
    // WMS" with Chrome's space, lower-case hex in a fingerprint. When the parsed line is not
    // in the form format_line() writes, the parser keeps its text here together with that
    // canonical form; the writer then uses `original` for as long as `value` still formats
    // to `original_canonical` -- that is, until the value is edited. Both are empty for lines
    // built in code or already canonical.
    std::string original;
    std::string original_canonical;

    Line() = default;
    Line(LineValue v) : value(std::move(v)) {}  // NOLINT(google-explicit-constructor)

    // The text to write, without line ending: `original` while it still applies, else
    // format_line(value).
    std::string text() const;
};

// The canonical text of a line without line ending: "a=ice-ufrag:EsAw", "a=rtcp-mux",
// "b=AS:30".
std::string format_line(const LineValue& value);

// The attribute name of a value ("ice-ufrag", "sendonly", ...), or the raw name; "" for a
// RawLine.
std::string attribute_name(const LineValue& value);

// Parses the text after "a=": "<name>" or "<name>:<value>". Known attributes are checked and
// typed; others become RawAttribute. Errors read "a=<name>: <what is wrong>"
// ("a=candidate: port '99999' is out of range 0-65535"). The returned Line keeps the original
// spelling when it is not canonical (see Line).
Result<Line> parse_attribute_line(std::string_view after_a_equals);

}  // namespace rtclab::net::sdp
