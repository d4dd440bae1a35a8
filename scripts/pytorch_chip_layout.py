#!/usr/bin/python3
# How much do hidden activations with more than two levels buy on the chip's grouped layouts?
# A diagnostic for docs/RESULTS.md ("Hidden activations with more levels, in time rather than in
# axons"), not part of the build. It trains a layout written in eedn_train's --layers syntax
# (k:stride:pad:groups:channels[:signs], the last layer voting, channel o for class o % 10) with
# eedn_train's quantiser (latent weights in [-1, 1], trinary at |w| >= 0.5; sign-shared layers keep
# one sign per input channel), batch norm, Adam at --lr with a cosine schedule, +-2 pixel shifts and
# the triangular surrogate, and one of four hidden activations (--act):
#   bin     memoryless binary neurons, one tick per frame (our chip networks; the control);
#   levels  the count of the thresholds 0, step, ..., (levels - 1) step that the batch-normed sum
#           reaches (what a neuron emitting up to `levels` spikes per frame would carry);
#   relu    max(y, 0), the unquantised limit;
#   if      integrate-and-fire over --ticks ticks with the input held (linear reset, floor 0), as
#           the chip's stateful neuron would run it, trained through time.
# The class layer always votes with binary spikes (summed over the ticks for `if`). Float model
# only: no integer export. Debian's python3-torch runs it, from any directory, e.g.
#   /usr/bin/python3 scripts/pytorch_chip_layout.py --act levels --levels 8
import argparse, math, os, sys, time
try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from pytorch_splits import load_split, random_shift
except ImportError as e:
    sys.exit(f'pytorch_chip_layout.py: {e}: install Debian\'s python3-torch and run /usr/bin/python3')

SIGN_SHARED = '4:2:1:1:60,1:1:0:1:60,4:2:1:4:120:+-,1:1:0:1:120,3:2:0:5:240:+-,1:1:0:1:240:+-,3:1:0:10:600:+-'
INPUTS = {'t3': (64, 128, 192), 't4': (51, 102, 153, 204), 't7': (32, 64, 96, 128, 160, 192, 224)}
p = argparse.ArgumentParser(description='multi-level hidden activations on a chip layout, in PyTorch')
p.add_argument('--dataset', default='mnist', choices=['mnist', 'fashion'])
p.add_argument('--layers', default=SIGN_SHARED, help="eedn_train's --layers (default: mnist-sign-shared's)")
p.add_argument('--act', default='bin', choices=['bin', 'levels', 'relu', 'if'])
p.add_argument('--levels', type=int, default=8, help='with --act levels: spikes a hidden neuron may emit')
p.add_argument('--step', type=float, default=0.5, help='with --act levels: threshold spacing, batch-normed units')
p.add_argument('--ticks', type=int, default=4, help='with --act if: ticks per frame')
p.add_argument('--input', default='t3', choices=sorted(INPUTS), help='thermometer thresholds of the input code')
p.add_argument('--epochs', type=int, default=40)
p.add_argument('--lr', type=float, default=0.03)
p.add_argument('--batch', type=int, default=64)
p.add_argument('--shift', type=int, default=2)
p.add_argument('--logit', type=float, default=8.0, help='logit = this x the class vote fraction')
p.add_argument('--seed', type=int, default=1)
p.add_argument('--threads', type=int, default=1)
p.add_argument('--dump', default='', help='write the test split class outputs (.npy), for side-by-side sums')
args = p.parse_args()
for name, lo in (('epochs', 1), ('batch', 1), ('threads', 1), ('levels', 1), ('ticks', 1)):
    if getattr(args, name) < lo:
        p.error(f'--{name} {getattr(args, name)} is below its minimum {lo}')
if not 0 <= args.shift <= 13:
    p.error(f'--shift {args.shift} is outside [0, 13] (images are 28x28)')
if not args.step > 0:
    p.error(f'--step {args.step} must be > 0')
specs = []
side = 28  # positions per row of the map each layer reads
for i, sp in enumerate(args.layers.split(',')):
    f = sp.split(':')
    try:
        k, st, pd, g, c = map(int, f[:5]) if len(f) in (5, 6) else (0,) * 5
    except ValueError:
        k = st = pd = g = c = 0
    signs = f[5] if len(f) > 5 else ''
    if min(k, st, g, c) < 1 or pd < 0 or c % g or set(signs) - set('+-'):
        p.error(f'--layers: layer {i} "{sp}" is not k:stride:pad:groups:channels[:signs] '
                f'(positive integers, pad >= 0, channels a multiple of groups, signs of + and -)')
    side = (side + 2 * pd - k) // st + 1
    if side < 1:
        p.error(f'--layers: layer {i} "{sp}": its {k}x{k} kernel does not fit the map it reads '
                f'(no output position left)')
    specs.append((k, st, pd, g, c, signs))
if args.dump and not args.dump.endswith('.npy'):
    p.error(f'--dump {args.dump}: the file name must end in .npy')
if args.dump and not os.access(os.path.dirname(os.path.abspath(args.dump)), os.W_OK):
    p.error(f'--dump {args.dump}: its directory does not exist or is not writable')
if specs[-1][4] % 10:
    p.error(f'--layers: the class layer has {specs[-1][4]} channels, not a multiple of the 10 classes')
torch.manual_seed(args.seed); np.random.seed(args.seed); torch.set_num_threads(args.threads)
trx, try_, tex, tey = load_split(args.dataset, 'pytorch_chip_layout.py')
T = args.ticks if args.act == 'if' else 1


def transduce(x):  # uint8 [B,28,28] -> spikes [T*B, C, 28, 28], tick-major (the input held T ticks)
    return torch.stack([(x >= t).float() for t in INPUTS[args.input]], 1).repeat(T, 1, 1, 1)


class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, y):
        ctx.save_for_backward(y)
        return (y >= 0).float()

    @staticmethod
    def backward(ctx, g):
        y, = ctx.saved_tensors
        return g * (1 - y.abs()).clamp(min=0)


class Layer(nn.Module):
    def __init__(self, cin, k, st, pd, g, c, signs):
        super().__init__()
        if cin % g:
            p.error(f'--layers: {cin} input channels do not split into {g} groups')
        self.st, self.pd, self.g = st, pd, g
        self.w = nn.Parameter(torch.empty(c, cin // g, k, k).uniform_(-1, 1))
        self.bn = nn.BatchNorm2d(c)
        self.register_buffer('sign', None)
        if signs:  # input channel ci of a group has sign signs[ci % len(signs)]
            s = [1.0 if signs[i % len(signs)] == '+' else -1.0 for i in range(cin // g)]
            self.sign = torch.tensor(s).view(1, -1, 1, 1)

    def forward(self, x):
        w = self.w
        if self.sign is not None:
            q = self.sign * (w * self.sign >= 0.5).float()
        else:
            q = (w >= 0.5).float() - (w <= -0.5).float()
        return self.bn(F.conv2d(x, w + (q - w).detach(), None, self.st, self.pd, 1, self.g))


cin = len(INPUTS[args.input])
layers = nn.ModuleList()
for k, st, pd, g, c, signs in specs:
    layers.append(Layer(cin, k, st, pd, g, c, signs))
    cin = c


def hidden(y):  # batch-normed sums [T*B, ...] -> activations
    if args.act == 'relu':
        return F.relu(y)
    if args.act == 'levels':
        return sum(Spike.apply((y - k * args.step) / args.step) for k in range(args.levels))
    if T == 1:
        return Spike.apply(y)
    yt = y.view(T, -1, *y.shape[1:])
    u = torch.zeros_like(yt[0]); out = []
    for t in range(T):  # V += input; spike at V >= 1; subtract 1 on a spike; floor at 0
        v = u + yt[t]; s = Spike.apply(v - 1); out.append(s)
        u = (v - s.detach()).clamp(min=0)
    return torch.cat(out, 0)


def forward(x):  # -> [B, 10] vote fractions
    for l in layers[:-1]:
        x = hidden(l(x))
    z = layers[-1](x)
    v = hidden(z) if args.act == 'if' else Spike.apply(z)
    v = v.view(T, -1, v.shape[1], v.shape[2] * v.shape[3]).sum((0, 3))  # spikes per channel
    votes = v.view(v.shape[0], -1, 10).sum(1)  # channel o votes for class o % 10
    return votes / (T * votes.new_tensor(z.shape[1] // 10 * z.shape[2] * z.shape[3]))


opt = torch.optim.Adam(layers.parameters(), lr=args.lr)
n = len(trx)
steps = args.epochs * math.ceil(n / args.batch)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)))


def outputs(x):
    layers.eval()
    with torch.no_grad():
        v = torch.cat([forward(transduce(x[i:i + 500])) for i in range(0, len(x), 500)])
    layers.train()
    return v


t0 = time.time()
for ep in range(1, args.epochs + 1):
    perm = torch.randperm(n); tl = tc = 0
    for b in range(0, n, args.batch):
        idx = perm[b:b + args.batch]
        y = try_[idx]
        out = forward(transduce(random_shift(trx[idx], args.shift)))
        loss = F.cross_entropy(out * args.logit, y)
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        with torch.no_grad():
            for l in layers:
                l.w.clamp_(-1, 1)
        tl += loss.item() * len(idx); tc += (out.argmax(1) == y).sum().item()
    te = outputs(tex)
    print(f'epoch {ep} loss {tl / n:.4f} train(aug) {100 * tc / n:.2f} '
          f'test {100 * (te.argmax(1) == tey).float().mean().item():.2f} {time.time() - t0:.0f}s', flush=True)
tr = outputs(trx)
print(f'final test {100 * (te.argmax(1) == tey).float().mean().item():.2f} '
      f'train {100 * (tr.argmax(1) == try_).float().mean().item():.2f}')
if args.dump:
    np.save(args.dump, te.numpy())
