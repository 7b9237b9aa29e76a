"""How fast each explorer answers a control, against a full redraw.

For every explorer of ``nnlib.widgets`` we set its main control to a new
value, as the browser does when a slider is released, and time until
the callback has finished the redraw: the numbers recomputed, the table
rewritten and the picture encoded as PNG (or SVG) into its widget. The
callback runs synchronously when the value is set, so the time of the
assignment is the time from the new value to the finished redraw in
the kernel. Not included: the trip over the websocket and the
browser's paint, which the kernel cannot see.

The peer, measured in the same run and interleaved with ours, is the
straightforward way to redraw: the whole matplotlib figure every time
(no cached background), and for the network explorers
``nnlib.plots.draw_network`` drawn afresh. The ratio ours / peer below
1 means ours is faster. The goal is a median under 50 ms per explorer.

Run with ``make bench-widgets`` (or ``python benchmarks/bench_widgets.py
--repeat 20``). Prints a table; asserts nothing.
"""

import argparse
import io
import os
import platform
import statistics
import time
from contextlib import contextmanager

import numpy as np

from nnlib import plots, widgets

GOAL_MS = 50.0

# explorer, control, two values the control alternates between
CASES = [
    ("forward", widgets.forward_explorer, "W2_11", (0.35, 0.3)),
    ("backward", widgets.backward_explorer, "W1_11", (0.25, 0.2)),
    ("sigmoid", widgets.sigmoid_explorer, "z", (1.5, 0.75)),
    ("learning-rate", widgets.learning_rate_explorer, "eta",
     (1.0, 0.1)),
    ("landscape", widgets.landscape_explorer, "a", (0.5, 0.3)),
    ("gradcheck", widgets.gradcheck_explorer, "h", (1e-3, 1e-5)),
    ("predict", widgets.predict_explorer, "prediction",
     ("0.53", "0.4715")),
]
# a second control where it costs more than the main one
EXTRA = [
    ("learning-rate", widgets.learning_rate_explorer, "steps",
     (200, 50)),
    # a pair's loss grid is computed once, then cached: both costs
    ("landscape", widgets.landscape_explorer, "first",
     ("W1_11", "W2_11")),
    ("landscape*", widgets.landscape_explorer, "first",
     ("W1_11", "W2_11")),
    ("gradcheck", widgets.gradcheck_explorer, "entry",
     ("b2", "W1_11")),
]


@contextmanager
def full_redraws():
    """Within: every BlitFigure redraws everything, as a plain figure."""
    original = widgets.BlitFigure.png

    def png(self):
        self.invalidate()
        return original(self)

    widgets.BlitFigure.png = png
    try:
        yield
    finally:
        widgets.BlitFigure.png = original


def _network_peer(mode):
    """A forward/backward explorer redrawn with matplotlib each time."""
    explorer = widgets.forward_explorer() if mode == "forward" \
        else widgets.backward_explorer()

    def redraw(_change):
        values = {n: c.value for n, c in explorer.controls.items()}
        p, x, t = widgets.network(values)
        ax = plots.draw_network(p, x, t, mode=mode)
        buf = io.BytesIO()
        ax.figure.savefig(buf, format="png", dpi=80)

    for control in explorer.controls.values():
        control.observe(redraw, names="value")
    return explorer


def _time_sets(explorer, control, values, repeat, cold=False):
    """Times (ms) of ``repeat`` assignments alternating two values."""
    widget = explorer.controls[control]
    widget.value = values[0]  # warm: first draws, caches
    widget.value = values[1]
    times = []
    for i in range(repeat):
        if cold:  # as on a pair's first use: no grid, no picture kept
            widgets._GRIDS.clear()
            explorer.figure.forget()
        start = time.perf_counter()
        widget.value = values[i % 2]
        times.append((time.perf_counter() - start) * 1e3)
    return times


def _ours_and_peer(name, make, control, values, repeat):
    cold = name.endswith("*")  # the landscape with its grid uncached
    ours = make()
    if name == "predict":  # no picture, so no full-redraw peer
        return _time_sets(ours, control, values, repeat), None
    if name in ("forward", "backward"):
        peer = _network_peer(name)
    else:
        with full_redraws():
            peer = make()

    def peer_times(n):
        with full_redraws():
            return _time_sets(peer, control, values, n, cold)

    a, b = [], []
    # interleaved in small blocks so load from other processes hits both
    for _ in range(max(1, repeat // 5)):
        a += _time_sets(ours, control, values, 5, cold)
        b += peer_times(5)
    return a, b


def _row(name, control, ours, peer):
    med, p90 = statistics.median(ours), float(np.percentile(ours, 90))
    ok = "yes" if med < GOAL_MS else "NO"
    line = f"{name:<14} {control:<10} {med:8.1f} {p90:8.1f} {ok:>5} "
    if peer is None:
        return line + f"{'-':>9} {'-':>7}"
    peer_med = statistics.median(peer)
    return line + f"{peer_med:9.1f} {med / peer_med:7.2f}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20,
                        help="timed value changes per explorer")
    args = parser.parse_args(argv)

    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    print(f"# nnlib.widgets responsiveness, {platform.python_version()}, "
          f"{platform.machine()}, {os.cpu_count()} cpus, load {load}, "
          f"repeat={args.repeat}")
    print("# ms from a control's new value to the finished redraw "
          "(kernel side)")
    head = (f"{'explorer':<14} {'control':<10} {'median':>8} {'p90':>8} "
            f"{'<50ms':>5} {'peer med':>9} {'ratio':>7}")
    print(head)
    print("-" * len(head))
    for name, make, control, values in CASES + EXTRA:
        ours, peer = _ours_and_peer(name, make, control, values,
                                    args.repeat)
        print(_row(name, control, ours, peer))
    print("# peer: the full figure redrawn each time (network explorers:"
          " nnlib.plots.draw_network); ratio = ours / peer")
    print("# gradcheck entry: curves cached per entry after first use")
    print("# landscape*: the pair's loss grid recomputed (first use of a "
          "pair); landscape: cached")


if __name__ == "__main__":
    main()
