#include "net/ice/check_message.h"

#include "net/stun/integrity_key.h"
#include "net/stun/message_builder.h"

namespace rtclab::net::ice {

using stun::MessageBuilder;
using stun::MessageClass;
using stun::Method;

Bytes build_check_request(const stun::TransactionId& id, const CheckRequest& request,
                          std::string_view remote_pwd) {
    MessageBuilder b(MessageClass::kRequest, Method::kBinding, id);
    b.username(request.username).priority(request.priority);
    // RFC 8445 §7.2.2: "The controlling agent MUST include the ICE-CONTROLLING attribute in a
    // Binding request. The controlled agent MUST include the ICE-CONTROLLED attribute".
    if (request.role == Role::kControlling) {
        b.ice_controlling(request.tie_breaker);
    } else {
        b.ice_controlled(request.tie_breaker);
    }
    if (request.use_candidate) b.use_candidate();
    const auto key = stun::IntegrityKey::short_term(remote_pwd);
    return b.finish(&key, true);
}

Bytes build_check_success(const stun::TransactionId& id, const TransportAddress& mapped,
                          std::string_view local_pwd) {
    const auto key = stun::IntegrityKey::short_term(local_pwd);
    return MessageBuilder(MessageClass::kSuccessResponse, Method::kBinding, id)
        .xor_mapped_address(mapped)
        .finish(&key, true);
}

Bytes build_check_error(const stun::TransactionId& id, int code, std::string_view reason,
                        std::string_view local_pwd) {
    MessageBuilder b(MessageClass::kErrorResponse, Method::kBinding, id);
    b.error_code(code, reason);
    if (local_pwd.empty()) return b.finish(nullptr, true);
    const auto key = stun::IntegrityKey::short_term(local_pwd);
    return b.finish(&key, true);
}

Bytes build_keepalive(const stun::TransactionId& id) {
    return MessageBuilder(MessageClass::kIndication, Method::kBinding, id).finish(nullptr, true);
}

Bytes build_server_binding_request(const stun::TransactionId& id) {
    return MessageBuilder(MessageClass::kRequest, Method::kBinding, id).finish(nullptr, true);
}

}  // namespace rtclab::net::ice
