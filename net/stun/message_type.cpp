#include "net/stun/message_type.h"

#include "net/stun/hex_name.h"

namespace rtclab::net::stun {

std::string_view method_name(Method method) {
    switch (method) {
        case Method::kBinding:
            return "binding";
        case Method::kAllocate:
            return "allocate";
        case Method::kRefresh:
            return "refresh";
        case Method::kSend:
            return "send";
        case Method::kData:
            return "data";
        case Method::kCreatePermission:
            return "create-permission";
        case Method::kChannelBind:
            return "channel-bind";
    }
    return hex_name(static_cast<std::uint16_t>(static_cast<unsigned>(method) & kMaxMethod));
}

std::string_view method_title(Method method) {
    switch (method) {
        case Method::kBinding:
            return "Binding";
        case Method::kAllocate:
            return "Allocate";
        case Method::kRefresh:
            return "Refresh";
        case Method::kSend:
            return "Send";
        case Method::kData:
            return "Data";
        case Method::kCreatePermission:
            return "CreatePermission";
        case Method::kChannelBind:
            return "ChannelBind";
    }
    return {};  // callers format "Method 0x0abc" themselves (see summarize())
}

std::string_view class_name(MessageClass cls) {
    switch (cls) {
        case MessageClass::kRequest:
            return "request";
        case MessageClass::kIndication:
            return "indication";
        case MessageClass::kSuccessResponse:
            return "success_response";
        case MessageClass::kErrorResponse:
            return "error_response";
    }
    return "request";  // unreachable: MessageClass values come from two bits
}

std::string_view class_title(MessageClass cls) {
    switch (cls) {
        case MessageClass::kRequest:
            return "request";
        case MessageClass::kIndication:
            return "indication";
        case MessageClass::kSuccessResponse:
            return "success response";
        case MessageClass::kErrorResponse:
            return "error response";
    }
    return "request";
}

}  // namespace rtclab::net::stun
