// StunCredentials: the STUN integrity keys a reader of a trace can know — every ICE agent's
// ice-ufrag/ice-pwd from the descriptions in the state document (short-term credentials,
// RFC 8445 §7.2.2) and the TURN servers' users from the trace header's topology (long-term
// credentials, RFC 8489 §9.2) — and the choice of the key that checks a given message.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "net/stun/integrity_key.h"
#include "net/stun/message.h"

namespace rtclab::gui {

struct StunKey {
    net::stun::IntegrityKey key;
    std::string source;  // for people: "ice-pwd of bob (ufrag Xy3z)", "TURN user alice on turn"
};

// Finds the request a response answers: same transaction id (RFC 8489 §6.3.3). Returns
// nullopt when it is not found.
using RequestLookup = std::function<std::optional<net::stun::Message>(const net::stun::TransactionId&)>;

class StunCredentials {
public:
    // The ICE credentials in all four descriptions of every peer (/peers/<name>/*Description;
    // after an ICE restart old and new credentials both appear, so responses to checks sent
    // before the restart still find their key) and the TURN users of the hosts in the
    // topology (hosts[].turn {realm, users: [{username, password}]}).
    static StunCredentials from_trace(const nlohmann::ordered_json& topology, const nlohmann::json& state);

    // ICE: the agent whose ufrag this is uses this password.
    void add_ice(std::string ufrag, std::string pwd, std::string owner);
    // TURN: a user of the TURN server `server` in `realm`.
    void add_turn_user(std::string server, std::string realm, std::string username, std::string password);

    // The key that checks m's MESSAGE-INTEGRITY(-SHA256), or nullopt when none is known.
    //  - A message with USERNAME and REALM uses long-term credentials (RFC 8489 §9.2.2):
    //    MD5(username ":" realm ":" password), or SHA-256 with PASSWORD-ALGORITHM SHA-256.
    //  - A message with USERNAME "RFRAG:LFRAG" and no REALM is an ICE check (RFC 8445
    //    §7.2.2): the key is the ice-pwd of the agent whose ufrag is RFRAG, the receiver.
    //  - A response carries neither (RFC 8489 §9.1.3, §9.2.3: it is checked with the key of
    //    its request): the request is found with `requests`, and its key is used.
    std::optional<StunKey> key_for(const net::stun::Message& m, const RequestLookup& requests) const;

    std::size_t ice_count() const { return ice_.size(); }
    std::size_t turn_user_count() const { return turn_.size(); }

private:
    struct IcePassword {
        std::string pwd, owner;
    };
    struct TurnUser {
        std::string server, realm, username, password;
    };
    std::optional<StunKey> key_for_username(const net::stun::Message& m) const;

    std::map<std::string, IcePassword, std::less<>> ice_;  // by ufrag
    std::vector<TurnUser> turn_;
};

}  // namespace rtclab::gui
