/**
 * Where each `nn` activation is in PyTorch (torch.nn.functional and torch.nn), for the docs'
 * activation pages; keyed by ActivationName with `satisfies`, so a new activation without an
 * entry is a compile error. docs/coming-from-pytorch.md has the same table for readers, with the
 * differences worked through.
 */
import type { ActivationName } from '../../src/nn/index.js';

export interface TorchRef {
  /** The torch.nn.functional call with the arguments that give nonlin's defaults. */
  readonly functional?: string;
  /** The torch.nn module. */
  readonly module?: string;
  /** Where PyTorch has no exact counterpart, or differs. */
  readonly note?: string;
}

export const TORCH_NAMES = {
  celu: { functional: 'F.celu(x, alpha=1.0)', module: 'nn.CELU' },
  elu: { functional: 'F.elu(x, alpha=1.0)', module: 'nn.ELU' },
  gelu: { functional: "F.gelu(x, approximate='none')", module: 'nn.GELU' },
  geluApprox: { functional: "F.gelu(x, approximate='tanh')", module: "nn.GELU('tanh')" },
  geluFastApprox: { note: 'No PyTorch function: x * torch.sigmoid(1.702 * x).' },
  glu: { functional: 'F.glu(x, dim=-1)', module: 'nn.GLU(dim=-1)', note: 'PyTorch’s default dim is also −1.' },
  hardShrink: { functional: 'F.hardshrink(x, lambd=0.5)', module: 'nn.Hardshrink' },
  hardTanh: { functional: 'F.hardtanh(x, min_val=-1.0, max_val=1.0)', module: 'nn.Hardtanh' },
  hardswish: { functional: 'F.hardswish(x)', module: 'nn.Hardswish' },
  leakyRelu: { functional: 'F.leaky_relu(x, negative_slope=0.01)', module: 'nn.LeakyReLU' },
  logSigmoid: { functional: 'F.logsigmoid(x)', module: 'nn.LogSigmoid' },
  logSoftmax: { functional: 'F.log_softmax(x, dim=-1)', module: 'nn.LogSoftmax(dim=-1)', note: 'PyTorch has no default dim (it warns); nonlin’s axis defaults to −1.' },
  mish: { functional: 'F.mish(x)', module: 'nn.Mish' },
  prelu: { functional: 'F.prelu(x, weight)', module: 'nn.PReLU', note: 'PyTorch aligns the weight with axis 1 (channels), nonlin with the last axis: reshape the weight to [C, 1, 1] for NCHW.' },
  relu: { functional: 'F.relu(x)', module: 'nn.ReLU' },
  relu2: { note: 'No PyTorch function: torch.square(F.relu(x)).' },
  relu6: { functional: 'F.relu6(x)', module: 'nn.ReLU6' },
  selu: { functional: 'F.selu(x)', module: 'nn.SELU' },
  sigmoid: { functional: 'torch.sigmoid(x)', module: 'nn.Sigmoid' },
  silu: { functional: 'F.silu(x)', module: 'nn.SiLU' },
  softmax: { functional: 'F.softmax(x, dim=-1)', module: 'nn.Softmax(dim=-1)', note: 'PyTorch has no default dim (it warns); nonlin’s axis defaults to −1.' },
  softmin: { functional: 'F.softmin(x, dim=-1)', module: 'nn.Softmin(dim=-1)' },
  softplus: { functional: 'F.softplus(x, beta=1.0, threshold=20.0)', module: 'nn.Softplus', note: 'PyTorch returns x itself above threshold·β; nonlin computes log(1 + eˣ) correctly rounded everywhere and has no beta or threshold.' },
  softshrink: { functional: 'F.softshrink(x, lambd=0.5)', module: 'nn.Softshrink' },
  softsign: { functional: 'F.softsign(x)', module: 'nn.Softsign' },
  step: { functional: 'torch.heaviside(x - threshold, torch.tensor(1.0))', note: 'No activation of that name; heaviside with values = 1 is 1 at the threshold, as step.' },
  tanh: { functional: 'torch.tanh(x)', module: 'nn.Tanh' },
} as const satisfies Record<ActivationName, TorchRef>;
