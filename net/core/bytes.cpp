#include "net/core/bytes.h"

namespace rtclab::net {

std::optional<std::uint8_t> ByteReader::u8() {
    if (remaining() < 1) return std::nullopt;
    return data_[pos_++];
}

std::optional<std::uint16_t> ByteReader::u16() {
    if (remaining() < 2) return std::nullopt;
    const auto v = load_u16(data_.data() + pos_);
    pos_ += 2;
    return v;
}

std::optional<std::uint32_t> ByteReader::u32() {
    if (remaining() < 4) return std::nullopt;
    const auto v = load_u32(data_.data() + pos_);
    pos_ += 4;
    return v;
}

std::optional<std::uint64_t> ByteReader::u64() {
    if (remaining() < 8) return std::nullopt;
    const std::uint64_t hi = load_u32(data_.data() + pos_);
    const std::uint64_t lo = load_u32(data_.data() + pos_ + 4);
    pos_ += 8;
    return (hi << 32) | lo;
}

std::optional<ByteView> ByteReader::bytes(std::size_t n) {
    if (remaining() < n) return std::nullopt;
    const ByteView v = data_.subspan(pos_, n);
    pos_ += n;
    return v;
}

bool ByteReader::skip(std::size_t n) {
    if (remaining() < n) return false;
    pos_ += n;
    return true;
}

void ByteWriter::u16(std::uint16_t v) {
    auto& b = buf();
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v));
}

void ByteWriter::u32(std::uint32_t v) {
    auto& b = buf();
    const std::size_t at = b.size();
    b.resize(at + 4);
    store_u32(b.data() + at, v);
}

void ByteWriter::u64(std::uint64_t v) {
    u32(static_cast<std::uint32_t>(v >> 32));
    u32(static_cast<std::uint32_t>(v));
}

void ByteWriter::bytes(ByteView v) { buf().insert(buf().end(), v.begin(), v.end()); }

void ByteWriter::zeros(std::size_t n) { buf().resize(buf().size() + n, 0); }

void ByteWriter::patch_u16(std::size_t at, std::uint16_t v) { store_u16(buf().data() + at, v); }

void ByteWriter::patch_u32(std::size_t at, std::uint32_t v) { store_u32(buf().data() + at, v); }

}  // namespace rtclab::net
