#!/usr/bin/env python3
"""Independent reference of the counter-based PRNG in docs/ARCHITECTURE.md section 4.

Written from the spec's pseudocode, not from the C++ code, so the C++ and RTL are checked against
a third implementation. Usage:
  prng_reference.py SEED TICK NEURON SLOT          the 64-bit draw
  prng_reference.py --byte SEED TICK NEURON M      byte M of the neuron's random stream
"""
import sys

M = 0xFFFFFFFF


def rotl(x, r):
    return ((x << r) | (x >> (32 - r))) & M


def draw(seed, tick, neuron, slot):
    a, b, c, d = seed & M, tick & M, ((neuron << 16) | slot) & M, 0x6D657269
    for _ in range(4):
        a = (a + b) & M; d ^= a; d = rotl(d, 16)
        c = (c + d) & M; b ^= c; b = rotl(b, 12)
        a = (a + b) & M; d ^= a; d = rotl(d, 8)
        c = (c + d) & M; b ^= c; b = rotl(b, 7)
    return ((b ^ d) << 32) | (a ^ c)


def stream_byte(seed, tick, neuron, m):
    return (draw(seed, tick, neuron, m // 8) >> (8 * (m % 8))) & 0xFF


if __name__ == "__main__":
    if sys.argv[1] == "--byte":
        print(stream_byte(*(int(v, 0) for v in sys.argv[2:6])))
    else:
        print(draw(*(int(v, 0) for v in sys.argv[1:5])))
