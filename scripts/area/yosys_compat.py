#!/usr/bin/env python3
"""Copy RTL sources into a directory, rewriting the SystemVerilog that Yosys 0.23 rejects but
Verilator accepts, in ways that keep the meaning (docs/ENERGY.md section 4):

  pkg::name_t'(expr)  ->  (expr)          cast to a packed struct type: the same bits
  int'(expr)          ->  $signed(32'(expr))   the same value and signedness
  function ... return expr; endfunction   ->  name = expr;   only when that `return` is the
                                          function's single return and its last statement

Anything else (an early `return`) stops with file:line and what to change in the RTL.
Every rewrite is listed on stderr, so the area report says which lines were touched.

usage: yosys_compat.py OUT_DIR FILE.sv...
"""
import os
import re
import sys

STRUCT_CAST = re.compile(r"\b\w+::\w+_t'\(")
INT_CAST = re.compile(r"\bint'\(")


def find_close(text, start):
    """Index of the ')' matching the '(' at text[start]."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced parentheses")


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def rewrite_int_casts(text, path, log):
    while True:
        m = INT_CAST.search(text)
        if not m:
            return text
        open_at = m.end() - 1
        close = find_close(text, open_at)
        inner = text[open_at + 1:close]
        log.append("%s:%d: int'(...) -> $signed(32'(...))" % (path, line_of(text, m.start())))
        text = text[:m.start()] + "$signed(32'(" + inner + "))" + text[close + 1:]


def rewrite_returns(text, path, log):
    out = []
    pos = 0
    # `function` at the start of a line: the word also appears in comments.
    func = re.compile(r"^[ \t]*function\b([^\n]*)(.*?)\bendfunction\b", re.S | re.M)
    for m in func.finditer(text):
        body = m.group(0)
        returns = list(re.finditer(r"\breturn\b", body))
        if not returns:
            continue
        name = re.search(r"(\w+)\s*\(", m.group(1))  # the header line: name before '(' 
        tail = body[returns[-1].end():]
        last_stmt = re.fullmatch(r"\s*([^;]*);\s*endfunction", tail, re.S)
        if len(returns) != 1 or not name or not last_stmt:
            sys.exit("%s:%d: function with an early `return`: Yosys 0.23 cannot read it; "
                     "assign the result to the function name instead"
                     % (path, line_of(text, m.start() + returns[0].start())))
        new_body = body[:returns[-1].start()] + name.group(1) + " =" + tail
        log.append("%s:%d: return -> %s =" % (path, line_of(text, m.start() + returns[-1].start()),
                                             name.group(1)))
        out.append(text[pos:m.start()] + new_body)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    out_dir = argv[1]
    os.makedirs(out_dir, exist_ok=True)
    log = []
    for path in argv[2:]:
        text = open(path).read()
        for m in list(STRUCT_CAST.finditer(text)):
            log.append("%s:%d: %s -> (" % (path, line_of(text, m.start()), m.group(0)))
        text = STRUCT_CAST.sub("(", text)
        text = rewrite_int_casts(text, path, log)
        text = rewrite_returns(text, path, log)
        open(os.path.join(out_dir, os.path.basename(path)), "w").write(text)
    for entry in log:
        sys.stderr.write("yosys_compat: " + entry + "\n")


if __name__ == "__main__":
    main(sys.argv)
