#!/usr/bin/python3
# Cross-check of the Eedn trainer against a plain PyTorch implementation (docs/RESULTS.md,
# "A plain PyTorch run of the binary anchors, and max pooling"). It trains the "twice as wide"
# anchor (ungrouped 3x3 stride-2 convolutions 64-128-128-256-256, then 100 class neurons, 10
# voting per class) with trinary weights and binary activations, the way a PyTorch user would
# write it: ternary-weight-network quantiser (threshold 0.7 x mean |w|), a step activation with
# the triangular surrogate gradient, batch norm, Adam, cosine schedule, +-2 pixel shifts. It is a
# diagnostic, not part of the build: Debian's PyTorch (apt-get install python3-torch) runs it,
# from the repository root after scripts/fetch_datasets.sh, e.g.
#   /usr/bin/python3 scripts/pytorch_anchor.py --epochs 40
import argparse, math, sys, time
try:
    import numpy as np
    import torch
    import torch.nn as nn
    import torch.nn.functional as F
    from pytorch_splits import load_split, random_shift
except ImportError as e:
    sys.exit(f'pytorch_anchor.py: {e}: install Debian\'s python3-torch and run /usr/bin/python3')

p = argparse.ArgumentParser(description='the issue binary anchor in plain PyTorch')
p.add_argument('--dataset', default='mnist', choices=['mnist', 'fashion'])
p.add_argument('--epochs', type=int, default=40)
p.add_argument('--lr', type=float, default=1e-3, help='Adam, cosine-decayed to 0 (--sched cos)')
p.add_argument('--batch', type=int, default=64)
p.add_argument('--quant', default='twn', choices=['twn', 'fixed', 'none'],
               help='trinary threshold 0.7 x mean |w| (twn), |w| >= 0.5 (fixed, ours), or real weights')
p.add_argument('--act', default='bin', choices=['bin', 'sign', 'relu'],
               help='hidden activations: spikes {0, 1}, signs {-1, +1} (an affine map of a spike; the '
                    'zero padding is then a third, neutral value), or ReLU')
p.add_argument('--surrogate', default='tri', choices=['tri', 'rect', 'id'],
               help='step gradient: max(0, 1 - |y|), [|y| <= 1], or 1')
p.add_argument('--input', default='t3', choices=['t1', 't3', 't7', 'bp', 'grey'],
               help='input code: thresholds 128 | 64,128,192 | 32..224, 8 bit planes, or grey / 255')
p.add_argument('--shift', type=int, default=2, help='random shifts of up to this many pixels')
p.add_argument('--sched', default='cos', choices=['cos', 'none'])
p.add_argument('--logit', type=float, default=1.0, help='logit per vote')
p.add_argument('--anneal', type=float, default=0,
               help='> 0: for this fraction of training the activations are soft (--anneal-shape), '
                    'then hard steps; evaluation is always hard')
p.add_argument('--anneal-shape', choices=['blend', 'sigmoid'],
               help='with --anneal (default blend). blend: (1 - a) clamp(0.5 + y / 2, 0, 1) + a step(y), a rising linearly from 0 to 1; '
                    'sigmoid: sigmoid(b y), b rising geometrically from 2 to 200')
p.add_argument('--seed', type=int, default=1)
p.add_argument('--width', type=int, default=2, help='channels 32w-64w-64w-128w-128w')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--clipw', type=float, default=0, help='clip hidden weights to [-c, c] if > 0')
p.add_argument('--init', default='kaiming', choices=['kaiming', 'uniform1'],
               help="PyTorch's default initialisation, or U[-1, 1] (ours)")
p.add_argument('--clsreal', type=int, default=0,
               help='1: train on the class layer batch-normed sums, votes only at test')
p.add_argument('--dense', type=int, default=0, choices=[0, 1],
               help='1: every layer sees all earlier spike maps (and the input code), OR-pooled 2x2 to its '
                    'resolution and concatenated, as in densely connected binary networks')
args = p.parse_args()
for name, lo in (('epochs', 1), ('batch', 1), ('width', 1), ('threads', 1)):
    if getattr(args, name) < lo:
        p.error(f'--{name} {getattr(args, name)} is below its minimum {lo}')
if not 0 <= args.anneal <= 1:
    p.error(f'--anneal {args.anneal} is outside [0, 1] (a fraction of the training steps)')
if args.anneal_shape and args.anneal == 0:
    p.error('--anneal-shape needs --anneal > 0')
args.anneal_shape = args.anneal_shape or 'blend'
if args.anneal > 0 and args.act != 'bin':
    p.error(f'--anneal softens 0/1 spikes; it does not apply to --act {args.act}')
if not 0 <= args.shift <= 13:
    p.error(f'--shift {args.shift} is outside [0, 13] (images are 28x28)')
torch.manual_seed(args.seed)
np.random.seed(args.seed)
torch.set_num_threads(args.threads)
trx, try_, tex, tey = load_split(args.dataset, 'pytorch_anchor.py')

def transduce(x):  # uint8 [B,28,28] -> float [B,C,28,28]
    if args.input == 't1': return (x >= 128).float().unsqueeze(1)
    if args.input == 't3': return torch.stack([(x >= t).float() for t in (64, 128, 192)], 1)
    if args.input == 't7': return torch.stack([(x >= t).float() for t in (32, 64, 96, 128, 160, 192, 224)], 1)
    if args.input == 'bp': return torch.stack([((x.int() >> b) & 1).float() for b in range(7, -1, -1)], 1)
    return (x.float() / 255).unsqueeze(1)

class Spike(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return (x >= 0).float()
    @staticmethod
    def backward(ctx, g):
        x, = ctx.saved_tensors
        if args.surrogate == 'tri': return g * (1 - x.abs()).clamp(min=0)
        if args.surrogate == 'rect': return g * (x.abs() <= 1).float()
        return g

class TConv(nn.Conv2d):
    def forward(self, x):
        w = self.weight
        if args.quant == 'twn':
            d = 0.7 * w.abs().mean()
            q = (w > d).float() - (w < -d).float()
        elif args.quant == 'fixed':
            q = (w >= 0.5).float() - (w <= -0.5).float()
        else:
            q = w
        wq = w + (q - w).detach()
        return F.conv2d(x, wq, None, self.stride, self.padding)

W = args.width
chans = [32 * W, 64 * W, 64 * W, 128 * W, 128 * W]
cin = transduce(trx[:1]).shape[1]
layers = []
for c in chans:
    layers.append((TConv(cin, c, 3, 2, 1, bias=False), nn.BatchNorm2d(c)))
    cin = cin + c if args.dense else c
cls = (TConv(cin, 100, 1, 1, 0, bias=False), nn.BatchNorm2d(100))
mods = nn.ModuleList([m for l in layers + [cls] for m in l])
if args.init == 'uniform1':
    for m in mods:
        if isinstance(m, TConv): nn.init.uniform_(m.weight, -1, 1)

anneal_done = 1.0  # fraction of the anneal done, set by the training loop; 1 = hard steps

def step_act(y):
    a = anneal_done
    if a < 1 and mods.training:
        if args.anneal_shape == 'sigmoid': return torch.sigmoid(2 * 100 ** a * y)
        return a * Spike.apply(y) + (1 - a) * (0.5 + y / 2).clamp(0, 1)
    return Spike.apply(y)

def act(y):
    if args.act == 'bin': return step_act(y)
    if args.act == 'sign': return 2 * Spike.apply(y) - 1
    return F.relu(y)

def forward(x):
    for conv, bn in layers:
        y = act(bn(conv(x)))
        # dense: the earlier maps, OR-pooled (max of spikes) to the new resolution, ride along
        x = torch.cat([F.max_pool2d(x, 2, 2, ceil_mode=True), y], 1) if args.dense else y
    z = cls[1](cls[0](x))
    y = z if (args.clsreal and mods.training) else step_act(z)  # [B,100,1,1] binary votes
    return y.flatten(1).view(-1, 10, 10).sum(2)  # channel o votes for class o // 10

opt = torch.optim.Adam(mods.parameters(), lr=args.lr)
n = len(trx)
steps = args.epochs * math.ceil(n / args.batch)
sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 0.5 * (1 + math.cos(math.pi * s / steps)) if args.sched == 'cos' else 1.0)

def shift(x): return random_shift(x, args.shift)

def evaluate(x, y):
    mods.eval()
    with torch.no_grad():
        correct = 0
        for i in range(0, len(x), 1000):
            v = forward(transduce(x[i:i + 1000]))
            correct += (v.argmax(1) == y[i:i + 1000]).sum().item()
    mods.train()
    return correct / len(x)

t0 = time.time()
for ep in range(1, args.epochs + 1):
    perm = torch.randperm(n)
    tl = 0; tc = 0
    for b in range(0, n, args.batch):
        idx = perm[b:b + args.batch]
        frac = ((ep - 1) * n + b) / (args.epochs * n)
        anneal_done = frac / args.anneal if frac < args.anneal else 1.0
        x = transduce(shift(trx[idx])); y = try_[idx]
        votes = forward(x)
        loss = F.cross_entropy(votes * args.logit, y)
        opt.zero_grad(); loss.backward(); opt.step(); sched.step()
        if args.clipw > 0:
            with torch.no_grad():
                for m in mods:
                    if isinstance(m, TConv): m.weight.clamp_(-args.clipw, args.clipw)
        tl += loss.item() * len(idx); tc += (votes.argmax(1) == y).sum().item()
    te = evaluate(tex, tey)
    print(f'epoch {ep} loss {tl / n:.4f} train(aug) {100 * tc / n:.2f} test {100 * te:.2f} {time.time() - t0:.0f}s', flush=True)
print(f'final test {100 * te:.2f} train {100 * evaluate(trx, try_):.2f}')  # te: the last epoch's
