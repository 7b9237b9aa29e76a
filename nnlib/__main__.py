"""Command line: ``python -m nnlib walkthrough [options]``.

``python -m nnlib digits [options]`` trains a small sigmoid network on
scikit-learn's bundled 8x8 digits and prints its test accuracy and the
training time. ``python -m nnlib xor [--seed S]`` trains the 2-2-1
sigmoid network on XOR and says whether it learned it or stalled.

Prints the article's worked example, or any other 2-2-1 problem read
from a JSON file, step by step; ``--markdown`` writes a worked-solution
sheet in Markdown with LaTeX. Bad input ends with a one-line message and
exit status 2, never a traceback.
"""

import argparse
import sys

import numpy as np

from . import walkthrough


def build_parser():
    parser = argparse.ArgumentParser(
        prog="python -m nnlib",
        description="Backprop by Hand: the worked example, step by step.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    w = sub.add_parser(
        "walkthrough",
        help="forward pass, loss, backward pass, update, new loss",
        description="Print every quantity of the worked example in the "
        "article's order (§5 forward, §8 backward, §9 update, §10 new "
        "forward pass).",
    )
    w.add_argument(
        "--json", metavar="FILE",
        help="read x, W1, b1, W2, b2, t and eta from a JSON object "
        "instead of using the article's numbers",
    )
    w.add_argument(
        "--seed", type=int, metavar="S",
        help="a fresh practice problem drawn from seed S (a whole number "
        ">= 0), worked to --digits decimals (default 4); with "
        "--markdown, the problem and its answer key",
    )
    w.add_argument(
        "--digits", type=int, metavar="N",
        help="decimals for every value (default: the article's own "
        "digits for the article's numbers, 7 otherwise)",
    )
    w.add_argument(
        "--markdown", action="store_true",
        help="write Markdown with LaTeX (a worked-solution sheet)",
    )
    w.add_argument(
        "-o", "--output", metavar="FILE",
        help="write to FILE instead of standard output",
    )
    _add_digits_parser(sub)
    _add_xor_parser(sub)
    return parser


def _add_xor_parser(sub):
    x = sub.add_parser(
        "xor",
        help="train the 2-2-1 sigmoid network on XOR from one seed",
        description="Train the article's 2-2-1 sigmoid network on the "
        "four XOR points with batch gradient descent from seeded random "
        "weights; print its outputs and whether it learned XOR (some "
        "seeds get stuck).",
    )
    x.add_argument("--seed", type=int, default=0,
                   help="seeds the initial weights (default 0)")
    x.add_argument("--epochs", type=int, default=5000, metavar="N",
                   help="steps of batch gradient descent (default 5000)")
    x.add_argument("--eta", type=float, default=2.0,
                   help="learning rate (default 2.0)")


def _xor(args):
    """Train on XOR, print outputs and the verdict (exit status)."""
    from . import datasets, mlp, train

    x, t = datasets.xor()
    try:
        net = mlp.init_mlp((2, 2, 1), "sigmoid", seed=args.seed)
        result = train.fit(net, x, t, eta=args.eta, epochs=args.epochs)
    except (ValueError, TypeError) as err:
        print(f"python -m nnlib xor: error: {err}", file=sys.stderr)
        return 2
    y = mlp.predict(result.net, x)[0]
    print(f"XOR, 2-2-1 sigmoid, seed {args.seed}, eta {args.eta:g}, "
          f"{args.epochs} epochs: loss {result.loss[0]:.4f} -> "
          f"{result.loss[-1]:.4f}")
    for (x1, x2), target, out in zip(x.T, t[0], y, strict=True):
        print(f"  x = ({x1:g}, {x2:g})  t = {target:g}  y = {out:.4f}")
    learned = bool(np.all((y > 0.5) == (t[0] > 0.5)))
    print("learned XOR" if learned else
          "stuck: an output is on the wrong side of 0.5 (a plateau of "
          "the loss)")
    return 0


def _add_digits_parser(sub):
    d = sub.add_parser(
        "digits",
        help="train a sigmoid network on the bundled 8x8 digits",
        description="Train an n_in-hidden-10 sigmoid network with "
        "mini-batch gradient descent on scikit-learn's 8x8 digits "
        "(bundled, no download); print test accuracy and time.",
    )
    d.add_argument("--hidden", type=int, default=32, metavar="N",
                   help="hidden neurons (default 32)")
    d.add_argument("--epochs", type=int, default=20, metavar="N",
                   help="passes over the training set (default 20)")
    d.add_argument("--eta", type=float, default=3.0,
                   help="learning rate (default 3.0)")
    d.add_argument("--batch-size", type=int, default=10, metavar="N",
                   help="samples per step (default 10)")
    d.add_argument("--seed", type=int, default=0,
                   help="seeds the weights, the split and the shuffling "
                   "(default 0)")
    d.add_argument("--progress", action="store_true",
                   help="show a progress bar over the epochs")


def _digits(args):
    """Train on the digits and print accuracy and time (exit status)."""
    import time

    from . import datasets, mlp, train

    try:
        data = datasets.digits(seed=args.seed)
        sizes = (data.x_train.shape[0], args.hidden, 10)
        net = mlp.init_mlp(sizes, "sigmoid", seed=args.seed)
        start = time.perf_counter()
        result = train.fit(
            net, data.x_train, data.t_train, eta=args.eta,
            epochs=args.epochs, batch_size=args.batch_size,
            seed=args.seed, progress=args.progress,
        )
        seconds = time.perf_counter() - start
        acc = train.accuracy(result.net, data.x_test, data.labels_test)
    except (ValueError, TypeError) as err:
        print(f"python -m nnlib digits: error: {err}", file=sys.stderr)
        return 2
    n_test = data.labels_test.size
    print(f"digits: {'-'.join(map(str, sizes))} sigmoid network, "
          f"{data.labels_train.size} training and {n_test} test images")
    print(f"trained {args.epochs} epochs (eta {args.eta:g}, batch "
          f"{args.batch_size}, seed {args.seed}) in {seconds:.2f} s; "
          f"final training loss {result.loss[-1]:.4f}")
    print(f"test accuracy: {100 * acc:.2f}% "
          f"({round(acc * n_test)} of {n_test})")
    return 0


def _practice(args):
    """Text of a practice problem (issue 3): --seed, maybe --markdown."""
    from . import problems

    if args.json:
        raise ValueError("give --seed or --json, not both")
    digits = 4 if args.digits is None else args.digits
    if not 3 <= digits <= 7:
        raise ValueError("--digits must be between 3 and 7 with --seed "
                         "(hand work; fewer hide the small gradients)")
    if args.seed < 0:
        raise ValueError("--seed must be a whole number >= 0")
    problem = problems.generate(args.seed, digits=digits)
    if args.markdown:
        return walkthrough.render_problem_markdown(problem)
    return walkthrough.render_text(
        problem.example, digits=digits,
        title=f"Backprop by Hand: practice problem {args.seed}")


def main(argv=None):
    args = build_parser().parse_args(argv)
    if args.command == "digits":
        return _digits(args)
    if args.command == "xor":
        return _xor(args)
    try:
        if args.digits is not None and not 0 <= args.digits <= 15:
            raise ValueError("--digits must be between 0 and 15")
        if args.seed is not None:
            text = _practice(args)
        else:
            example = (walkthrough.load_json(args.json) if args.json
                       else walkthrough.ARTICLE)
            render = (walkthrough.render_markdown if args.markdown
                      else walkthrough.render_text)
            text = render(example, digits=args.digits)
        if args.output:
            with open(args.output, "w", encoding="utf-8") as fh:
                fh.write(text)
        else:
            sys.stdout.write(text)
    except (ValueError, TypeError) as err:
        print(f"python -m nnlib walkthrough: error: {err}", file=sys.stderr)
        return 2
    except OSError as err:
        print(f"python -m nnlib walkthrough: error: cannot write "
              f"{args.output}: {err.strerror}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
