"""One training step of nnlib's network against PyTorch, side by side.

A step is forward pass, backward pass and gradient-descent update of a
sigmoid network with the half squared error, in float64 on the CPU,
with the same layer sizes, batch, weights and thread count for both.
nnlib's step is the one ``nnlib.train.fit`` takes inside its loop
(input checked once, before the loop); the column "checked" times the
public ``forward``/``backward``/``update`` trio, which checks its input
on every call, for comparison. PyTorch's step is the idiomatic one:
``nn.Linear`` layers, autograd and ``torch.optim.SGD``.

Repetitions are interleaved (nnlib, torch, torch, nnlib, ...) so that
load from other processes hits both alike; each size reports the
median time per step of each, and the median over repetitions of the
ratio nnlib / torch within one repetition (below 1: nnlib is faster).
Then both train the digits network of ``python -m nnlib digits`` on
identical mini-batches, and we report the time of each.

Run with ``make bench`` (see benchmarks/README.md). Without PyTorch the
peer is skipped, saying so, and nnlib's times are printed alone.
"""

import argparse
import os
import platform
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from nnlib import datasets, mlp, train

try:
    import torch
except ImportError:  # the peer is optional: pip install '.[bench]'
    torch = None

# (layer sizes, batch size N), from the article's network upwards
CASES = [
    ((2, 2, 1), 1),
    ((2, 2, 1), 64),
    ((64, 32, 10), 10),
    ((64, 128, 10), 128),
    ((784, 128, 10), 64),
    ((784, 512, 10), 256),
    ((784, 512, 10), 1024),
]
ETA = 0.1


def nnlib_step(net, X, T):
    """The training loop's step: forward, backward, update in place."""
    grads = mlp._backward(net, mlp._forward(net, X), T)
    return mlp._update_in_place(net, grads, ETA)


def nnlib_checked_step(net, X, T):
    """The same step through the public functions, which check input."""
    return mlp.update(net, mlp.backward(net, X, T), ETA)


def torch_model(net):
    """An nn.Sequential with nnlib's weights, float64."""
    layers = []
    for W, b in zip(net.W, net.b, strict=True):
        lin = torch.nn.Linear(W.shape[1], W.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(W))
            lin.bias.copy_(torch.from_numpy(b[:, 0]))
        layers += [lin, torch.nn.Sigmoid()]
    return torch.nn.Sequential(*layers)


def torch_stepper(model):
    """A step function: autograd backward and an SGD update."""
    opt = torch.optim.SGD(model.parameters(), lr=ETA)

    def step(Xt, Tt):
        opt.zero_grad(set_to_none=True)
        y = model(Xt)  # rows are samples in PyTorch: (N, n_out)
        loss = 0.5 * ((y - Tt) ** 2).sum(dim=1).mean()
        loss.backward()
        opt.step()

    return step


def per_step(fn, k):
    """Seconds per call of fn, over k calls."""
    start = time.perf_counter()
    for _ in range(k):
        fn()
    return (time.perf_counter() - start) / k


def calls_for(fn, budget):
    """How many calls of fn take about ``budget`` seconds (at least 1)."""
    t = per_step(fn, 3)
    return max(1, int(budget / max(t, 1e-9)))


def bench_case(sizes, N, repeats, budget):
    """Seconds per step of each runner, one entry per repetition."""
    rng = np.random.default_rng(0)
    net = mlp.init_mlp(sizes, "sigmoid", seed=0)
    X = rng.uniform(size=(sizes[0], N))
    T = rng.uniform(size=(sizes[-1], N))

    # each keeps stepping its own copy of the same starting network
    state = {"net": mlp.make_mlp(list(net.W), list(net.b)), "checked": net}

    def run_nnlib():
        state["net"] = nnlib_step(state["net"], X, T)

    def run_checked():
        state["checked"] = nnlib_checked_step(state["checked"], X, T)

    runners = {"nnlib": run_nnlib, "checked": run_checked}
    if torch is not None:
        step = torch_stepper(torch_model(net))
        Xt = torch.from_numpy(np.ascontiguousarray(X.T))
        Tt = torch.from_numpy(np.ascontiguousarray(T.T))
        runners["torch"] = lambda: step(Xt, Tt)

    calls = {name: calls_for(fn, budget) for name, fn in runners.items()}
    times = {name: [] for name in runners}
    order = list(runners)
    for r in range(repeats):
        # alternate the order, so neither side always runs first
        for name in (order if r % 2 == 0 else order[::-1]):
            times[name].append(per_step(runners[name], calls[name]))
    return times


def paired_ratio(ours, theirs):
    """Median over repetitions of ours / theirs, each pair run together.

    Pairing keeps a burst of load from other work, which slows both
    sides of one repetition, from tilting the ratio.
    """
    return statistics.median(a / b for a, b in zip(ours, theirs,
                                                   strict=True))


def digits_training(repeats):
    """Seconds to train the `python -m nnlib digits` network."""
    d = datasets.digits(seed=0)
    hidden, eta, epochs, batch = 32, 3.0, 20, 10
    net = mlp.init_mlp((64, hidden, 10), "sigmoid", seed=0)

    def run_nnlib():
        r = train.fit(net, d.x_train, d.t_train, eta=eta, epochs=epochs,
                      batch_size=batch, seed=0)
        return train.accuracy(r.net, d.x_test, d.labels_test)

    runners = {"nnlib": run_nnlib}
    if torch is not None:
        Xt = torch.from_numpy(np.ascontiguousarray(d.x_train.T))
        Tt = torch.from_numpy(np.ascontiguousarray(d.t_train.T))
        Xtest = torch.from_numpy(np.ascontiguousarray(d.x_test.T))
        labels = torch.from_numpy(d.labels_test)

        def run_torch():
            model = torch_model(net)
            opt = torch.optim.SGD(model.parameters(), lr=eta)
            rng = np.random.default_rng(0)  # the same batches as fit
            N = Xt.shape[0]
            for _ in range(epochs):
                order = torch.from_numpy(rng.permutation(N))
                for cols in torch.split(order, batch):
                    opt.zero_grad(set_to_none=True)
                    y = model(Xt[cols])
                    loss = 0.5 * ((y - Tt[cols]) ** 2).sum(dim=1).mean()
                    loss.backward()
                    opt.step()
            with torch.no_grad():
                hits = model(Xtest).argmax(dim=1) == labels
            return float(hits.double().mean())

        runners["torch"] = run_torch

    times = {name: [] for name in runners}
    accuracy = {}
    order = list(runners)
    for r in range(repeats):
        for name in (order if r % 2 == 0 else order[::-1]):
            start = time.perf_counter()
            accuracy[name] = runners[name]()
            times[name].append(time.perf_counter() - start)
    return {n: statistics.median(t) for n, t in times.items()}, accuracy


def describe(threads):
    """Lines about the machine, the libraries and their threads."""
    lines = [
        f"python {platform.python_version()}, numpy {np.__version__}, "
        + (f"torch {torch.__version__}" if torch is not None
           else "torch not installed"),
        f"threads: {threads} for numpy's BLAS (threadpoolctl) and "
        "torch.set_num_threads",
    ]
    for info in threadpool_info():
        if info.get("user_api") == "blas":
            lines.append(
                f"numpy BLAS: {info.get('internal_api')} "
                f"{info.get('version')}, kernel "
                f"{info.get('architecture', '?')}"
            )
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
        lines.append(f"load average before the run: {load} on "
                     f"{os.cpu_count()} cores (other work skews timings)")
    for var in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"):
        if var in os.environ:
            lines.append(f"note: {var}={os.environ[var]} is set (it can "
                         "slow numpy's BLAS; see benchmarks/README.md)")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="threads for both libraries (default 1)")
    parser.add_argument("--repeats", type=int, default=21,
                        help="interleaved repetitions per size "
                        "(default 21; medians are reported)")
    parser.add_argument("--budget", type=float, default=0.05,
                        help="seconds per timed block (default 0.05)")
    parser.add_argument("--digits-repeats", type=int, default=3,
                        help="training runs each for the digits timing")
    args = parser.parse_args(argv)

    if torch is None:
        print("PyTorch is not installed: skipping the peer, timing nnlib "
              "alone (pip install '.[bench]' to compare)")
    else:
        torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads, user_api="blas"):
        print("\n".join(describe(args.threads)))
        print()
        print(f"{'sizes':<14}{'N':>6}{'nnlib':>12}{'checked':>12}"
              f"{'torch':>12}{'ratio':>8}")
        for sizes, N in CASES:
            times = bench_case(sizes, N, args.repeats, args.budget)
            t = {name: statistics.median(ts) for name, ts in times.items()}
            row = (f"{'-'.join(map(str, sizes)):<14}{N:>6}"
                   f"{_us(t['nnlib']):>12}{_us(t['checked']):>12}")
            if "torch" in t:
                ratio = paired_ratio(times["nnlib"], times["torch"])
                row += f"{_us(t['torch']):>12}{ratio:>8.2f}"
            else:
                row += f"{'skipped':>12}{'-':>8}"
            print(row, flush=True)
        print("times: medians per step; ratio: median over repetitions "
              "of nnlib / torch\n(below 1: nnlib is faster)")
        print()
        t, acc = digits_training(args.digits_repeats)
        line = (f"digits, 64-32-10, 20 epochs of batches of 10: nnlib "
                f"{t['nnlib']:.2f} s (test accuracy {acc['nnlib']:.4f})")
        if "torch" in t:
            line += (f", torch {t['torch']:.2f} s (test accuracy "
                     f"{acc['torch']:.4f}), ratio "
                     f"{t['nnlib'] / t['torch']:.2f}")
        print(line)


def _us(seconds):
    """Seconds as microseconds or milliseconds, for the table."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} us"
    return f"{seconds * 1e3:.2f} ms"


if __name__ == "__main__":
    main()
