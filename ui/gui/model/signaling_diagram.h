// SignalingDiagram: webrtc-pc's signaling state machine (RTCSignalingState) as a diagram — the
// six states at fixed places, the edges labelled with the API calls that take them (derived from
// net/jsep's transition table, so the picture is the machine the stack runs), the state at the
// cursor lit and the last transition marked. Geometry is computed here, without GL, so that tests
// can check what the peer inspector draws.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trace.h"
#include "ui/gui/model/rect.h"

namespace rtclab::gui {

// The states, in the order of the diagram's nodes.
namespace sig {
inline constexpr int kStable = 0;
inline constexpr int kHaveLocalOffer = 1;
inline constexpr int kHaveRemoteOffer = 2;
inline constexpr int kHaveLocalPranswer = 3;
inline constexpr int kHaveRemotePranswer = 4;
inline constexpr int kClosed = 5;
inline constexpr int kCount = 6;
}  // namespace sig

// "stable", "have-local-offer", ... (the W3C spelling); -1 / nullptr for what is not a state.
const char* signaling_state_name(int state);
int signaling_state_index(std::string_view name);

// An edge of the state machine between two different states, with every call that takes it,
// in the short form of the W3C figure: "setLocal(offer)", "setRemote(rollback)".
struct SignalingEdge {
    int from = 0, to = 0;
    std::vector<std::string> calls;
    // What the diagram writes beside the edge: the calls, with the rollbacks (setLocal(rollback)
    // and setRemote(rollback), whichever net/jsep allows there) as one "rollback" line.
    std::vector<std::string> labels;
};

// Whether a label line of an edge names the call that took it (SignalingTransition::short_call).
bool edge_label_names(const std::string& label, const std::string& short_call);

// The edges net/jsep's next_signaling_state allows between different states (re-offers and
// replaced pranswers keep the state and fire no signalingstatechange: they are not drawn).
// close() leads from any state to closed and is drawn only when it happens.
const std::vector<SignalingEdge>& signaling_edges();
int find_signaling_edge(int from, int to);  // index into signaling_edges(), -1 when there is none

// One change of a peer's signalingState: the event whose state changes set it.
struct SignalingTransition {
    std::ptrdiff_t event = -1;  // -1: none
    int from = -1, to = -1;
    std::string call;           // "setRemoteDescription(offer)", "close()"; the event kind otherwise
    std::string short_call;     // "setRemote(offer)": the edge label it matches ("" when none)
};

// What the diagram shows for one peer at the cursor.
struct SignalingView {
    int lit = -1;               // the state at the cursor
    int previous = -1;          // the state before the last transition; -1 when there was none
    SignalingTransition last;   // the most recent transition at or before the cursor
    bool just_now = false;      // the last transition is the cursor's own event
    // The states the last transition went through: {from, to}, or {from, stable, to} for an
    // implicit rollback (an offer received in have-local-offer, webrtc-pc setRemoteDescription
    // step 3.1), whose one event changes the state twice.
    std::vector<int> hops;
    // In words, for the line under the diagram (and for students who do not tell colours
    // apart): "last: stable → have-remote-offer by setRemoteDescription(offer), event 31".
    std::string summary;
};

// Every peer's signalingState changes, indexed once when a trace opens (one pass over the API
// events), so that moving the cursor finds the last transition by binary search.
class SignalingHistory {
public:
    SignalingHistory() = default;
    explicit SignalingHistory(const sim::Trace& trace);

    // The view of `peer` at step `cursor` (kStart = -1), whose signalingState there is `state`.
    SignalingView at(std::string_view peer, std::ptrdiff_t cursor, std::string_view state) const;
    const std::vector<SignalingTransition>& transitions(std::string_view peer) const;

private:
    std::map<std::string, std::vector<SignalingTransition>, std::less<>> by_peer_;
};

// --- geometry --------------------------------------------------------------------------------

struct DiagramPoint {
    float x = 0, y = 0;
};

struct DiagramEdgeGeometry {
    int edge = -1;               // index into signaling_edges(); -1: drawn only for a transition
    int from = 0, to = 0;
    std::vector<DiagramPoint> points;   // the line, from the border of `from` to the border of `to`
    DiagramPoint head[3];               // the arrowhead at the end
    DiagramPoint label;                 // where the label is anchored, and how it sits on the anchor:
    float align_x = 0.5f;        // 0 the label starts at the anchor, 1 it ends there
    float align_y = 0.5f;        // 0 it hangs below the anchor, 1 it stands on it
};

struct SignalingDiagramGeometry {
    Rect canvas;
    float font_px = 16;          // the diagram's text size (smaller than the UI font on a small canvas)
    Rect nodes[sig::kCount];
    std::vector<DiagramEdgeGeometry> edges;  // parallel to signaling_edges()
};

// Places the nodes (centres at fixed fractions of the canvas, sizes from the font) and routes
// the edges. `font_px` is the UI font size; the diagram shrinks its text if the canvas is narrow.
SignalingDiagramGeometry layout_signaling_diagram(const Rect& canvas, float font_px);

// The edges that mark a transition's hops: the table's edge for each hop, or a straight edge
// (close(), or a jump the table does not have) labelled with nothing.
std::vector<DiagramEdgeGeometry> transition_edges(const SignalingDiagramGeometry& g, const std::vector<int>& hops);

}  // namespace rtclab::gui
