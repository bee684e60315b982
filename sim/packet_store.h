// PacketStore: packet bytes stored once, referred to by id.
//
// A datagram crossing three hops is one entry here and three trace events that name it. The
// store is an append-only arena of large blocks, so recording a packet is one copy and no
// allocation in the common case.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "net/core/bytes.h"

namespace rtclab::sim {

class PacketStore {
public:
    static constexpr std::uint32_t kNone = 0xffffffff;

    std::uint32_t add(net::ByteView bytes);
    net::ByteView get(std::uint32_t id) const;
    std::size_t size() const { return spans_.size(); }
    void clear();

private:
    static constexpr std::size_t kBlock = 1 << 20;
    struct Span {
        std::uint32_t block;
        std::uint32_t offset;
        std::uint32_t length;
    };
    std::vector<std::unique_ptr<std::uint8_t[]>> blocks_;
    std::vector<std::size_t> block_sizes_;
    std::size_t used_in_last_ = 0;
    std::vector<Span> spans_;
};

}  // namespace rtclab::sim
