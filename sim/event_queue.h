// EventQueue: what happens next in the world, ordered by (virtual time, sequence number).
//
// The sequence number breaks ties in insertion order, so two things scheduled for the same
// microsecond always happen in the same order: the run is a pure function of the scenario and
// the seed. Entries are small plain structs (no heap allocation per event); their payloads
// (datagrams) live in the world's pool and are referred to by index.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "net/core/time.h"

namespace rtclab::sim {

enum class WorldEventType : std::uint8_t {
    kHopArrival,   // a datagram arrives at the far end of a hop (a = datagram slot)
    kHostTimer,    // an app's timer (a = app index)
    kScriptStep,   // the scenario's script (a = step index)
    kNatExpiry,    // a NAT mapping may have expired (a = NAT index, b = mapping slot)
};

struct WorldEvent {
    net::Instant at;
    std::uint64_t seq = 0;
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    std::uint32_t c = 0;
    WorldEventType type = WorldEventType::kHopArrival;
};

// The queue: a few FIFO runs plus a binary min-heap, all ordered by (at, seq).
//
// Most events are scheduled "now + a link's latency": for one link those times never
// decrease, so they can be appended to a FIFO run in O(1) instead of sifting through a heap.
// An event goes to the first run whose last key is not greater than its own, else to the heap;
// pop takes the smallest of the runs' fronts and the heap's top. The order is exactly
// (at, seq) either way — the runs only make the common case cheap.
class EventQueue {
public:
    void push(net::Instant at, WorldEventType type, std::uint32_t a = 0, std::uint32_t b = 0,
              std::uint32_t c = 0) {
        const WorldEvent e{at, next_seq_++, a, b, c, type};
        const Key k = key(e);
        for (Run& run : runs_) {
            if (run.empty() || run.back_key <= k) {
                run.push(e, k);
                ++size_;
                return;
            }
        }
        heap_.push_back(e);
        sift_up(heap_.size() - 1);
        ++size_;
    }
    bool empty() const { return size_ == 0; }
    std::size_t size() const { return size_; }
    const WorldEvent& top() const {
        const int from = source_of_min();
        return from < 0 ? heap_.front() : runs_[static_cast<std::size_t>(from)].front();
    }
    // Removes and returns the earliest event.
    WorldEvent pop() {
        --size_;
        const int from = source_of_min();
        if (from >= 0) return runs_[static_cast<std::size_t>(from)].pop();
        WorldEvent first = heap_.front();
        const WorldEvent last = heap_.back();
        heap_.pop_back();
        if (!heap_.empty()) sift_down_from_root(last);
        return first;
    }

private:
    using Key = unsigned __int128;
    static Key key(const WorldEvent& e) {
        // Flipping the sign bit orders signed times correctly as unsigned numbers.
        const auto t = static_cast<std::uint64_t>(e.at.us) ^ (std::uint64_t{1} << 63);
        return (static_cast<Key>(t) << 64) | e.seq;
    }

    // A FIFO ring buffer of events whose keys never decrease.
    struct Run {
        std::vector<WorldEvent> ring = std::vector<WorldEvent>(64);
        std::size_t head = 0, count = 0;
        Key back_key = 0;
        bool empty() const { return count == 0; }
        const WorldEvent& front() const { return ring[head]; }
        void push(const WorldEvent& e, Key k) {
            if (count == ring.size()) grow();
            ring[(head + count) & (ring.size() - 1)] = e;
            ++count;
            back_key = k;
        }
        WorldEvent pop() {
            const WorldEvent e = ring[head];
            head = (head + 1) & (ring.size() - 1);
            --count;
            return e;
        }
        void grow() {
            std::vector<WorldEvent> bigger(ring.size() * 2);
            for (std::size_t i = 0; i < count; ++i) bigger[i] = ring[(head + i) & (ring.size() - 1)];
            ring.swap(bigger);
            head = 0;
        }
    };

    // -1 for the heap, else the index of the run holding the smallest key.
    int source_of_min() const {
        int best = -1;
        Key best_key = 0;
        if (!heap_.empty()) best_key = key(heap_.front());
        for (std::size_t i = 0; i < runs_.size(); ++i) {
            if (runs_[i].empty()) continue;
            const Key k = key(runs_[i].front());
            if ((best == -1 && heap_.empty()) || k < best_key) {
                best = static_cast<int>(i);
                best_key = k;
            }
        }
        return best;
    }
    void sift_up(std::size_t i) {
        const WorldEvent moving = heap_[i];
        const Key k = key(moving);
        while (i > 0) {
            const std::size_t parent = (i - 1) / 2;
            if (key(heap_[parent]) <= k) break;
            heap_[i] = heap_[parent];
            i = parent;
        }
        heap_[i] = moving;
    }
    // Places `moving` starting from the root (the root's old element is gone).
    void sift_down_from_root(const WorldEvent& moving) {
        const std::size_t n = heap_.size();
        const Key k = key(moving);
        std::size_t i = 0;
        for (;;) {
            std::size_t child = 2 * i + 1;
            if (child >= n) break;
            if (child + 1 < n && key(heap_[child + 1]) < key(heap_[child])) ++child;
            if (k <= key(heap_[child])) break;
            heap_[i] = heap_[child];
            i = child;
        }
        heap_[i] = moving;
    }

    std::array<Run, 4> runs_;
    std::vector<WorldEvent> heap_;
    std::size_t size_ = 0;
    std::uint64_t next_seq_ = 0;
};

}  // namespace rtclab::sim
