#include "ui/cli/decode_command.h"

#include <ostream>

#include "net/core/hex.h"
#include "net/stun/stun.h"
#include "sim/stun_json.h"

namespace rtclab::cli {

int run_decode(const DecodeOptions& options, std::ostream& out, std::ostream& err) {
    namespace stun = net::stun;
    const bool long_term = options.username || options.realm;
    if (long_term && !(options.username && options.realm && options.password)) {
        err << "rtclab decode: --username and --realm go together with --password (long-term "
               "credentials, RFC 8489 §9.2); give --password alone for short-term ones\n";
        return 2;
    }

    auto bytes = net::parse_hex(options.hex);
    if (!bytes) {
        err << "rtclab decode: " << bytes.error().describe() << "\n";
        return 2;
    }
    auto message = stun::parse_message(*bytes);
    if (!message) {
        // The header checks of looks_like_stun() (RFC 7983 first byte, length, magic cookie)
        // decide between "this is something else" and "this is broken STUN".
        const char* what =
            stun::looks_like_stun(*bytes) ? "malformed STUN message" : "not a STUN message";
        err << "rtclab decode: " << what << ": " << message.error().describe() << "\n";
        return 2;
    }

    std::optional<stun::IntegrityKey> key;
    if (long_term) {
        key = stun::IntegrityKey::long_term(*options.username, *options.realm, *options.password);
    } else if (options.password) {
        key = stun::IntegrityKey::short_term(*options.password);
    }
    const auto json = sim::stun_to_json(*message, *bytes, key ? &*key : nullptr);
    out << json.dump(2) << "\n";
    return 0;
}

}  // namespace rtclab::cli
