"""Alignment of restored tokens with OCR tokens: anchors, chaining, affine-gap fill."""
from __future__ import annotations

import difflib
from collections import defaultdict
from functools import lru_cache
from itertools import compress, count

# --- alignment ----------------------------------------------------------------------------

#: Exact runs of this many tokens seed the alignment.
SEED = 3
#: Seeds at least this long anchor it; shorter matches are left to the gap alignment, which
#: can weigh them against their neighbours (a 3-token "tuc hanh chinh" pulled from its
#: place broke 02-KH/BCĐTW IV.1 when 3-token seeds anchored).
ANCHOR = 4
#: Cost of opening a gap in the gap alignment; above the score of one exact token (3) so a
#: single common word ("va", "cac") cannot split an added or omitted passage in two.
GAP_OPEN = 4.0
GAP_EXTEND = 0.2
#: Gap alignments larger than this many cells are split first (memory and time).
MAX_CELLS = 60_000
_VOWELS = frozenset("aeiouy")
# Digits the OCR reads for letters: "s6" = số, "13" = là, "b9" = bộ, "t8i" = tối, "4n" = án.
_OCR_DIGITS = str.maketrans({"0": "o", "1": "l", "3": "a", "4": "a", "5": "o", "6": "o", "8": "o", "9": "o"})


def _distance(a: str, b: str) -> float:
    """Edit distance; a vowel read as another vowel costs half (the OCR's usual error)."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [float(i)]
        for j, y in enumerate(b, 1):
            c = 0 if x == y else (0.5 if x in _VOWELS and y in _VOWELS else 1)
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c))
        prev = cur
    return prev[-1]


@lru_cache(maxsize=None)
def similarity(clean: str, ocr: str) -> int:
    """3 for the same token, 1 for an OCR misreading of it, 0 otherwise.

    >>> similarity("so", "s6"), similarity("dang", "pang"), similarity("la", "13"), similarity("2026", "2025")
    (1, 1, 1, 0)
    """
    if clean == ocr:
        return 3
    if clean.isdigit():
        return 0   # numbers must be read right
    o = ocr.translate(_OCR_DIGITS)
    if o[:1] == "p" and clean[:1] == "d":
        o = "d" + o[1:]   # the OCR reads Đ as P
    if abs(len(clean) - len(o)) > 2:
        return 0
    limit = 1 if len(clean) <= 4 else (2 if len(clean) <= 7 else 3)
    return 1 if _distance(clean, o) <= limit else 0


def _grams(tokens: list, k: int):
    """The runs of k consecutive tokens, as tuples, in order (k shifted copies zipped: no
    Python loop per token)."""
    return zip(*(tokens[s:] for s in range(k)))


def _blocks(a: list[str], b: list[str | None], k: int) -> list[tuple[int, int, int]]:
    """Maximal exact common runs (i, j, n) with n >= k; None in b never matches.

    b is often the whole OCR (a footnote placed on what is left of it): the runs of b that
    are also runs of a are picked out by C-level iterators (zip, map, compress), and only
    those are indexed.
    """
    wanted = set(_grams(a, k))     # a has no None, so neither does a run of b found in it
    index: dict[tuple, list[int]] = defaultdict(list)
    for j in compress(count(), map(wanted.__contains__, _grams(b, k))):
        index[tuple(b[j:j + k])].append(j)
    out = []
    for i, g in enumerate(_grams(a, k)):
        for j in index.get(g, ()):
            if i and j and b[j - 1] is not None and a[i - 1] == b[j - 1]:
                continue   # not the start of a maximal run
            n = k
            while i + n < len(a) and j + n < len(b) and b[j + n] is not None and a[i + n] == b[j + n]:
                n += 1
            out.append((i, j, n))
    return out


def _chain(blocks: list[tuple[int, int, int]], nb: int) -> list[tuple[int, int, int]]:
    """The in-order, non-overlapping subset of blocks with the most tokens."""
    if not blocks:
        return []
    blocks = sorted(blocks)
    size = nb + 2
    tree = [(0, -1)] * (size + 1)   # Fenwick tree of (best score, block) by end in b

    def update(p, v):
        p += 1
        while p <= size:
            if v > tree[p]:
                tree[p] = v
            p += p & -p

    def query(p):
        p += 1
        best = (0, -1)
        while p > 0:
            if tree[p] > best:
                best = tree[p]
            p -= p & -p
        return best

    by_end = sorted(range(len(blocks)), key=lambda x: blocks[x][0] + blocks[x][2])
    ptr = 0
    score = [0] * len(blocks)
    prev = [-1] * len(blocks)
    for x, (i, j, n) in enumerate(blocks):
        while ptr < len(by_end) and blocks[by_end[ptr]][0] + blocks[by_end[ptr]][2] <= i:
            y = by_end[ptr]
            update(blocks[y][1] + blocks[y][2], (score[y], y))
            ptr += 1
        s, p = query(j)
        score[x], prev[x] = s + n, p
    x = max(range(len(blocks)), key=score.__getitem__)
    out = []
    while x != -1:
        out.append(blocks[x])
        x = prev[x]
    return out[::-1]


def _gap_align(a: list[str], b: list[str | None], affine: bool) -> list[tuple[int, int]]:
    """Align two short token lists (Gotoh: substitutions are free, gaps cost GAP_OPEN +
    GAP_EXTEND per token; or, with affine=False, plain weighted LCS). Returns matched pairs."""
    n, m = len(a), len(b)
    go, ge = (GAP_OPEN, GAP_EXTEND) if affine else (0.0, 0.0)
    neg = float("-inf")
    M = [[neg] * (m + 1) for _ in range(n + 1)]
    X = [[neg] * (m + 1) for _ in range(n + 1)]
    Y = [[neg] * (m + 1) for _ in range(n + 1)]
    PM = [[0] * (m + 1) for _ in range(n + 1)]
    PX = [[0] * (m + 1) for _ in range(n + 1)]
    PY = [[0] * (m + 1) for _ in range(n + 1)]
    M[0][0] = 0.0
    for i in range(1, n + 1):
        X[i][0], PX[i][0] = -go - ge * (i - 1), (1 if i > 1 else 0)
    for j in range(1, m + 1):
        Y[0][j], PY[0][j] = -go - ge * (j - 1), (2 if j > 1 else 0)
    for i in range(1, n + 1):
        ai = a[i - 1]
        Mi, Mp, Xi, Xp, Yi, Yp = M[i], M[i - 1], X[i], X[i - 1], Y[i], Y[i - 1]
        PMi, PXi, PYi = PM[i], PX[i], PY[i]
        for j in range(1, m + 1):
            bj = b[j - 1]
            s = (similarity(ai, bj) if affine else (similarity(ai, bj) or -0.001)) if bj is not None else -100.0
            d0, d1, d2 = Mp[j - 1], Xp[j - 1], Yp[j - 1]
            if d0 >= d1 and d0 >= d2:
                Mi[j], PMi[j] = d0 + s, 0
            elif d1 >= d2:
                Mi[j], PMi[j] = d1 + s, 1
            else:
                Mi[j], PMi[j] = d2 + s, 2
            x0, x1, x2 = Mp[j] - go, Xp[j] - ge, Yp[j] - go
            if x0 >= x1 and x0 >= x2:
                Xi[j], PXi[j] = x0, 0
            elif x1 >= x2:
                Xi[j], PXi[j] = x1, 1
            else:
                Xi[j], PXi[j] = x2, 2
            y0, y2, y1 = Mi[j - 1] - go, Yi[j - 1] - ge, Xi[j - 1] - go
            if y0 >= y2 and y0 >= y1:
                Yi[j], PYi[j] = y0, 0
            elif y2 >= y1:
                Yi[j], PYi[j] = y2, 2
            else:
                Yi[j], PYi[j] = y1, 1
    pairs = []
    i, j = n, m
    ends = (M[n][m], X[n][m], Y[n][m])
    state = ends.index(max(ends))
    while i > 0 or j > 0:
        if state == 0:
            nxt = PM[i][j]
            if b[j - 1] is not None and similarity(a[i - 1], b[j - 1]) > 0:
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif state == 1:
            nxt = PX[i][j]
            i -= 1
        else:
            nxt = PY[i][j]
            j -= 1
        state = nxt
    return pairs[::-1]


def _fill(a, b, a0, a1, b0, b1, pairs, affine):
    """Align a[a0:a1] with b[b0:b1] (between two anchors) into ``pairs``."""
    ga, gb = a[a0:a1], b[b0:b1]
    if not ga or not gb:
        return
    if len(ga) * len(gb) <= MAX_CELLS:
        pairs.extend((a0 + i, b0 + j) for i, j in _gap_align(ga, gb, affine))
        return
    # One side much longer: one stretch is missing from the other side. Align the shorter
    # side with both ends of the longer one (where its counterpart can be).
    short, long_ = (ga, gb) if len(ga) < len(gb) else (gb, ga)
    w = 2 * len(short) + 20
    if len(long_) > 2 * w and len(short) * 2 * w <= MAX_CELLS:
        idx = list(range(w)) + list(range(len(long_) - w, len(long_)))
        sub = [long_[k] for k in idx]
        if short is ga:
            pairs.extend((a0 + i, b0 + idx[j]) for i, j in _gap_align(ga, sub, affine))
        else:
            pairs.extend((a0 + idx[i], b0 + j) for i, j in _gap_align(sub, gb, affine))
        return
    # Both long: split at exact matches of two or more tokens, then recurse.
    sm = difflib.SequenceMatcher(None, ga, gb, autojunk=False)
    pa = pb = 0
    for blk in sm.get_matching_blocks():
        if blk.size >= 2 or blk.size == 0:
            _fill(a, b, a0 + pa, a0 + blk.a, b0 + pb, b0 + blk.b, pairs, affine)
            pairs.extend((a0 + blk.a + t, b0 + blk.b + t) for t in range(blk.size))
            pa, pb = blk.a + blk.size, blk.b + blk.size


def align(a: list[str], b: list[str | None], affine: bool = True) -> list[tuple[int, int]]:
    """Matched pairs (i, j) of tokens a[i] ~ b[j], in order; None in b never matches.

    >>> align("ke hoach nay duoc ban hanh".split(), "ke hoach n4y dugc ban hanh".split())
    [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    """
    # The maximal runs of ANCHOR tokens or more are those found from seeds of SEED tokens
    # that reach ANCHOR, at the same starts and in the same order; seeding with ANCHOR
    # tokens directly skips pairing every repeated three-token phrase ("cac bo nganh").
    chain = _chain(_blocks(a, b, ANCHOR), len(b))
    pairs: list[tuple[int, int]] = []
    pa = pb = 0
    for i, j, n in chain + [(len(a), len(b), 0)]:
        _fill(a, b, pa, i, pb, j, pairs, affine)
        pairs.extend((i + t, j + t) for t in range(n))
        pa, pb = i + n, j + n
    return sorted(pairs)


def _place(seg: list[str], b: list[str | None], min_share: float, affine: bool = True) -> list[tuple[int, int]]:
    """Find a passage (moved text, a footnote, a meta field) in what is left of the OCR:
    the densest in-order cluster of exact runs, aligned there; [] when too little matches.
    A short passage with no exact run (a garbled header line) is tried where one of its
    distinctive words (a number, a word of four letters or more) stands."""
    if not seg:
        return []
    k = min(SEED, len(seg))
    chain = _chain(_blocks(seg, b, k), len(b))
    if not chain:
        return _place_short(seg, b, min_share) if len(seg) <= 20 else []
    clusters = [[chain[0]]]
    for blk in chain[1:]:
        last = clusters[-1][-1]
        gap_b = blk[1] - (last[1] + last[2])
        gap_a = blk[0] - (last[0] + last[2])
        if gap_b > max(30, 2 * gap_a + 10):
            clusters.append([blk])
        else:
            clusters[-1].append(blk)
    best = max(clusters, key=lambda c: sum(x[2] for x in c))
    j0 = max(0, best[0][1] - best[0][0] - 5)
    j1 = min(len(b), best[-1][1] + best[-1][2] + (len(seg) - best[-1][0] - best[-1][2]) + 5)
    pairs = [(i, j0 + j) for i, j in align(seg, b[j0:j1], affine)]
    return pairs if len(pairs) >= min_share * len(seg) else []


def _place_short(seg: list[str], b: list[str | None], min_share: float) -> list[tuple[int, int]]:
    distinctive = {t: i for i, t in enumerate(seg) if t.isdigit() or len(t) >= 3}
    best: list[tuple[int, int]] = []
    tried = 0
    for j, t in enumerate(b):
        if t is None or t not in distinctive or tried > 200:
            continue
        tried += 1
        j0 = max(0, j - distinctive[t] - 3)
        j1 = min(len(b), j0 + len(seg) + 6)
        pairs = [(i, j0 + jj) for i, jj in _gap_align(seg, b[j0:j1], True)]
        if len(pairs) > len(best):
            best = pairs
    return best if len(best) >= max(2, min_share * len(seg)) else []


def _align_cells(cells: list[list[str]], window: list[str | None]) -> list[list[tuple[int, int]]]:
    """Align the cells of one table row with the row's OCR lines.

    Each cell is aligned with the whole window; an OCR token claimed by two cells (a task
    that says "Bộ Khoa học và Công nghệ" beside a coordinators cell that says it too) goes
    to the cell whose claim sits in the longer run of consecutive matches, and the losing
    cells are aligned again on what the others have not won (three rounds at most).
    """
    result: list[list[tuple[int, int]]] = [[] for _ in cells]
    owner: dict[int, int] = {}
    todo = list(range(len(cells)))
    for _ in range(3):
        if not todo:
            break
        claims: dict[int, list[tuple[int, int, int]]] = defaultdict(list)   # j -> (support, -cell, i)
        for c in todo:
            for j in [j for j, o in owner.items() if o == c]:
                del owner[j]
            result[c] = []
            sub = [None if j in owner else t for j, t in enumerate(window)]
            pairs = align(cells[c], sub, affine=False)
            support = [1] * len(pairs)
            for k in range(1, len(pairs)):
                if pairs[k - 1] == (pairs[k][0] - 1, pairs[k][1] - 1):
                    support[k] = support[k - 1] + 1
            for k in range(len(pairs) - 2, -1, -1):
                if pairs[k + 1] == (pairs[k][0] + 1, pairs[k][1] + 1):
                    support[k] = support[k + 1]
            for (i, j), n in zip(pairs, support):
                claims[j].append((n, -c, i))
        lost: set[int] = set()
        for j, cl in claims.items():
            _, neg_c, i = max(cl)
            owner[j] = -neg_c
            result[-neg_c].append((i, j))
            lost.update(-x[1] for x in cl if x[1] != neg_c)
        todo = sorted(lost)
    return [sorted(r) for r in result]


def _runs(flags: list[bool]) -> list[tuple[int, int]]:
    """(start, length) of each run of False."""
    out = []
    start = None
    for k, f in enumerate(flags + [True]):
        if not f and start is None:
            start = k
        elif f and start is not None:
            out.append((start, k - start))
            start = None
    return out
