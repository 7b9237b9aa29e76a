"""nnlib: the numpy reference behind Backprop by Hand.

It computes, clearly and checkably, the article's 2-2-1 network with
sigmoid activations and the half squared error: the forward pass, the
loss, every quantity of backpropagation and the gradient-descent update.

Conventions (as in the article):

* columns are samples: ``W`` is ``(n_out, n_in)``, one sample ``x`` is
  ``(n_in,)`` or ``(n_in, 1)``, a batch ``X`` is ``(n_in, N)``;
* ``y`` is the network's output and ``t`` the target (many books call
  the label ``y``; here it is always the output);
* ``dW1`` is dL/dW1 and has the shape of ``W1``; over a batch it is the
  mean over samples;
* everything is float64; inputs are never modified; bad input raises a
  ``ValueError`` or ``TypeError`` that names the argument.

>>> import nnlib
>>> f = nnlib.forward(nnlib.ARTICLE.params, nnlib.ARTICLE.x)
>>> round(float(f.y[0, 0]), 7)
0.5285101
"""

from .activations import (
    ACTIVATIONS,
    relu,
    relu_prime_from_a,
    relu_prime_from_z,
    sigmoid,
    sigmoid_prime_from_a,
    sigmoid_prime_from_z,
    tanh,
    tanh_prime_from_a,
    tanh_prime_from_z,
)
from .checks import (
    MISTAKES,
    STEP_NAMES,
    Report,
    StepResult,
    answer_key,
    check,
)
from .example import ARTICLE, PRINTED, WorkedExample, printed
from .gradcheck import GradCheck, KinkWarning, check_gradients
from .losses import loss, loss_prime
from .mlp import MLP, init_mlp, make_mlp, mlp_from_params
from .network import (
    Forward,
    Gradients,
    Params,
    backward,
    forward,
    loss_of,
    params,
    predict,
    update,
)
from .problems import Problem
from .problems import generate as generate_problem
from .train import TrainResult, fit

__all__ = [
    "ACTIVATIONS", "ARTICLE", "PRINTED", "Forward", "Gradients", "Params",
    "WorkedExample", "backward", "forward", "loss", "loss_of",
    "loss_prime", "params", "predict", "printed", "relu",
    "relu_prime_from_a", "relu_prime_from_z", "sigmoid",
    "sigmoid_prime_from_a", "sigmoid_prime_from_z", "tanh",
    "tanh_prime_from_a", "tanh_prime_from_z", "update",
    # the general network (issue 4)
    "MLP", "init_mlp", "make_mlp", "mlp_from_params", "GradCheck",
    "KinkWarning", "check_gradients", "TrainResult", "fit",
    # step-by-step checks and fresh problems (issue 3)
    "MISTAKES", "STEP_NAMES", "Report", "StepResult", "answer_key",
    "check", "Problem", "generate_problem",
]
