"""
PyTorch's numbers for nonlin's benchmark (bench/forward.ts runs this as a child process when
`python3 -c "import torch"` works, e.g. with Debian's python3-torch). One thread, float32, the
same sizes and activations; forward f(x), backward torch.autograd.grad(f(x), x, g) (forward and
vjp, like the other engines' backward). Prints one JSON object per line:
{"name", "n", "dir", "melems"}, then {"torch": version}.

    python3 bench/torch_bench.py --sizes 1e6,1e7 --only relu,gelu --rounds 7
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_num_threads(1)

OPS = {
    'relu': lambda x: torch.relu(x),
    'relu2': lambda x: torch.square(torch.relu(x)),  # composite
    'relu6': lambda x: F.relu6(x),
    'elu': lambda x: F.elu(x),
    'celu': lambda x: F.celu(x),
    'selu': lambda x: F.selu(x),
    'sigmoid': lambda x: torch.sigmoid(x),
    'silu': lambda x: F.silu(x),
    'softplus': lambda x: F.softplus(x),
    'logSigmoid': lambda x: F.logsigmoid(x),
    'mish': lambda x: F.mish(x),
    'tanh': lambda x: torch.tanh(x),
    'softsign': lambda x: F.softsign(x),
    'hardswish': lambda x: F.hardswish(x),
    'hardTanh': lambda x: F.hardtanh(x),
    'leakyRelu': lambda x: F.leaky_relu(x, 0.01),
    'gelu': lambda x: F.gelu(x),
    'geluApprox': lambda x: F.gelu(x, approximate='tanh'),
    'hardShrink': lambda x: F.hardshrink(x, 0.5),
    'softshrink': lambda x: F.softshrink(x, 0.5),
}

# The row activations and prelu, on x viewed as rows of ROW_LENGTH (as bench/peers.ts): along the
# last axis; glu's cotangent is the first half of g; prelu's weight is [ROW_LENGTH] of 0.25.
ROW_LENGTH = 1000
PRELU_WEIGHT = torch.full((ROW_LENGTH,), 0.25)
ROW_OPS = {
    'softmax': lambda x: torch.softmax(x, -1),
    'logSoftmax': lambda x: F.log_softmax(x, -1),
    'softmin': lambda x: F.softmin(x, -1),
    'glu': lambda x: F.glu(x, -1),
    'prelu': lambda x: F.prelu(x, PRELU_WEIGHT[: x.shape[-1]]),
}
OPS.update(ROW_OPS)


def timed(run, n, rounds):
    run()
    t0 = time.perf_counter()
    run()
    one = time.perf_counter() - t0
    reps = max(1, min(100000, round(0.02 / max(one, 1e-9))))
    samples = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(reps):
            run()
        samples.append((time.perf_counter() - t0) / reps)
    return n / statistics.median(samples) / 1e6


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--sizes', default='1e3,1e5,1e6,1e7')
    p.add_argument('--only', default=None)
    p.add_argument('--rounds', type=int, default=None)
    a = p.parse_args()
    names = [n for n in OPS if a.only is None or n in a.only.split(',')]
    rng = np.random.default_rng(12345)
    for n in (int(float(s)) for s in a.sizes.split(',')):
        xs = rng.uniform(-6, 6, n).astype(np.float32)
        xs[::16] = rng.uniform(-100, 100, xs[::16].shape[0]).astype(np.float32)
        x = torch.from_numpy(xs)
        g = torch.from_numpy(rng.uniform(-6, 6, n).astype(np.float32))
        rounds = a.rounds or (3 if n >= 1e7 else 7)
        for name in names:
            f = OPS[name]
            xi, gi = x, g
            if name in ROW_OPS:
                length = min(ROW_LENGTH, n)
                xi = x.view(-1, length)
                gi = g[: n // 2].view(-1, length // 2) if name == 'glu' else g.view(-1, length)
            with torch.no_grad():
                fwd = timed(lambda: f(xi), n, rounds)
            print(json.dumps({'name': name, 'n': n, 'dir': 'forward', 'melems': fwd}), flush=True)
            xr = xi.clone().requires_grad_(True)
            bwd = timed(lambda: torch.autograd.grad(f(xr), xr, gi), n, rounds)
            print(json.dumps({'name': name, 'n': n, 'dir': 'backward', 'melems': bwd}), flush=True)
    print(json.dumps({'torch': torch.__version__}), flush=True)


if __name__ == '__main__':
    main()
