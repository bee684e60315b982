#include "net/sdp/setup_role.h"

#include "net/sdp/field_text.h"

namespace rtclab::net::sdp {

std::string setup_role_name(SetupRole role) {
    switch (role) {
        case SetupRole::kActpass:
            return "actpass";
        case SetupRole::kActive:
            return "active";
        case SetupRole::kPassive:
            return "passive";
        case SetupRole::kHoldconn:
            return "holdconn";
    }
    return "actpass";
}

std::optional<SetupRole> parse_setup_role(std::string_view name) {
    for (SetupRole role :
         {SetupRole::kActpass, SetupRole::kActive, SetupRole::kPassive, SetupRole::kHoldconn})
        if (iequals(name, setup_role_name(role))) return role;
    return std::nullopt;
}

}  // namespace rtclab::net::sdp
