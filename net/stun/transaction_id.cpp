#include "net/stun/transaction_id.h"

#include "net/core/hex.h"

namespace rtclab::net::stun {

TransactionId random_transaction_id(Rng& rng) {
    TransactionId id;
    // Two draws give 128 bits; the first 96 make the id.
    const std::uint64_t a = rng.next_u64();
    const std::uint64_t b = rng.next_u64();
    for (int i = 0; i < 8; ++i)
        id[i] = static_cast<std::uint8_t>(a >> (56 - 8 * i));
    for (int i = 0; i < 4; ++i)
        id[8 + i] = static_cast<std::uint8_t>(b >> (56 - 8 * i));
    return id;
}

std::string to_hex(const TransactionId& id) {
    return net::to_hex(ByteView(id.data(), id.size()));
}

}  // namespace rtclab::net::stun
