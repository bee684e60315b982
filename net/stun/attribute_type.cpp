#include "net/stun/attribute_type.h"

#include "net/stun/hex_name.h"

namespace rtclab::net::stun {
namespace {

std::string_view known_name(std::uint16_t type) {
    switch (type) {
        case attr::kMappedAddress:
            return "MAPPED-ADDRESS";
        case attr::kUsername:
            return "USERNAME";
        case attr::kMessageIntegrity:
            return "MESSAGE-INTEGRITY";
        case attr::kErrorCode:
            return "ERROR-CODE";
        case attr::kUnknownAttributes:
            return "UNKNOWN-ATTRIBUTES";
        case attr::kChannelNumber:
            return "CHANNEL-NUMBER";
        case attr::kLifetime:
            return "LIFETIME";
        case attr::kXorPeerAddress:
            return "XOR-PEER-ADDRESS";
        case attr::kData:
            return "DATA";
        case attr::kRealm:
            return "REALM";
        case attr::kNonce:
            return "NONCE";
        case attr::kXorRelayedAddress:
            return "XOR-RELAYED-ADDRESS";
        case attr::kRequestedAddressFamily:
            return "REQUESTED-ADDRESS-FAMILY";
        case attr::kEvenPort:
            return "EVEN-PORT";
        case attr::kRequestedTransport:
            return "REQUESTED-TRANSPORT";
        case attr::kDontFragment:
            return "DONT-FRAGMENT";
        case attr::kMessageIntegritySha256:
            return "MESSAGE-INTEGRITY-SHA256";
        case attr::kPasswordAlgorithm:
            return "PASSWORD-ALGORITHM";
        case attr::kUserhash:
            return "USERHASH";
        case attr::kXorMappedAddress:
            return "XOR-MAPPED-ADDRESS";
        case attr::kReservationToken:
            return "RESERVATION-TOKEN";
        case attr::kPriority:
            return "PRIORITY";
        case attr::kUseCandidate:
            return "USE-CANDIDATE";
        case attr::kPasswordAlgorithms:
            return "PASSWORD-ALGORITHMS";
        case attr::kAlternateDomain:
            return "ALTERNATE-DOMAIN";
        case attr::kSoftware:
            return "SOFTWARE";
        case attr::kAlternateServer:
            return "ALTERNATE-SERVER";
        case attr::kFingerprint:
            return "FINGERPRINT";
        case attr::kIceControlled:
            return "ICE-CONTROLLED";
        case attr::kIceControlling:
            return "ICE-CONTROLLING";
        default:
            return {};
    }
}

}  // namespace

bool attr::is_known(std::uint16_t type) {
    return !known_name(type).empty();
}

std::string_view attribute_name(std::uint16_t type) {
    const auto name = known_name(type);
    return name.empty() ? hex_name(type) : name;
}

}  // namespace rtclab::net::stun
