// ByteReader and ByteWriter: network-order (big-endian) access to byte buffers.
//
// The reader never reads past its end: every read reports whether the bytes were there, so a
// decoder fed any byte string can answer with an error naming the offset instead of reading
// out of bounds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace rtclab::net {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

class ByteReader {
public:
    explicit ByteReader(ByteView data) : data_(data) {}

    std::size_t offset() const { return pos_; }
    std::size_t remaining() const { return data_.size() - pos_; }
    bool empty() const { return pos_ == data_.size(); }

    std::optional<std::uint8_t> u8();
    std::optional<std::uint16_t> u16();
    std::optional<std::uint32_t> u32();
    std::optional<std::uint64_t> u64();
    // The next n bytes as a view into the input, or nullopt when fewer remain.
    std::optional<ByteView> bytes(std::size_t n);
    bool skip(std::size_t n);

private:
    ByteView data_;
    std::size_t pos_ = 0;
};

class ByteWriter {
public:
    ByteWriter() = default;
    explicit ByteWriter(Bytes& out) : out_(&out) {}

    void u8(std::uint8_t v) { buf().push_back(v); }
    void u16(std::uint16_t v);
    void u32(std::uint32_t v);
    void u64(std::uint64_t v);
    void bytes(ByteView v);
    void zeros(std::size_t n);
    // Overwrite two bytes already written, e.g. a length field known only at the end.
    void patch_u16(std::size_t at, std::uint16_t v);
    void patch_u32(std::size_t at, std::uint32_t v);

    std::size_t size() const { return out_ ? out_->size() : own_.size(); }
    Bytes& buf() { return out_ ? *out_ : own_; }
    Bytes take() { return std::move(buf()); }

private:
    Bytes own_;
    Bytes* out_ = nullptr;
};

// Network-order helpers for code that works on raw buffers.
inline std::uint16_t load_u16(const std::uint8_t* p) {
    return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
inline std::uint32_t load_u32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}
inline void store_u16(std::uint8_t* p, std::uint16_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
inline void store_u32(std::uint8_t* p, std::uint32_t v) {
    p[0] = static_cast<std::uint8_t>(v >> 24);
    p[1] = static_cast<std::uint8_t>(v >> 16);
    p[2] = static_cast<std::uint8_t>(v >> 8);
    p[3] = static_cast<std::uint8_t>(v);
}

}  // namespace rtclab::net
