#include "net/stun/password_algorithm.h"

#include "net/stun/hex_name.h"

namespace rtclab::net::stun {
namespace {

// Reads one entry at r, or says why not.
Result<PasswordAlgorithm> read_entry(ByteReader& r) {
    const std::size_t at = r.offset();
    const auto id = r.u16();
    const auto length = r.u16();
    if (!id || !length) {
        return make_error("algorithm entry at value byte " + std::to_string(at) +
                          " is cut short (4 bytes: algorithm, parameters length)");
    }
    const auto params = r.bytes(*length);
    const std::size_t padding = (4 - (*length % 4)) % 4;
    if (!params || !r.skip(padding)) {
        return make_error("algorithm entry at value byte " + std::to_string(at) +
                          ": parameters length " + std::to_string(*length) +
                          " runs past the end of the value");
    }
    return PasswordAlgorithm{*id, Bytes(params->begin(), params->end())};
}

}  // namespace

std::string_view password_algorithm_name(std::uint16_t id) {
    if (id == kPasswordAlgorithmMd5) return "MD5";
    if (id == kPasswordAlgorithmSha256) return "SHA-256";
    return hex_name(id);
}

void write_password_algorithm(ByteWriter& w, const PasswordAlgorithm& algorithm) {
    w.u16(algorithm.id);
    w.u16(static_cast<std::uint16_t>(algorithm.parameters.size()));
    w.bytes(algorithm.parameters);
    w.zeros((4 - algorithm.parameters.size() % 4) % 4);
}

Result<PasswordAlgorithm> read_password_algorithm(ByteView value) {
    ByteReader r(value);
    auto entry = read_entry(r);
    if (!entry) return entry.error();
    if (!r.empty()) {
        return make_error(std::to_string(r.remaining()) + " bytes follow the one algorithm entry");
    }
    return entry;
}

Result<std::vector<PasswordAlgorithm>> read_password_algorithms(ByteView value) {
    std::vector<PasswordAlgorithm> out;
    ByteReader r(value);
    while (!r.empty()) {
        auto entry = read_entry(r);
        if (!entry) return entry.error();
        out.push_back(std::move(entry.value()));
    }
    return out;
}

}  // namespace rtclab::net::stun
