#include "sim/packet_store.h"

#include <cstring>

namespace rtclab::sim {

std::uint32_t PacketStore::add(net::ByteView bytes) {
    const std::size_t n = bytes.size();
    if (blocks_.empty() || used_in_last_ + n > block_sizes_.back()) {
        const std::size_t size = n > kBlock ? n : kBlock;  // an outsized packet gets its own block
        blocks_.push_back(std::make_unique_for_overwrite<std::uint8_t[]>(size));
        block_sizes_.push_back(size);
        used_in_last_ = 0;
    }
    const auto block = static_cast<std::uint32_t>(blocks_.size() - 1);
    if (n > 0) std::memcpy(blocks_.back().get() + used_in_last_, bytes.data(), n);
    spans_.push_back(Span{block, static_cast<std::uint32_t>(used_in_last_), static_cast<std::uint32_t>(n)});
    used_in_last_ += n;
    return static_cast<std::uint32_t>(spans_.size() - 1);
}

net::ByteView PacketStore::get(std::uint32_t id) const {
    if (id >= spans_.size()) return {};
    const Span& s = spans_[id];
    return net::ByteView(blocks_[s.block].get() + s.offset, s.length);
}

void PacketStore::clear() {
    blocks_.clear();
    block_sizes_.clear();
    spans_.clear();
    used_in_last_ = 0;
}

}  // namespace rtclab::sim
