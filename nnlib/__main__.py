"""Command line: ``python -m nnlib walkthrough [options]``.

Prints the article's worked example, or any other 2-2-1 problem read
from a JSON file, step by step; ``--markdown`` writes a worked-solution
sheet in Markdown with LaTeX. Bad input ends with a one-line message and
exit status 2, never a traceback.
"""

import argparse
import sys

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
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        if args.digits is not None and not 0 <= args.digits <= 15:
            raise ValueError("--digits must be between 0 and 15")
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
