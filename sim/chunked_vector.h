// ChunkedVector: an append-only vector stored in fixed-size chunks.
//
// Appending never moves what is already stored (no reallocation copies of a growing trace),
// and indexing stays O(1). The trace keeps its events and payloads in these.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

namespace rtclab::sim {

template <class T, std::size_t kChunk = 4096>
class ChunkedVector {
public:
    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    T& push_back(const T& value) {
        if (size_ == chunks_.size() * kChunk) chunks_.push_back(std::make_unique_for_overwrite<T[]>(kChunk));
        T& slot = chunks_[size_ / kChunk][size_ % kChunk];
        slot = value;
        ++size_;
        return slot;
    }

    const T& operator[](std::size_t i) const { return chunks_[i / kChunk][i % kChunk]; }
    T& operator[](std::size_t i) { return chunks_[i / kChunk][i % kChunk]; }

    void clear() {
        chunks_.clear();
        size_ = 0;
    }

private:
    std::vector<std::unique_ptr<T[]>> chunks_;
    std::size_t size_ = 0;
};

}  // namespace rtclab::sim
