// SetupRole: the a=setup attribute (RFC 4145 §4, used for DTLS by RFC 5763 §5) -- which end
// opens the DTLS association, i.e. which one is the DTLS client.
//
// RFC 5763 §5: "The endpoint that is the offerer MUST use the setup attribute value of
// setup:actpass"; the answerer picks active (it will be the DTLS client) or passive. JSEP
// (RFC 8829 §5.3.1): "The role value in the answer MUST be "active" or "passive". When the
// offer contains the "actpass" value, as will always be the case with JSEP endpoints, the
// answerer SHOULD use the "active" role."
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rtclab::net::sdp {

enum class SetupRole : std::uint8_t {
    kActpass,   // "actpass": the offerer lets the answerer choose
    kActive,    // "active": this end initiates -- the DTLS client
    kPassive,   // "passive": this end waits -- the DTLS server
    kHoldconn,  // "holdconn": no connection yet (not used by WebRTC)
};

// "actpass", "active", "passive", "holdconn".
std::string setup_role_name(SetupRole role);
// Case-insensitive (ABNF literals are); nullopt for anything else.
std::optional<SetupRole> parse_setup_role(std::string_view name);

}  // namespace rtclab::net::sdp
