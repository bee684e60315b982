// Tests for sim/event_queue: pops in (time, sequence) order, whichever inner list holds an event.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "net/core/rng.h"
#include "sim/event_queue.h"

using namespace rtclab;
using namespace rtclab::sim;

TEST_CASE("the event queue pops in (time, sequence) order", "[world][queue]") {
    net::Rng rng(5);
    EventQueue q;
    struct Ref {
        std::int64_t t;
        std::uint32_t id;
    };
    std::vector<Ref> pushed;
    std::vector<Ref> popped;
    std::int64_t now = 0;
    std::uint32_t next_id = 0;
    // Interleave pushes (constant delays that fill the FIFO runs, jittered ones that go to the
    // heap, and times equal to now) with pops, as the world does.
    for (int round = 0; round < 2000; ++round) {
        const int pushes = static_cast<int>(rng.below(4));
        for (int i = 0; i < pushes; ++i) {
            std::int64_t delay = 0;
            switch (rng.below(4)) {
                case 0: delay = 1000; break;
                case 1: delay = 20000; break;
                case 2: delay = 20000 + rng.between(0, 3000); break;
                default: delay = 0; break;
            }
            q.push(net::Instant{now + delay}, WorldEventType::kHostTimer, next_id);
            pushed.push_back(Ref{now + delay, next_id++});
        }
        if (!q.empty() && rng.chance(0.6)) {
            const WorldEvent e = q.pop();
            REQUIRE(e.at.us >= now);
            now = e.at.us;
            popped.push_back(Ref{e.at.us, e.a});
        }
    }
    while (!q.empty()) {
        const WorldEvent e = q.pop();
        popped.push_back(Ref{e.at.us, e.a});
    }
    REQUIRE(popped.size() == pushed.size());
    // Equal times come out in push order (ids were handed out in push order).
    for (std::size_t i = 1; i < popped.size(); ++i) {
        const bool ordered = popped[i - 1].t < popped[i].t ||
                             (popped[i - 1].t == popped[i].t && popped[i - 1].id < popped[i].id);
        REQUIRE(ordered);
    }
}
