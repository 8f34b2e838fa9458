"""Thresholds and fixed strings of the text checks, each with the measurement behind it."""
from __future__ import annotations

import re

# --- thresholds ---------------------------------------------------------------------------
# Measured on the real texts (docs-dev/CHECKS.md has the tables; tests/test_checks.py
# measures them again and fails if they drift past a threshold). OCR noise alone, after the
# alignment below, leaves in running text restored-only runs of at most 4 tokens and OCR-only
# runs of at most 4 words: Plan 17's clean seed against its own OCR (seed 000, ~9,900 tokens
# each way) 4 and 2; 02-KH/BCĐTW, the noisiest OCR, 4 and 4; 46-TB/TGV 4 and 3; 350/QĐ-TTg
# 2 and 4. The appendix table of 350/QĐ-TTg is noisier: 5-token restored-only runs, and up
# to 11 words of a row's OCR lines unused. A passage of n words added to Plan 17's clean
# text at random is flagged in 40 of 40 trials for each n = 6, 7, 8, 10 (as a run of n
# tokens or more in all but one, which came out as 7 of 8); 10 words deleted
# leave an OCR-only run of 6 words or more in 36 of 40 (the OCR garbles some of them into
# non-words such as "ngudi", which do not count).

#: A run of this many restored tokens absent from the OCR is an error (possible invented text).
INVENTED_RUN = 6
#: The same in an appendix table, whose OCR is noisier (columns interleaved, stamps).
INVENTED_RUN_TABLE = 8
#: A run of OCR tokens absent from the restored text with this many words is a warning
#: (possible omission).
OMITTED_RUN = 6
#: In a table the OCR of a cell is cut by the other columns line by line, so an omitted
#: sentence leaves several short runs: a row whose OCR lines leave this many words
#: unaccounted for, in all, is a warning too.
OMITTED_ROW = 16
#: Paragraphs with at least this many syllables are judged for diacritics.
MIN_SYLLABLES = 8
#: A judged paragraph whose share of marked syllables is below this is an error. Plan 17's
#: clean text: lowest paragraph 69%, 5th percentile 75%, median 88% (154 paragraphs); the
#: four restored texts: lowest 60% (a 10-syllable heading). OCR paragraphs: median 5-8%,
#: 95th percentile 11-18%, highest 44% (a 9-syllable heading of 02-KH, "2.1. Vé thé ché").
LOW_DIACRITIC_SHARE = 0.40
#: Up to this many unknown words in a document are warnings; more is an error. The restored
#: texts have none once the allow-list holds their acronyms; OCR has 14 to 60 per 100 words
#: (median 31-40), so one unrestored paragraph of 40 words brings 6 to 24.
MAX_UNKNOWN_WORDS = 10

ALLOWLIST = "source_texts/allowlist.yml"
KIND_NAMES = {"plan": "Kế hoạch", "conclusion": "Thông báo kết luận", "decision": "Quyết định"}
# The fixed headers printed above every party / state document; not part of any meta field.
FORM_HEADERS = ("ĐẢNG CỘNG SẢN VIỆT NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc")
APPENDIX_CELLS = ("task", "lead", "coordinators", "output", "deadline")

# Word tokens of folded text: letters and digits ("57-NQ/TW" -> 57 nq tw).
TOKEN = re.compile(r"[^\W_]+")
# In a comment that says "dropped": a quoted passage, or OCR line numbers.
QUOTED = re.compile(r'"([^"\n]+)"|“([^”\n]+)”')
# Sentences of a comment: split after . ! ? before a capital ("IV.3" stays whole).
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐ\"“(])")
OCR_LINES = re.compile(r"OCR lines?\s+((?:\d+(?:\s*[-–]\s*\d+)?)(?:\s*(?:,|and|&)\s*\d+(?:\s*[-–]\s*\d+)?)*)")
