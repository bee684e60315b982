// The STUN messages of ICE connectivity checks (RFC 8445 §7.2.2, §7.3.1, §11): Binding
// requests with USERNAME, PRIORITY, ICE-CONTROLLING/ICE-CONTROLLED and USE-CANDIDATE, their
// responses, and keepalive indications.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "net/core/address.h"
#include "net/core/bytes.h"
#include "net/ice/agent.h"
#include "net/stun/transaction_id.h"

namespace rtclab::net::ice {

struct CheckRequest {
    // RFC 8445 §7.2.2: "The username for the credential is formed by concatenating the
    // username fragment provided by the peer with the username fragment of the ICE agent
    // sending the request, separated by a colon (":")."
    std::string username;
    // RFC 8445 §7.1.1: the priority a peer-reflexive candidate learned from this check gets.
    std::uint32_t priority = 0;
    Role role = Role::kControlling;
    std::uint64_t tie_breaker = 0;
    bool use_candidate = false;
};

// A Binding request, MESSAGE-INTEGRITY keyed with the peer's ice-pwd (short-term
// credentials, RFC 8445 §7.2.2), then FINGERPRINT (§7.2.2: "The FINGERPRINT mechanism MUST
// be used for connectivity checks").
Bytes build_check_request(const stun::TransactionId& id, const CheckRequest& request,
                          std::string_view remote_pwd);

// RFC 8445 §7.3.1: a Binding success response carrying the request's source in
// XOR-MAPPED-ADDRESS, integrity keyed with the local ice-pwd, and FINGERPRINT.
Bytes build_check_success(const stun::TransactionId& id, const TransportAddress& mapped,
                          std::string_view local_pwd);

// A Binding error response. With a password it is signed (487 to an authenticated request);
// without one (400, 401) it only carries FINGERPRINT.
Bytes build_check_error(const stun::TransactionId& id, int code, std::string_view reason,
                        std::string_view local_pwd = {});

// RFC 8445 §11: "the agent MUST send a STUN Binding indication" as a keepalive; it needs no
// authentication (RFC 8445 §11: "A STUN Binding indication ... with FINGERPRINT").
Bytes build_keepalive(const stun::TransactionId& id);

// A plain Binding request to a STUN server, for a server-reflexive candidate (RFC 8445
// §5.1.1.2).
Bytes build_server_binding_request(const stun::TransactionId& id);

}  // namespace rtclab::net::ice
