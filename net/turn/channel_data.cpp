#include "net/turn/channel_data.h"

#include <cstdio>
#include <string>

namespace rtclab::net::turn {
namespace {

std::string hex16(std::uint16_t v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v));
    return buf;
}

}  // namespace

bool looks_like_channel_data(ByteView datagram) {
    return !datagram.empty() && datagram[0] >= 64 && datagram[0] <= 79;
}

Result<ChannelData> parse_channel_data(ByteView datagram) {
    if (datagram.size() < kChannelDataHeaderSize) {
        return make_error(std::to_string(datagram.size()) +
                              " bytes cannot hold the 4-byte ChannelData header",
                          0);
    }
    const std::uint16_t channel = load_u16(datagram.data());
    if (!is_valid_channel(channel)) {
        return make_error("channel number " + hex16(channel) + " is outside 0x4000-0x4FFF", 0);
    }
    const std::size_t length = load_u16(datagram.data() + 2);
    const std::size_t after = datagram.size() - kChannelDataHeaderSize;
    if (length > after) {
        return make_error("length " + std::to_string(length) + " is more than the " +
                              std::to_string(after) + " bytes after the header",
                          2);
    }
    const std::size_t extra = after - length;
    const std::size_t padded = (kChannelDataHeaderSize + length + 3) & ~std::size_t{3};
    if (extra > 0 && kChannelDataHeaderSize + length + extra != padded) {
        return make_error(std::to_string(extra) +
                              " bytes follow the data; padding is at most 3 (to a multiple of 4)",
                          kChannelDataHeaderSize + length);
    }
    return ChannelData{channel, datagram.subspan(kChannelDataHeaderSize, length)};
}

Bytes encode_channel_data(std::uint16_t channel, ByteView data, bool pad) {
    Bytes out;
    const std::size_t size = kChannelDataHeaderSize + data.size();
    out.reserve(pad ? (size + 3) & ~std::size_t{3} : size);
    ByteWriter w(out);
    w.u16(channel);
    w.u16(static_cast<std::uint16_t>(data.size()));
    w.bytes(data);
    if (pad) w.zeros(((size + 3) & ~std::size_t{3}) - size);
    return out;
}

}  // namespace rtclab::net::turn
