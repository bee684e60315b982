// The DOMException names webrtc-pc rejects its promises with, and helpers that make a DomError
// with one of them. Every call site says which step of which algorithm it implements.
#pragma once

#include <string>

#include "net/jsep/peer_connection.h"

namespace rtclab::net::jsep {

inline constexpr const char* kInvalidStateError = "InvalidStateError";
inline constexpr const char* kInvalidAccessError = "InvalidAccessError";
inline constexpr const char* kInvalidModificationError = "InvalidModificationError";
// RTCError (webrtc-pc §11.1) is a DOMException whose name is "OperationError"; its errorDetail
// ("sdp-syntax-error", ...) goes at the start of the message here.
inline constexpr const char* kOperationError = "OperationError";
inline constexpr const char* kTypeError = "TypeError";

inline DomError invalid_state_error(std::string message) {
    return DomError{kInvalidStateError, std::move(message)};
}
inline DomError invalid_access_error(std::string message) {
    return DomError{kInvalidAccessError, std::move(message)};
}
inline DomError invalid_modification_error(std::string message) {
    return DomError{kInvalidModificationError, std::move(message)};
}
inline DomError operation_error(std::string message) {
    return DomError{kOperationError, std::move(message)};
}
inline DomError type_error(std::string message) {
    return DomError{kTypeError, std::move(message)};
}

// The error of a failed DomResult, or nullptr on success.
template <class T>
const DomError* error_of(const DomResult<T>& r) {
    return std::get_if<DomError>(&r);
}

}  // namespace rtclab::net::jsep
