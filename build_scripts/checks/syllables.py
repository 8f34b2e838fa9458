"""Vietnamese syllables: a spelling grammar, and a tokeniser that says what each word is.

A Vietnamese word is written as one syllable: onset + rime + tone, where the rime is an
optional medial (o/u), a nucleus and an optional coda. The grammar below follows the
standard orthography (quốc ngữ), with its spelling rules:

- ``c``/``k``/``q``: ``k`` before i, y, e, ê (``kế``, ``kỹ``); ``qu`` for /kw/ (``quốc``,
  ``quyết``); ``c`` elsewhere, never before a medial (no ``coa``, ``cuy``).
- ``g``/``gh`` and ``ng``/``ngh``: the ``h`` forms before i, e, ê only (``ghi``, ``nghiêng``),
  the plain forms never before e, ê (``g`` before i reads as ``gi``: ``gì``, ``gìn``).
- ``gi`` is an onset of its own (``giữa``, ``giá``); before iê it shares the i (``giếng``).
- ``iê`` is written ``yê`` when no onset precedes it or after the medial u (``yên``, ``khuyến``);
  ``ia`` becomes ``ya`` after the medial u (``khuya``).
- codas: c, ch, m, n, ng, nh, p, t and the glides i, y, o, u.
- tones: level, huyền, sắc, hỏi, ngã, nặng; a syllable ending in p, t, c or ch takes only
  sắc or nặng (``học``, ``tập``, never ``hòc``).
- tone placement: on the vowel with a shape mark (ă â ê ô ơ ư; the ơ of ươ) if there is one,
  else on the last vowel before a coda, else on the first of two vowels (``mùa``, ``tài``), the
  middle of three (``ngoài``). For the open ``oa``, ``oe``, ``uy`` both placements are correct
  (``hoá``/``hóa``, ``uỷ``/``ủy``, ``khoẻ``/``khỏe``) and both are accepted.

Native words never begin with f, j, w, z or a bare p; OCR garbage often does ("Pang" for
"Đảng"), so those letters are left to the allow-list.

>>> is_syllable("nghiêng"), is_syllable("hóa"), is_syllable("hoá"), is_syllable("Pang")
(True, True, True, False)
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

# --- the alphabet -------------------------------------------------------------------------

# Combining tone marks (NFD): huyền, sắc, ngã, hỏi, nặng.
TONES = {"\u0300": "huyen", "\u0301": "sac", "\u0303": "nga", "\u0309": "hoi", "\u0323": "nang"}
# Combining shape marks that make letters of their own: breve (ă), circumflex (â ê ô), horn (ơ ư).
SHAPES = {"\u0306", "\u0302", "\u031b"}
LETTERS = set("abcdeghiklmnopqrstuvxyăâđêôơư")
VOWELS = set("aăâeêioôơuưy")
SHAPED_VOWELS = set("ăâêôơư")

# --- onsets and rimes (toneless, lower case) ----------------------------------------------

ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
          "ngh", "nh", "ph", "q", "r", "s", "t", "th", "tr", "v", "x")


def _rimes(nucleus: str, codas: str) -> set[str]:
    return {nucleus + c for c in codas.split(",")}


# Rimes without a medial, by nucleus; "" is the open rime.
PLAIN_RIMES = set().union(
    _rimes("a", ",c,ch,i,m,n,ng,nh,o,p,t,u,y"),
    _rimes("ă", "c,m,n,ng,p,t"),
    _rimes("â", "c,m,n,ng,p,t,u,y"),
    _rimes("e", ",c,m,n,ng,o,p,t"),
    _rimes("ê", ",ch,m,n,nh,p,t,u"),
    _rimes("i", ",a,ch,m,n,nh,p,t,u"),
    _rimes("iê", "c,m,n,ng,p,t,u"),          # after an onset: tiến, kiểm, nghiêng
    _rimes("o", ",c,i,m,n,ng,p,t"),
    _rimes("oo", "c,ng"),                    # soóc, boong
    _rimes("ô", ",c,i,m,n,ng,p,t"),
    _rimes("ơ", ",i,m,n,p,t"),
    _rimes("u", ",a,c,i,m,n,ng,p,t"),
    _rimes("uô", "c,i,m,n,ng,t"),
    _rimes("ư", ",a,c,i,ng,t,u"),
    _rimes("ươ", "c,i,m,n,ng,p,t,u"),
    {"y"},                                   # kỹ, lý, mỹ, ý (also written with i)
)
# iê without an onset is written yê: yên, yêu.
NO_ONSET_RIMES = _rimes("yê", "m,n,ng,t,u")
# Rimes with the medial o (not after q): hoàn, khoẻ, ngoặc.
MEDIAL_O_RIMES = set().union(
    _rimes("oa", ",c,ch,i,m,n,ng,nh,o,p,t,y"),
    _rimes("oă", "c,m,n,ng,t"),
    _rimes("oe", ",n,o,t"),
)
# Rimes with the medial u, after any onset except c and k: huấn, thuế, tuỳ, khuyến, thuở.
MEDIAL_U_RIMES = set().union(
    _rimes("uâ", "n,ng,t,y"),
    _rimes("uê", ",ch,nh"),
    _rimes("uy", ",a,ch,n,nh,t,u"),
    _rimes("uyê", "n,t"),
    {"uơ"},
)
# Rimes of qu (q + medial u) in addition to the above: qua, quan, quăng, que, quốc, qui.
QU_RIMES = MEDIAL_U_RIMES | set().union(
    _rimes("ua", ",c,ch,i,n,ng,nh,o,t,y"),
    _rimes("uă", "c,m,n,ng,t"),
    _rimes("ue", ",n,o,t"),
    {"ui", "uôc"},
)
STOP_CODAS = ("c", "ch", "p", "t")
FRONT = ("i", "y", "e", "ê")  # letters that call for k, gh, ngh


def _rime_ok(onset: str, rime: str) -> bool:
    if not rime:
        return False
    if onset == "q":
        return rime in QU_RIMES
    if rime in NO_ONSET_RIMES or rime == "ya":
        return onset == ""
    if rime in MEDIAL_U_RIMES:
        return onset not in ("c", "k")
    if rime in MEDIAL_O_RIMES:
        return onset not in ("c", "k")
    if rime not in PLAIN_RIMES:
        return False
    front = rime.startswith(FRONT)
    if onset == "k" or onset == "gh" or onset == "ngh":
        return front
    if onset == "c" or onset == "ng":
        return not front
    if onset == "g":
        # g before e/ê must be gh; g before i reads as gi (gì, gìn, giếng), but not gia/giu,
        # which are gi + a, gi + u.
        if rime.startswith(("e", "ê")):
            return False
        if rime.startswith("i"):
            return rime == "i" or rime.startswith("iê") or rime[1:2] not in VOWELS
        return True
    if onset == "gi":
        return not rime.startswith(("i", "y"))
    if onset == "" and rime.startswith("iê"):
        return False  # written yê
    return True


def _vowel_run(onset: str, rime: str) -> tuple[int, str]:
    """Offset (in the rime) and letters of the vowels that can carry the tone."""
    k = 0
    while k < len(rime) and rime[k] in VOWELS:
        k += 1
    start = 1 if onset == "q" else 0  # the u of qu belongs to the onset: quả, quý
    return start, rime[start:k]


def tone_positions(onset: str, rime: str) -> set[int]:
    """Indices in ``rime`` where the tone mark may stand (both styles for oa/oe/uy)."""
    start, v = _vowel_run(onset, rime)
    if not v:
        return set()
    if len(v) == 1:
        return {start}
    shaped = [i for i, ch in enumerate(v) if ch in SHAPED_VOWELS]
    if shaped:
        return {start + shaped[-1]}
    if len(rime) > start + len(v):  # a consonant coda follows: hoàn, huỳnh, toán
        return {start + len(v) - 1}
    if v in ("oa", "oe", "uy"):  # open: old style hoá/uỷ and new style hóa/ủy
        return {start, start + 1}
    if len(v) == 3:  # ngoài, ngoáy, khuỷu
        return {start + 1}
    return {start}  # mùa, tài, kìa, gửi


@dataclass(frozen=True)
class Parsed:
    onset: str
    rime: str
    tone: str  # "" (level) or a name from TONES


def _letters(word: str):
    """Split a lower-case word into toneless letters and (tone, letter index); None if bad."""
    letters: list[str] = []
    tone = ""
    tone_at = -1
    for ch in unicodedata.normalize("NFD", word):
        if ch in TONES:
            if tone or not letters:
                return None
            tone, tone_at = TONES[ch], len(letters) - 1
        elif ch in SHAPES:
            if not letters:
                return None
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
        else:
            letters.append(ch)
    if any(len(x) != 1 or x not in LETTERS for x in letters):
        return None
    return "".join(letters), tone, tone_at


# Memoised: a document repeats the same few thousand syllables, and a Parsed is immutable.
# The cache is bounded (a long-lived process meets new words with every edit).
@lru_cache(maxsize=1 << 16)
def parse(word: str) -> Parsed | None:
    """Parse one syllable (any case); ``None`` when it is not a Vietnamese syllable.

    >>> parse("Quốc")
    Parsed(onset='q', rime='uôc', tone='sac')
    """
    if not word or not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return None
    split = _letters(word.lower())
    if split is None:
        return None
    bare, tone, tone_at = split
    for onset in _LONGEST_ONSET_FIRST:
        if not bare.startswith(onset):
            continue
        rime = bare[len(onset):]
        if not _rime_ok(onset, rime):
            continue
        if tone and rime.endswith(STOP_CODAS) and tone not in ("sac", "nang"):
            continue
        if tone and (tone_at - len(onset)) not in tone_positions(onset, rime):
            continue
        return Parsed(onset, rime, tone)
    return None


# "ngh" is tried before "ng" before "n": the first onset that leaves a valid rime wins.
_LONGEST_ONSET_FIRST = tuple(sorted(ONSETS, key=len, reverse=True))


def is_syllable(word: str) -> bool:
    return parse(word) is not None


def _fold_plain(s: str) -> str:
    s = s.replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if ch not in TONES and ch not in SHAPES)


_FOLDED_ONSETS = sorted({_fold_plain(o) for o in ONSETS}, key=len, reverse=True)
_FOLDED_RIMES = {_fold_plain(r) for r in PLAIN_RIMES | NO_ONSET_RIMES | MEDIAL_O_RIMES | QU_RIMES}


@lru_cache(maxsize=1 << 16)   # called on every OCR token of a passage; tokens repeat
def is_folded_syllable(token: str) -> bool:
    """Could this folded token (no diacritics, đ -> d) be a syllable once restored?

    >>> is_folded_syllable("nguoi"), is_folded_syllable("ngudi"), is_folded_syllable("13")
    (True, False, False)
    """
    token = token.lower()
    return any(token.startswith(o) and token[len(o):] in _FOLDED_RIMES for o in _FOLDED_ONSETS)


def is_marked(word: str) -> bool:
    """True when the word carries a diacritic (tone or shape) or đ."""
    return not word.isascii()   # every diacritic and đ lies outside ASCII


# --- tokeniser ----------------------------------------------------------------------------

# Editor's marks and footnote references: not words of the document.
EDITOR_MARK = re.compile(r"\[(?:ed|\?):[^\]]*\]|\[\?\]")
FOOTNOTE_REF = re.compile(r"\[\^[0-9A-Za-z]+\]:?")
# Web addresses and e-mail: "https://theodoinq.dcs.vn" (the seed prints "https: //..."),
# a bare domain "theodoinq.dcs.vn".
URL = re.compile(r"(?:https?:\s?//|www\.)\S+|\b[\w.-]+@[\w-]+(?:\.[\w-]+)+"
                 r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:vn|com|net|org|gov|edu|int)\b")
# A chunk is what lies between spaces; these are peeled off its ends.
EDGE_PUNCT = "()[]{}\"'“”‘’«».,;:!?…*–—-+|"
# Numbers as printed: 2026, 1.000, 3.0, 100%, 2,5; dates 30/6/2026, 24/7; months 8/2025;
# quarters "Quý IV/2026".
NUMBER = re.compile(r"^\d+(?:[.,]\d+)*%?$|^\d{1,2}/\d{1,2}(?:/\d{2,4})?$|^\d{1,2}/\d{4}$|^[IV]{1,3}/\d{4}$")
# Document numbers: 57-NQ/TW, 350/QĐ-TTg, 02-KH/BCĐTW, 118/2025/NĐ-CP, 33/2021/QH15.
DOC_NUMBER = re.compile(r"^\d+(?:/\d{4})?[-/][A-ZĐ][A-Za-zĐđ0-9]*(?:[-/][A-ZĐ][A-Za-zĐđ0-9]*)*$")
# Roman numerals as section numbers: I, IV, XIII (also lower case in "(iii)").
ROMAN = re.compile(r"^(?=[IVXLC])(?:X{0,3})(?:IX|IV|V?I{0,3})$|^(?=[ivxlc])(?:x{0,3})(?:ix|iv|v?i{0,3})$")
# An outline letter as printed: "a)", "đ)", "(b)".
LETTER_MARKER = re.compile(r"^\(?[a-zđ]\)$")
# Parts of a chunk joined by these are judged one by one: tỉnh/thành phố, ĐMST&CĐS, KH,CN.
JOINERS = re.compile(r"[-/&–,]")
# A chunk: a run of characters between spaces.
CHUNK = re.compile(r"\S+")
# What blank() replaces inside a match: everything but the spaces (line breaks stay).
_NON_SPACE = re.compile(r"\S")


@dataclass(frozen=True)
class Word:
    text: str
    start: int  # position in the text given to words()
    kind: str   # syllable | number | allowed | unknown


class AllowList:
    """Words and phrases accepted although not syllables (source_texts/allowlist.yml)."""

    def __init__(self, words=(), phrases=()):
        # The words of each chunk met so far (see _chunk_words): they depend only on the chunk
        # and on this list, and the texts repeat their chunks. Only a cache: a forked worker
        # fills its own copy, nothing needs to come back.
        self._chunks: dict[str, tuple[tuple[str, int, str], ...]] = {}
        self.words = set(words)
        self.lower = {w for w in self.words if w.islower()}
        self.phrases = sorted(set(phrases), key=len, reverse=True)
        # a phrase may be wrapped over two lines ("(Data\nLake/Data Warehouse)")
        alts = "|".join(r"\s+".join(re.escape(w) for w in p.split()) for p in self.phrases)
        self._phrase_re = re.compile(r"(?<![\w])(?:" + alts + r")(?![\w])") if self.phrases else None

    def __contains__(self, word: str) -> bool:
        return word in self.words or word.lower() in self.lower

    def blank_phrases(self, text: str) -> str:
        if not self._phrase_re:
            return text
        return self._phrase_re.sub(lambda m: " " * len(m.group(0)), text)


_NO_ALLOW_LIST = AllowList()


def blank(pattern: re.Pattern, text: str) -> str:
    """Replace every match with spaces (positions in the text stay valid)."""
    return pattern.sub(lambda m: _NON_SPACE.sub(" ", m.group(0)), text)


def words(text: str, allow: AllowList | None = None) -> Iterator[Word]:
    """Words of a Vietnamese text, each classified.

    >>> [(w.text, w.kind) for w in words("Nghị quyết số 57-NQ/TW (Big Data) B§ ngly", AllowList(phrases=["Big Data"]))]
    [('Nghị', 'syllable'), ('quyết', 'syllable'), ('số', 'syllable'), ('57-NQ/TW', 'number'), ('B§', 'unknown'), ('ngly', 'unknown')]
    """
    for word, start, kind in word_spans(text, allow or _NO_ALLOW_LIST):
        yield Word(word, start, kind)


# Memoised: the syllable and the diacritics checks read the same pieces one after the
# other. A result is an immutable tuple; the key holds the allow-list itself.
@lru_cache(maxsize=1 << 13)
def word_spans(text: str, allow: AllowList) -> tuple[tuple[str, int, str], ...]:
    """words() as (word, start, kind) tuples."""
    text = blank(EDITOR_MARK, text)
    text = blank(FOOTNOTE_REF, text)
    text = blank(URL, text)
    text = allow.blank_phrases(text)
    memo = allow._chunks
    out = []
    for m in CHUNK.finditer(text):
        chunk = m.group(0)
        found = memo.get(chunk)
        if found is None:
            found = memo[chunk] = tuple(_chunk_words(chunk, allow))
        start = m.start()
        if len(found) == 1:          # most chunks are one word
            part, at, kind = found[0]
            out.append((part, start + at, kind))
        else:
            out.extend((part, start + at, kind) for part, at, kind in found)
    return tuple(out)


def _chunk_words(chunk: str, allow: AllowList) -> Iterator[tuple[str, int, str]]:
    """(word, offset in the chunk, kind) of the words of one chunk (what lies between spaces).

    A chunk's words depend only on the chunk and the allow-list, so words() keeps them per
    allow-list: a document says "quản lý nhà nước" hundreds of times.
    """
    if LETTER_MARKER.match(chunk):
        return
    start = len(chunk) - len(chunk.lstrip(EDGE_PUNCT))
    chunk = chunk.strip(EDGE_PUNCT)
    if not chunk:
        return
    if chunk in allow:
        yield chunk, start, "allowed"
    elif NUMBER.match(chunk) or DOC_NUMBER.match(chunk) or ROMAN.match(chunk):
        yield chunk, start, "number"
    elif any(ch.isdigit() for ch in chunk):
        yield chunk, start, "unknown"
    else:
        pos = 0
        for part in JOINERS.split(chunk):
            at = chunk.index(part, pos) if part else pos
            pos = at + len(part)
            if not part:
                continue
            if part in allow:
                kind = "allowed"
            elif is_syllable(part):
                kind = "syllable"
            elif ROMAN.match(part):
                kind = "number"
            else:
                kind = "unknown"
            yield part, start + at, kind
