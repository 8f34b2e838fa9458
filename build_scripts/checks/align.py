"""Alignment of restored tokens with OCR tokens: anchors, chaining, affine-gap fill."""
from __future__ import annotations

import difflib
from bisect import bisect_left, bisect_right
from collections import defaultdict
from functools import lru_cache
from heapq import merge
from itertools import compress, count, repeat
from typing import Iterator

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


def _distance(a: str, b: str, limit: float = float("inf")) -> float:
    """Edit distance; a vowel read as another vowel costs half (the OCR's usual error).

    With ``limit``, stops as soon as the distance is known to exceed it and returns the
    smallest value of the last row computed (some value > limit): a row's minimum never
    decreases from one row to the next, and the distance is in the last row.
    """
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [float(i)]
        for j, y in enumerate(b, 1):
            c = 0 if x == y else (0.5 if x in _VOWELS and y in _VOWELS else 1)
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c))
        prev = cur
        low = min(cur)
        if low > limit:
            return low
    return prev[-1]


def _letters_apart(a: frozenset[str], b: frozenset[str]) -> float:
    """A lower bound of the _distance() of two words, from their sets of letters: a letter
    of one word that the other lacks must be deleted, inserted or replaced, one edit each,
    costing 1 for a consonant and at least 0.5 for a vowel (read as another vowel)."""
    only_a, only_b = a - b, b - a
    return max(len(only_a) - 0.5 * len(only_a & _VOWELS), len(only_b) - 0.5 * len(only_b & _VOWELS))


@lru_cache(maxsize=1 << 16)
def _ocr_reading(ocr: str) -> tuple[str, frozenset[str]]:
    """An OCR token with its digits read as the letters they stand for, and its letters."""
    o = ocr.translate(_OCR_DIGITS)
    return o, frozenset(o)


def _similarities(clean: str, tokens) -> Iterator[tuple[str, int]]:
    """(token, similarity(clean, token)) for each OCR token, computed (the memo
    _RESEMBLANCE keeps them). What depends on the clean token alone is worked out once, and
    two lower bounds of the distance (length, letters) settle most pairs without it."""
    if clean.isdigit():
        for u in tokens:
            yield u, (3 if u == clean else 0)    # numbers must be read right
        return
    n = len(clean)
    limit = 1 if n <= 4 else (2 if n <= 7 else 3)
    reach = min(2, limit)    # the distance is at least the difference in length
    letters = frozenset(clean)
    for u in tokens:
        if u == clean:
            yield u, 3
        elif abs(n - len(u)) > reach:          # reading digits keeps the length
            yield u, 0
        else:
            o, o_letters = _ocr_reading(u)
            if o[:1] == "p" and clean[:1] == "d":
                o = "d" + o[1:]   # the OCR reads Đ as P
                o_letters = frozenset(o)
            if _letters_apart(letters, o_letters) > limit:
                yield u, 0
            else:
                yield u, (1 if _distance(clean, o, limit) <= limit else 0)


#: The memo of similarity() is emptied when it holds this many pairs (about 60 MB).
MEMO_PAIRS = 1_000_000


class _Resemblance:
    """The memo of similarity(), by clean token: the OCR tokens it resembles (with the
    score), and the set of all the OCR tokens it was compared with.

    A document compares the same pairs again and again (every window of the gap alignment,
    every cell of a table row against the row's lines). _near() asks about a whole window
    of OCR tokens at once: the tokens never met are found by one set difference, and a row
    of scores is then read off the small dict of resembling tokens. Only a cache: each
    process (or forked worker) fills its own, and it is emptied when it grows past
    MEMO_PAIRS; results never depend on what it holds.
    """

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.near: dict[str, dict[str, int]] = {}
        self.seen: dict[str, set[str]] = {}
        self.pairs = 0

    def resembling(self, clean: str, ocr_tokens: set[str]) -> dict[str, int]:
        """{ocr token: score} of every token that ``clean`` resembles, among ``ocr_tokens``
        (None excluded) and any met before: the memo's own dict, to look up, not to change
        or iterate."""
        near = self.near.get(clean)
        if near is None:
            if self.pairs > MEMO_PAIRS:
                self.clear()
            near = self.near[clean] = {}
            seen = self.seen[clean] = set()
        else:
            seen = self.seen[clean]
        new = ocr_tokens - seen          # (set - set iterates the smaller side)
        if new:
            seen |= new
            self.pairs += len(new)
            for u, score in _similarities(clean, new):
                if score:
                    near[u] = score
        return near

    def score(self, clean: str, ocr: str) -> int:
        near = self.near.get(clean)
        if near is not None and ocr in self.seen[clean]:
            return near.get(ocr, 0)
        return self.resembling(clean, {ocr}).get(ocr, 0)


_RESEMBLANCE = _Resemblance()


def resembling(clean: str, ocr_tokens: set[str]) -> dict[str, int]:
    """{OCR token: similarity} of the tokens of ``ocr_tokens`` that ``clean`` resembles
    (the dict may hold others met before: look up, do not iterate)."""
    return _RESEMBLANCE.resembling(clean, ocr_tokens)


def similarity(clean: str, ocr: str) -> int:
    """3 for the same token, 1 for an OCR misreading of it, 0 otherwise.

    >>> similarity("so", "s6"), similarity("dang", "pang"), similarity("la", "13"), similarity("2026", "2025")
    (1, 1, 1, 0)
    """
    return _RESEMBLANCE.score(clean, ocr)


def _grams(tokens: list, k: int):
    """The runs of k consecutive tokens, as tuples, in order (k shifted copies zipped: no
    Python loop per token)."""
    return zip(*(tokens[s:] for s in range(k)))


class RunIndex:
    """Where each token stands in a token list that afterwards only loses tokens (the OCR,
    whose tokens become None as the text accounts for them).

    A footnote, a table heading or a meta field is placed on what is left of the whole
    OCR: rather than reading all of it for each, _blocks() and _place_short() look their
    tokens up here and keep the places still free.
    """

    def __init__(self, tokens: list[str]):
        self._tokens = list(tokens)
        self._at: dict[str, list[int]] | None = None     # built on first use

    def positions(self, token: str) -> list[int]:
        """Where ``token`` stood, in order."""
        if self._at is None:
            self._at = defaultdict(list)
            for j, t in enumerate(self._tokens):
                self._at[t].append(j)
        return self._at.get(token, [])

    def starts(self, run: tuple, b: list[str | None]) -> list[int]:
        """Where ``run`` starts in b (this list as it is now), in order: found from the
        places of its rarest token."""
        r = min(range(len(run)), key=lambda r: len(self.positions(run[r])))
        k = len(run)
        return [p - r for p in self.positions(run[r]) if p >= r and tuple(b[p - r:p - r + k]) == run]


def _blocks(a: list[str], b: list[str | None], k: int, runs: RunIndex | None = None) -> list[tuple[int, int, int]]:
    """Maximal exact common runs (i, j, n) with n >= k; None in b never matches.

    ``runs``: an index of b as it was before it lost tokens (see RunIndex). Without it the
    runs of b that are also runs of a are picked out by C-level iterators (zip, map,
    compress), and only those are indexed.
    """
    wanted = set(_grams(a, k))     # a has no None, so neither does a run of b found in it
    index: dict[tuple, list[int]] = defaultdict(list)
    if runs is not None:
        for g in wanted:
            still = runs.starts(g, b)
            if still:
                index[g] = still
    else:
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


def _chain(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """The in-order, non-overlapping subset of blocks with the most tokens.

    Blocks are taken in order of their start in a; each extends the best chain among the
    blocks that end (in a) before it starts and end in b at or before its start in b.
    That best is a prefix maximum over the end in b, kept as a staircase (ends in b and
    best values, both increasing, searched by bisection): (score, block) is one int,
    score * base + block + 1, which orders as the pair does.
    """
    if not blocks:
        return []
    blocks = sorted(blocks)
    base = len(blocks) + 1
    ends: list[int] = []   # ends in b where the best so far improves ...
    best: list[int] = []   # ... and that best: the maximum over every end <= ends[t]

    def update(p, v):
        t = bisect_right(ends, p)
        if t and best[t - 1] >= v:
            return                          # a chain ending at or before p is as good
        u = bisect_right(best, v, t)        # the steps after p that v now covers
        if t and ends[t - 1] == p:
            t -= 1
        ends[t:u] = [p]
        best[t:u] = [v]

    def query(p):
        t = bisect_right(ends, p)
        return best[t - 1] if t else 0      # 0 = (score 0, no block)

    by_end = sorted(range(len(blocks)), key=lambda x: blocks[x][0] + blocks[x][2])
    ptr = 0
    score = [0] * len(blocks)
    prev = [-1] * len(blocks)
    for x, (i, j, n) in enumerate(blocks):
        while ptr < len(by_end) and blocks[by_end[ptr]][0] + blocks[by_end[ptr]][2] <= i:
            y = by_end[ptr]
            update(blocks[y][1] + blocks[y][2], score[y] * base + y + 1)
            ptr += 1
        s, p = divmod(query(j), base)
        score[x], prev[x] = s + n, p - 1
    x = max(range(len(blocks)), key=score.__getitem__)
    out = []
    while x != -1:
        out.append(blocks[x])
        x = prev[x]
    return out[::-1]


def _near(a: list[str], vocabulary: set[str]) -> dict[str, dict[str, int]]:
    """For each distinct token of a: {OCR token: score} of the tokens of ``vocabulary`` it
    resembles (similarity() > 0). The dicts may hold other tokens too: look up, never
    iterate; None (a token already accounted for) is in none of them."""
    return {t: _RESEMBLANCE.resembling(t, vocabulary) for t in set(a)}


def _vocabulary(b: list[str | None]) -> set[str]:
    tokens = set(b)
    tokens.discard(None)
    return tokens


#: The memo of _gap_align() is emptied when it holds this many alignments (about 20 MB, the
#: alignments of some 80 documents).
MEMO_GAPS = 20_000
_GAPS: dict[tuple, tuple[tuple[int, int], ...]] = {}


def _gap_align(a: list[str], b: list[str | None], affine: bool,
               near: dict[str, dict[str, int]] | None = None) -> tuple[tuple[int, int], ...]:
    """Align two short token lists (see _gap_pairs). Returns matched pairs.

    Memoised by the tokens themselves: the same stretch of text between the same anchors
    meets the same stretch of OCR again in another document of an archive (a standard
    phrase, a recipient, a copy of a plan), and a table cell is aligned again in a later
    round. Only a cache (each process or forked worker fills its own, emptied past
    MEMO_GAPS); ``near`` only saves work, the result never depends on it.
    """
    key = (tuple(a), tuple(b), affine)
    pairs = _GAPS.get(key)
    if pairs is None:
        if len(_GAPS) >= MEMO_GAPS:
            _GAPS.clear()
        pairs = _GAPS[key] = tuple(_gap_pairs(a, b, affine, near))
    return pairs


def _gap_pairs(a: list[str], b: list[str | None], affine: bool,
               near: dict[str, dict[str, int]] | None = None) -> list[tuple[int, int]]:
    """Align two short token lists (Gotoh: substitutions are free, gaps cost GAP_OPEN +
    GAP_EXTEND per token; or, with affine=False, plain weighted LCS). Returns matched pairs.

    Three scores per cell (i, j): M ends in a substitution of a[i-1] by b[j-1], X in a gap
    in b (a[i-1] skipped), Y in a gap in a (b[j-1] skipped)::

        M[i][j] = max(M, X, Y)[i-1][j-1] + score(a[i-1], b[j-1])
        X[i][j] = max(M[i-1][j] - open, X[i-1][j] - extend, Y[i-1][j] - open)
        Y[i][j] = max(M[i][j-1] - open, Y[i][j-1] - extend, X[i][j-1] - open)

    score is similarity() (0 for a mismatch: substitutions are free), or with affine=False
    similarity() or -0.001 for a mismatch; -100 against None. The fill computes values
    only; the traceback (_trace) recomputes the choices, with the same comparisons and ties,
    for the cells on the path alone. ``near``: _near() of a, if the caller has it.
    """
    if near is None:
        near = _near(a, _vocabulary(b))
    if affine:
        taken = [j for j, u in enumerate(b) if u is None]
        rows = {}
        for t in near:
            rows[t] = row = list(map(near[t].get, b, repeat(0)))
            for j in taken:
                row[j] = -100.0
        table = [rows[t] for t in a]
        cells = _fill_affine(len(a), len(b), table)
        return _trace(len(a), len(b), lambda i, j: table[i][j], cells, GAP_OPEN, GAP_EXTEND)
    cells = _fill_lcs(a, b, near)
    return _trace(len(a), len(b), lambda i, j: -100.0 if b[j] is None else near[a[i]].get(b[j], -0.001),
                  cells, 0.0, 0.0)


_NEG = float("-inf")


def _fill_affine(n: int, m: int, scores: list[list[float]]):
    """The values of the affine-gap alignment, one row at a time, through H = max(M, X, Y):

        M[i][j] = H[i-1][j-1] + score
        X[i][j] = max(H[i-1][j] - open, X[i-1][j] - extend)
        Y[i][j] = max(H[i][j-1] - open, Y[i][j-1] - extend)

    the same values as the three-way maxima (H - open adds X - open, which never beats
    X - extend), with fewer operations per cell. H, X and Y are kept; M is recomputed for
    the traceback from H and the score.
    """
    go, ge, neg = GAP_OPEN, GAP_EXTEND, _NEG
    first_row = [neg] + [-go - ge * (j - 1) for j in range(1, m + 1)]   # Y[0][j]: a gap along the top
    H = [[0.0] + first_row[1:]]
    X = [[neg] * (m + 1)]
    Y = [first_row]
    for i in range(1, n + 1):
        Hp, Xp = H[i - 1], X[i - 1]
        x_first = -go - ge * (i - 1)           # X[i][0]: a gap in b down the left side
        Hi, Xi, Yi = [x_first], [x_first], [neg]
        hd = Hp[0]                             # H of the diagonal neighbour (i-1, j-1)
        hl, yl = x_first, neg                  # H and Y of the left neighbour (i, j-1)
        for s, hu, xu in zip(scores[i - 1], Hp[1:], Xp[1:]):   # H and X of the cell above
            h = hd + s                         # M
            x = hu - go
            t = xu - ge
            if t > x:
                x = t
            y = hl - go
            t = yl - ge
            if t > y:
                y = t
            if x > h:
                h = x
            if y > h:
                h = y
            Hi.append(h)
            Xi.append(x)
            Yi.append(y)
            hd, hl, yl = hu, h, y
        H.append(Hi)
        X.append(Xi)
        Y.append(Yi)

    def M(i, j):
        if i == 0 or j == 0:
            return 0.0 if i == j == 0 else neg
        return H[i - 1][j - 1] + scores[i - 1][j - 1]

    return M, (lambda i, j: X[i][j]), (lambda i, j: Y[i][j])


def _fill_lcs(a: list[str], b: list[str | None], near: dict[str, dict[str, int]]):
    """The M, X, Y values of the alignment without gap costs (affine=False), from the one
    matrix H = max(M, X, Y): then X[i][j] = H[i-1][j], Y[i][j] = H[i][j-1] and M[i][j] =
    H[i-1][j-1] + score, so

        H[i][j] = max(H[i-1][j-1] + score, H[i-1][j], H[i][j-1]).

    Every row of H is non-decreasing (H[i][j-1] is a candidate of H[i][j]), so where the
    score is negative (a mismatch, None) H[i-1][j-1] + score <= H[i-1][j] and the cell is
    just max(H[i-1][j], H[i][j-1]): the row above, carried right. Only the cells where a[i]
    resembles b[j] can raise the row, to their value until the row above reaches it again
    (found by bisection). A row costs a list copy and a few steps per resembling token, not
    a Python step per cell; the values are the same, operation for operation.
    """
    n, m = len(a), len(b)
    edge = -0.0                                # -open - extend * k, with no gap costs
    at: dict[str, list[int]] = defaultdict(list)
    for j, u in enumerate(b):
        if u is not None:
            at[u].append(j + 1)                # columns of H
    bumps: dict[str, list[tuple[int, float]]] = {}
    for t, scores in near.items():
        bumps[t] = sorted((col, scores[u]) for u in at.keys() & scores.keys() for col in at[u])
    H = [[0.0] + [edge] * m]
    for i in range(1, n + 1):
        above = H[i - 1]
        row = above[:]
        row[0] = edge
        for col, score in bumps[a[i - 1]]:
            v = above[col - 1] + score
            if v > row[col]:
                end = bisect_left(above, v, col + 1)
                row[col:end] = [v] * (end - col)
        H.append(row)
    neg = _NEG

    def M(i, j):
        if i == 0 or j == 0:
            return 0.0 if i == j == 0 else neg
        u = b[j - 1]
        return H[i - 1][j - 1] + (-100.0 if u is None else near[a[i - 1]].get(u, -0.001))

    def X(i, j):
        return neg if i == 0 else (edge if j == 0 else H[i - 1][j])

    def Y(i, j):
        return neg if j == 0 else (edge if i == 0 else H[i][j - 1])

    return M, X, Y


def _trace(n: int, m: int, score, cells, go: float, ge: float) -> list[tuple[int, int]]:
    """The matched pairs on the best path back from (n, m), starting from the first best of
    M, X, Y there. At each cell the state it came from is chosen as the fill would have:
    ties go to M, then X (for M and X) or Y (for Y); along the edges gaps run to (0, 0).
    ``score(i, j)`` is the score of a[i] against b[j]."""
    M, X, Y = cells
    pairs = []
    i, j = n, m
    ends = (M(n, m), X(n, m), Y(n, m))
    state = ends.index(max(ends))
    while i > 0 or j > 0:
        if i == 0 or j == 0:
            if state == 1 and j == 0:
                nxt = 1 if i > 1 else 0
            elif state == 2 and i == 0:
                nxt = 2 if j > 1 else 0
            else:
                nxt = 0
        elif state == 0:
            d0, d1, d2 = M(i - 1, j - 1), X(i - 1, j - 1), Y(i - 1, j - 1)
            nxt = 0 if d0 >= d1 and d0 >= d2 else (1 if d1 >= d2 else 2)
        elif state == 1:
            x0, x1, x2 = M(i - 1, j) - go, X(i - 1, j) - ge, Y(i - 1, j) - go
            nxt = 0 if x0 >= x1 and x0 >= x2 else (1 if x1 >= x2 else 2)
        else:
            y0, y2, y1 = M(i, j - 1) - go, Y(i, j - 1) - ge, X(i, j - 1) - go
            nxt = 0 if y0 >= y2 and y0 >= y1 else (2 if y2 >= y1 else 1)
        if state == 0:
            if score(i - 1, j - 1) > 0:       # a match, not a free substitution
                pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif state == 1:
            i -= 1
        else:
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
    chain = _chain(_blocks(a, b, ANCHOR))
    pairs: list[tuple[int, int]] = []
    pa = pb = 0
    for i, j, n in chain + [(len(a), len(b), 0)]:
        _fill(a, b, pa, i, pb, j, pairs, affine)
        pairs.extend((i + t, j + t) for t in range(n))
        pa, pb = i + n, j + n
    return sorted(pairs)


def _place(seg: list[str], b: list[str | None], min_share: float, affine: bool = True,
           runs: RunIndex | None = None) -> list[tuple[int, int]]:
    """Find a passage (moved text, a footnote, a meta field) in what is left of the OCR:
    the densest in-order cluster of exact runs, aligned there; [] when too little matches.
    A short passage with no exact run (a garbled header line) is tried where one of its
    distinctive words (a number, a word of four letters or more) stands. ``runs``: an
    index of the OCR before it lost tokens (RunIndex), to find the exact runs faster."""
    if not seg:
        return []
    k = min(SEED, len(seg))
    chain = _chain(_blocks(seg, b, k, runs))
    if not chain:
        return _place_short(seg, b, min_share, runs) if len(seg) <= 20 else []
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


def _place_short(seg: list[str], b: list[str | None], min_share: float,
                 runs: RunIndex | None = None) -> list[tuple[int, int]]:
    distinctive = {t: i for i, t in enumerate(seg) if t.isdigit() or len(t) >= 3}
    if runs is not None:     # where the distinctive words stood, in order, if still free
        found = merge(*(runs.positions(t) for t in distinctive))
        found = (j for j in found if b[j] is not None)
    else:
        found = compress(count(), map(distinctive.__contains__, b))   # None is not distinctive
    windows = []    # where a distinctive word stands, at most 201 of them
    for j in found:
        if len(windows) > 200:
            break
        j0 = max(0, j - distinctive[b[j]] - 3)
        windows.append((j0, min(len(b), j0 + len(seg) + 6)))
    # the resembling tokens of the segment's words, once for all the windows
    near = _near(seg, _vocabulary([u for j0, j1 in windows for u in b[j0:j1]]))
    best: list[tuple[int, int]] = []
    for j0, j1 in windows:
        pairs = [(i, j0 + jj) for i, jj in _gap_align(seg, b[j0:j1], True, near)]
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
