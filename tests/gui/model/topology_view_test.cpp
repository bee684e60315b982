#include "ui/gui/model/topology_view.h"

#include <catch2/catch.hpp>
#include <sstream>

#include "session_fixture.h"
#include "sim/trace_format.h"
#include "sim/trace_jsonl.h"
#include "ui/gui/model/screen_layout.h"

using namespace rtclab::gui;
namespace sim = rtclab::sim;
using rtclab::gui::test::find_event;
using rtclab::gui::test::open_classroom;

namespace {

int node_named(const TopologyGraph& g, const std::string& name) {
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
        if (g.nodes[i].name == name) return static_cast<int>(i);
    return -1;
}

std::string detail_string(const Session& s, std::ptrdiff_t event, const char* key) {
    const auto d = sim::event_detail(s.trace(), static_cast<std::size_t>(event));
    return d.contains(key) && d[key].is_string() ? d[key].get<std::string>() : std::string();
}

const TableLine& lit_line(const TopologyAtCursor& at) {
    REQUIRE(at.lit_line >= 0);
    REQUIRE(static_cast<std::size_t>(at.lit_line) < at.lines.size());
    return at.lines[static_cast<std::size_t>(at.lit_line)];
}

Rect topology_rect_at(float w, float h, const Session& s) { return make_screen_layout(w, h, 1.0f, s.peers().size()).topology; }

}  // namespace

TEST_CASE("RFC 3489 names follow from the RFC 4787 behaviours", "[gui][topology]") {
    const std::string ei = "endpoint-independent", ad = "address-dependent", apd = "address-and-port-dependent";
    CHECK(rfc3489_name(ei, ei, true) == "full cone");
    CHECK(rfc3489_name(ei, ad, true) == "restricted cone");
    CHECK(rfc3489_name(ei, apd, true) == "port-restricted cone");
    CHECK(rfc3489_name(apd, apd, true) == "symmetric");
    CHECK(rfc3489_name(ad, ad, true) == "symmetric");
    CHECK(rfc3489_name(apd, ei, true) == "no RFC 3489 name");
    CHECK(rfc3489_name(ei, apd, false) == "open");
    CHECK(rfc3489_name("sideways", apd, true) == "no RFC 3489 name");
}

TEST_CASE("the classroom's NATs are labelled with both names", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const TopologyGraph& g = s->topology().graph();
    REQUIRE(g.nats.size() == 2);
    const NatDescription& a = g.nats[static_cast<std::size_t>(g.nat_named("nat-a"))];
    const NatDescription& b = g.nats[static_cast<std::size_t>(g.nat_named("nat-b"))];
    CHECK(a.label == "NAT A");
    CHECK(a.rfc3489 == "port-restricted cone");
    CHECK(a.mapping == "endpoint-independent");
    CHECK(a.filtering == "address-and-port-dependent");
    CHECK(a.outside == "203.0.113.10");
    CHECK(b.label == "NAT B");
    CHECK(b.rfc3489 == "symmetric");
    CHECK(b.mapping == "address-and-port-dependent");
    CHECK(b.filtering == "address-and-port-dependent");

    // The table lines carry both: the RFC 3489 name in each NAT's header, the RFC 4787
    // behaviours as the headings of its two tables.
    const auto& lines = s->topology().at_cursor().lines;
    std::vector<std::string> headers, headings;
    for (const auto& l : lines) {
        if (l.kind == TableLineKind::kNatHeader) headers.push_back(l.text);
        if (l.kind == TableLineKind::kMappingHeading || l.kind == TableLineKind::kFilterHeading) headings.push_back(l.text);
    }
    CHECK(headers == std::vector<std::string>{"NAT A — port-restricted cone (RFC 3489)", "NAT B — symmetric (RFC 3489)"});
    CHECK(headings == std::vector<std::string>{"mapping: endpoint-independent (RFC 4787 §4.1)",
                                               "filtering: address-and-port-dependent (§5)",
                                               "mapping: address-and-port-dependent (RFC 4787 §4.1)",
                                               "filtering: address-and-port-dependent (§5)"});
}

TEST_CASE("at start the tables are empty and nothing is lit or moving", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const TopologyAtCursor& at = s->topology().at_cursor();
    CHECK(at.cursor == Session::kStart);
    CHECK(at.lit_line == -1);
    CHECK_FALSE(at.packet.active);
    CHECK(at.status.empty());
    for (const NatTables& t : at.tables) {
        CHECK(t.mappings.empty());
        CHECK(t.filters.empty());
    }
    std::size_t empties = 0;
    for (const auto& l : at.lines) empties += l.kind == TableLineKind::kEmpty ? 1 : 0;
    CHECK(empties == 4);  // two tables per NAT, each "none yet"
}

TEST_CASE("the graph is placed from the header, in the sequence diagram's lane order", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const TopologyGraph& g = s->topology().graph();
    for (const char* name : {"internet", "home-a", "home-b", "nat-a", "nat-b", "alice", "bob", "stun", "signal", "turn"}) {
        INFO(name);
        CHECK(node_named(g, name) >= 0);
    }
    CHECK(g.max_depth == 1);
    const Rect area = topology_rect_at(1280, 800, *s);
    const TopologyPlacement p = place_topology(g, area, 1.0f);
    const auto box = [&](const char* name) { return p.boxes[static_cast<std::size_t>(node_named(g, name))]; };
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        INFO(g.nodes[i].name);
        const Rect& b = p.boxes[i];
        CHECK_FALSE(b.empty());
        CHECK(b.x >= p.graph.x);
        CHECK(b.right() <= p.graph.right());
        CHECK(b.y >= p.graph.y);
        CHECK(b.bottom() <= p.graph.bottom());
    }
    // Left to right as the lanes: NAT A, STUN, signaling, TURN, NAT B.
    CHECK(box("nat-a").right() <= box("stun").x);
    CHECK(box("stun").right() <= box("signal").x);
    CHECK(box("signal").right() <= box("turn").x);
    CHECK(box("turn").right() <= box("nat-b").x);
    // The internet on top, each NAT under it, its home network under the NAT, the host under that.
    CHECK(box("internet").bottom() < box("nat-a").y);
    CHECK(box("nat-a").bottom() < box("home-a").y);
    CHECK(box("home-a").bottom() < box("alice").y);
    CHECK(box("alice").x >= box("home-a").x);
    CHECK(box("alice").right() <= box("home-a").right());
    CHECK(box("bob").x >= box("home-b").x);
    // The tables get the space under the graph and the status lines.
    CHECK(p.status.y >= p.graph.bottom());
    CHECK(p.tables.y >= p.status.bottom());
    CHECK(p.tables.bottom() <= area.bottom());
    CHECK(p.visible_lines() >= 5);
    // Deterministic for a rectangle; the view's cache gives the same.
    const TopologyPlacement again = place_topology(g, area, 1.0f);
    for (std::size_t i = 0; i < g.nodes.size(); ++i) {
        CHECK(again.boxes[i].x == p.boxes[i].x);
        CHECK(again.boxes[i].y == p.boxes[i].y);
        CHECK(s->topology().placement(area, 1.0f).boxes[i].w == p.boxes[i].w);
    }
}

TEST_CASE("the first nat.mapping.created lights the new mapping and its filter entry", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto created = find_event(*s, "nat.mapping.created", "");
    REQUIRE(created >= 0);
    const std::string internal = detail_string(*s, created, "internal");
    const std::string external = detail_string(*s, created, "external");
    const std::string remote = detail_string(*s, created, "remote");
    CHECK(detail_string(*s, created, "nat") == "nat-a");  // Alice gathers first

    // Just before it, NAT A has no mapping.
    s->set_cursor(created - 1);
    const int nat_a = s->topology().graph().nat_named("nat-a");
    CHECK(s->topology().at_cursor().tables[static_cast<std::size_t>(nat_a)].mappings.empty());

    s->set_cursor(created);
    const TopologyAtCursor& at = s->topology().at_cursor();
    CHECK(at.event_nat == nat_a);
    const NatTables& t = at.tables[static_cast<std::size_t>(nat_a)];
    REQUIRE(t.mappings.size() == 1);
    CHECK(t.mappings[0].text == internal + " ⇄ " + external);
    CHECK(t.mappings[0].lit);
    REQUIRE(t.filters.size() == 1);
    // Port-restricted: the filter names the STUN server's address and port.
    CHECK(t.filters[0].text == external + " ← " + remote);
    CHECK(remote == "203.0.113.1:3478");
    CHECK(at.lit_entries(nat_a) == std::vector<std::string>{internal + " ⇄ " + external, external + " ← " + remote});
    // The line kept on screen is the mapping (what an outbound packet hits).
    const TableLine& lit = lit_line(at);
    CHECK(lit.kind == TableLineKind::kMapping);
    CHECK(lit.nat == nat_a);
    CHECK(lit.text == internal + " ⇄ " + external);
    CHECK_FALSE(at.lit_missing);
    CHECK(at.status_kind == StatusKind::kNat);
    CHECK(at.status.rfind("NAT A: new mapping ", 0) == 0);
    CHECK(at.drop_message.empty());

    // One step on, the entry is still there but no longer lit.
    s->set_cursor(created + 1);
    const auto after = s->topology().at_cursor().lit_entries(nat_a);
    CHECK(std::find(after.begin(), after.end(), internal + " ⇄ " + external) == after.end());
}

TEST_CASE("the symmetric NAT makes one mapping per destination", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto first_b = find_event(*s, "nat.mapping.created", "new mapping 192.168.1.20");
    REQUIRE(first_b >= 0);
    // The next mapping NAT B creates, for Bob's second destination.
    std::ptrdiff_t second_b = -1;
    for (auto i = first_b + 1; i < static_cast<std::ptrdiff_t>(s->event_count()); ++i) {
        if (sim::event_kind(s->trace(), static_cast<std::size_t>(i)) == "nat.mapping.created" &&
            detail_string(*s, i, "nat") == "nat-b") {
            second_b = i;
            break;
        }
    }
    REQUIRE(second_b > first_b);
    s->set_cursor(second_b);
    const int nat_b = s->topology().graph().nat_named("nat-b");
    const NatTables& t = s->topology().at_cursor().tables[static_cast<std::size_t>(nat_b)];
    REQUIRE(t.mappings.size() == 2);
    CHECK(t.mappings[0].internal == t.mappings[1].internal);  // same inside endpoint
    CHECK(t.mappings[0].external != t.mappings[1].external);  // a new outside port
    // Only the new one is lit, and it is specific to Bob's second destination.
    CHECK(t.mappings[0].lit != t.mappings[1].lit);
    const NatEntry& lit = t.mappings[0].lit ? t.mappings[0] : t.mappings[1];
    CHECK(lit.remote == detail_string(*s, second_b, "remote"));
    CHECK(lit.external == detail_string(*s, second_b, "external"));
}

TEST_CASE("nat.inbound lights the filter entry that let the packet in", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto inbound = find_event(*s, "nat.inbound", "");
    REQUIRE(inbound >= 0);
    s->set_cursor(inbound);
    const TopologyAtCursor& at = s->topology().at_cursor();
    const int nat = s->topology().graph().nat_named(detail_string(*s, inbound, "nat"));
    REQUIRE(nat >= 0);
    CHECK(at.event_nat == nat);
    const std::string external = detail_string(*s, inbound, "external");
    const std::string remote = detail_string(*s, inbound, "remote");
    const TableLine& lit = lit_line(at);
    CHECK(lit.kind == TableLineKind::kFilter);
    CHECK(lit.text == external + " ← " + remote);
    CHECK_FALSE(at.lit_missing);
    // The mapping that carried it inside is lit too.
    CHECK(at.lit_entries(nat) ==
          std::vector<std::string>{detail_string(*s, inbound, "internal") + " ⇄ " + external, external + " ← " + remote});
}

TEST_CASE("a dropped packet says why and shows the filter entry it lacked", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto drop = find_event(*s, "nat.drop", "");
    REQUIRE(drop >= 0);
    const std::string remote = detail_string(*s, drop, "remote");
    const std::string external = detail_string(*s, drop, "external");
    CHECK(detail_string(*s, drop, "reason") == "address-and-port-dependent filtering");
    s->set_cursor(drop);
    const TopologyAtCursor& at = s->topology().at_cursor();
    const int nat = s->topology().graph().nat_named(detail_string(*s, drop, "nat"));
    REQUIRE(nat >= 0);
    CHECK(at.event_nat == nat);
    CHECK(at.status_kind == StatusKind::kDrop);
    CHECK(at.drop_message == "address-and-port-dependent filtering: no mapping permits " + remote);
    CHECK(at.status == s->topology().graph().nats[static_cast<std::size_t>(nat)].label + " drops it: " + at.drop_message);
    // Nothing in the tables permitted it: the line kept on screen is the entry that was missing.
    CHECK(at.lit_entries(nat).empty());
    CHECK(at.lit_missing);
    const TableLine& lit = lit_line(at);
    CHECK(lit.kind == TableLineKind::kFilter);
    CHECK(lit.text == "no " + external + " ← " + remote);
    // The real filter entries of that mapping do not include the remote.
    for (const NatEntry& f : at.tables[static_cast<std::size_t>(nat)].filters) {
        if (!f.missing) CHECK(f.remote != remote);
    }
}

TEST_CASE("a packet at the cursor moves along its link from source to destination", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const TopologyGraph& g = s->topology().graph();
    const Rect area = topology_rect_at(1280, 800, *s);
    const auto out = find_event(*s, "packet.stun", "Binding request  192.168.1.10");
    REQUIRE(out >= 0);
    s->set_cursor(out);
    const TopologyAtCursor& at = s->topology().at_cursor();
    REQUIRE(at.packet.active);
    CHECK(at.packet.from == node_named(g, "alice"));
    CHECK(at.packet.to == node_named(g, "nat-a"));
    CHECK(at.packet.network == node_named(g, "home-a"));
    CHECK_FALSE(at.packet.lost);
    CHECK(at.status_kind == StatusKind::kPacket);
    CHECK(at.status.find("on home-a") != std::string::npos);

    const TopologyPlacement& p = s->topology().placement(area, 1.0f);
    const PacketPath path = p.path(at.packet);
    REQUIRE(path.count == 4);
    const Rect& alice = p.boxes[static_cast<std::size_t>(at.packet.from)];
    const Rect& nat_a = p.boxes[static_cast<std::size_t>(at.packet.to)];
    const Point start = path.at(0.0f), end = path.at(1.0f), mid = path.at(0.5f);
    CHECK(start.y == Approx(alice.y));  // out of Alice's box, up to her home network
    CHECK(end.y == Approx(nat_a.bottom()));  // into the NAT from inside
    CHECK(mid.y > nat_a.bottom());
    CHECK(mid.y < alice.y);
    // Paused, the dot rests on the way out of Alice's box, under her home network's bar.
    const Rect& home_a = p.boxes[static_cast<std::size_t>(at.packet.network)];
    CHECK(path.resting().y > home_a.bottom());
    CHECK(path.resting().y < alice.y);

    // The translated packet continues on the internet from NAT A to the STUN server.
    const auto hop2 = find_event(*s, "packet.stun", "Binding request  203.0.113.10");
    REQUIRE(hop2 > out);
    s->set_cursor(hop2);
    const PacketMove& m = s->topology().at_cursor().packet;
    CHECK(m.from == node_named(g, "nat-a"));
    CHECK(m.to == node_named(g, "stun"));
    CHECK(m.network == node_named(g, "internet"));
    const PacketPath p2 = s->topology().placement(area, 1.0f).path(m);
    REQUIRE(p2.count == 4);
    CHECK(p2.at(0.0f).y == Approx(nat_a.y));  // out of the NAT's top, its outside
    // Paused, it rests halfway between NAT A and the STUN server, just under the internet's bar.
    const Rect& internet = p.boxes[static_cast<std::size_t>(m.network)];
    const Rect& stun = p.boxes[static_cast<std::size_t>(m.to)];
    CHECK(p2.resting().x > nat_a.right() - nat_a.w / 2);
    CHECK(p2.resting().x < stun.x + stun.w / 2);
    CHECK(p2.resting().y > internet.bottom());
    CHECK(p2.resting().y < stun.y);
}

TEST_CASE("every lit entry in the classroom run is on screen at 1280x800", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const Rect area = topology_rect_at(1280, 800, *s);
    std::size_t nat_events = 0;
    for (std::size_t i = 0; i < s->event_count(); ++i) {
        const std::string kind = sim::event_kind(s->trace(), i);
        if (kind.rfind("nat.", 0) != 0) continue;
        s->set_cursor(static_cast<std::ptrdiff_t>(i));
        const TopologyAtCursor& at = s->topology().at_cursor();
        INFO("event " << i << " " << kind);
        REQUIRE(at.lit_line >= 0);
        Rect r;
        REQUIRE(s->topology().lit_line_rect(area, 1.0f, r));
        const TopologyPlacement& p = s->topology().placement(area, 1.0f);
        CHECK(r.y >= p.tables.y);
        CHECK(r.bottom() <= p.tables.bottom() + 0.5f);
        ++nat_events;
    }
    CHECK(nat_events > 50);
}

TEST_CASE("stepping to a cursor and jumping to it give the same topology view", "[gui][topology]") {
    auto s = open_classroom();
    REQUIRE(s);
    const auto drop = find_event(*s, "nat.drop", "");
    REQUIRE(drop > 10);
    s->set_cursor(drop - 10);
    for (int k = 0; k < 10; ++k) s->set_cursor(s->cursor() + 1);
    const TopologyAtCursor stepped = s->topology().at_cursor();
    s->set_cursor(Session::kStart);
    s->set_cursor(drop);
    const TopologyAtCursor& jumped = s->topology().at_cursor();
    REQUIRE(stepped.lines.size() == jumped.lines.size());
    for (std::size_t i = 0; i < jumped.lines.size(); ++i) CHECK(stepped.lines[i].text == jumped.lines[i].text);
    CHECK(stepped.lit_line == jumped.lit_line);
    CHECK(stepped.drop_message == jumped.drop_message);
    CHECK(first_table_line(stepped, 6) == first_table_line(jumped, 6));
}

TEST_CASE("a recorded trace replays to the same topology view as the run", "[gui][topology]") {
    auto run = open_classroom();
    REQUIRE(run);
    std::stringstream file;
    sim::write_trace_jsonl(run->trace(), file);
    auto read = sim::read_trace_jsonl(file, "classroom.jsonl");
    REQUIRE(read.ok());
    Session replay(std::move(read).value());
    REQUIRE(replay.topology().graph().nodes.size() == run->topology().graph().nodes.size());
    for (const char* kind : {"nat.mapping.created", "nat.inbound", "nat.drop", "packet.stun", "nat.mapping.refreshed"}) {
        const auto e = find_event(*run, kind, "");
        REQUIRE(e >= 0);
        run->set_cursor(e);
        replay.set_cursor(e);
        const TopologyAtCursor& a = run->topology().at_cursor();
        const TopologyAtCursor& b = replay.topology().at_cursor();
        INFO(kind);
        REQUIRE(a.lines.size() == b.lines.size());
        for (std::size_t i = 0; i < a.lines.size(); ++i) CHECK(a.lines[i].text == b.lines[i].text);
        CHECK(a.lit_line == b.lit_line);
        CHECK(a.lit_missing == b.lit_missing);
        CHECK(a.event_nat == b.event_nat);
        CHECK(a.drop_message == b.drop_message);
        CHECK(a.status == b.status);
        CHECK(a.packet.active == b.packet.active);
        CHECK(a.packet.from == b.packet.from);
        CHECK(a.packet.to == b.packet.to);
        CHECK(a.packet.network == b.packet.network);
    }
}

TEST_CASE("an expired mapping and a drop for want of a mapping show as missing entries", "[gui][topology]") {
    // A full-cone NAT (endpoint-independent mapping and filtering), written by hand: a mapping
    // is made, lets a stranger in (filter "*"), expires, and the next inbound packet is dropped.
    const std::string trace_text = R"trace({"rtclab_trace": 1, "scenario": "by-hand", "events": 4,
 "lanes": [{"id": "h.agent", "label": "H (agent)", "kind": "agent"}, {"id": "nat-x", "label": "NAT X", "kind": "nat"}],
 "topology": {"name": "one-home", "networks": [
   {"name": "internet", "cidr": "0.0.0.0/0", "parent": null},
   {"name": "home", "cidr": "10.0.0.0/24", "parent": "internet",
    "nat": {"name": "nat-x", "preset": "full-cone", "translates": true, "outside": "203.0.113.9",
            "mapping": "endpoint-independent", "filtering": "endpoint-independent"}}],
  "hosts": [{"name": "h", "label": "H", "network": "home", "address": "10.0.0.2", "role": "peer", "lane": "h.agent"}]},
 "initial_state": {"nats": {"nat-x": {"mappings": {}, "filters": {}}}}}
{"seq": 0, "t_us": 10, "kind": "nat.mapping.created", "lanes": ["nat-x"], "summary": "new mapping",
 "detail": {"nat": "nat-x", "internal": "10.0.0.2:4000", "external": "203.0.113.9:4000", "remote": "198.51.100.1:3478",
            "mapping": "203.0.113.9:4000", "filter": "203.0.113.9:4000 from *"},
 "changes": [{"path": "/nats/nat-x/mappings/203.0.113.9:4000", "value": {"internal": "10.0.0.2:4000", "external": "203.0.113.9:4000", "remote": null, "created_us": 10, "expires_us": 1000}},
             {"path": "/nats/nat-x/filters/203.0.113.9:4000 from *", "value": {"mapping": "203.0.113.9:4000", "remote": "*"}}]}
{"seq": 1, "t_us": 20, "kind": "nat.inbound", "lanes": ["nat-x"], "summary": "allowed",
 "detail": {"nat": "nat-x", "internal": "10.0.0.2:4000", "external": "203.0.113.9:4000", "remote": "192.0.2.7:9",
            "mapping": "203.0.113.9:4000", "filter": "203.0.113.9:4000 from *"}, "changes": []}
{"seq": 2, "t_us": 1000, "kind": "nat.mapping.expired", "lanes": ["nat-x"], "summary": "expired",
 "detail": {"nat": "nat-x", "internal": "10.0.0.2:4000", "external": "203.0.113.9:4000", "created_us": 10},
 "changes": [{"path": "/nats/nat-x/mappings/203.0.113.9:4000", "remove": true},
             {"path": "/nats/nat-x/filters/203.0.113.9:4000 from *", "remove": true}]}
{"seq": 3, "t_us": 1100, "kind": "nat.drop", "lanes": ["nat-x"], "summary": "drop",
 "detail": {"nat": "nat-x", "external": "203.0.113.9:4000", "remote": "192.0.2.7:9", "reason": "no mapping"}, "changes": []}
)trace";
    // The reader takes one event per line: fold the pretty-printed records onto single lines.
    std::string lines;
    for (std::size_t i = 0; i < trace_text.size(); ++i) {
        if (trace_text[i] == '\n' && i + 1 < trace_text.size() && trace_text[i + 1] != '{') continue;
        lines += trace_text[i];
    }
    std::istringstream in(lines);
    auto read = sim::read_trace_jsonl(in, "by-hand.jsonl");
    INFO((read.ok() ? std::string() : read.error().describe()));
    REQUIRE(read.ok());
    Session s(std::move(read).value());
    const TopologyGraph& g = s.topology().graph();
    REQUIRE(g.nats.size() == 1);
    CHECK(g.nats[0].rfc3489 == "full cone");

    s.set_cursor(1);  // endpoint-independent filtering: anyone may send in
    CHECK(lit_line(s.topology().at_cursor()).text == "203.0.113.9:4000 ← anyone (*)");
    CHECK(lit_line(s.topology().at_cursor()).kind == TableLineKind::kFilter);

    s.set_cursor(2);  // the mapping is gone from the table, shown once as expired
    const TopologyAtCursor& expired = s.topology().at_cursor();
    CHECK(expired.lit_missing);
    CHECK(lit_line(expired).text == "10.0.0.2:4000 ⇄ 203.0.113.9:4000  expired");
    CHECK(expired.tables[0].mappings.size() == 1);  // only the missing one
    CHECK(expired.tables[0].filters.empty());

    s.set_cursor(3);
    const TopologyAtCursor& drop = s.topology().at_cursor();
    CHECK(drop.status_kind == StatusKind::kDrop);
    CHECK(drop.drop_message == "no mapping: nothing inside has sent from 203.0.113.9:4000");
    CHECK(drop.status == "NAT X drops it: no mapping: nothing inside has sent from 203.0.113.9:4000");
    CHECK(lit_line(drop).text == "no mapping ⇄ 203.0.113.9:4000");
    CHECK(lit_line(drop).kind == TableLineKind::kMapping);
    CHECK(drop.lit_missing);
}
