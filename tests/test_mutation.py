"""The mutation test: a seeded sample of damaged copies of the real sources (tests/damage.py),
each keeping the contract of issue 9 (no internal error, no hang, a located error or a clean
check whose pages render). The whole set runs with ``.venv/bin/python -m tests.damage``;
``DAMAGE_SEED`` and ``DAMAGE_COUNT`` choose another sample here."""
import os

from tests.damage import damages, run_all


def test_a_sample_of_damaged_sources_keeps_the_contract():
    seed = int(os.environ.get("DAMAGE_SEED", "20261202"))
    count = int(os.environ.get("DAMAGE_COUNT", "80"))
    sample = damages(seed, count)
    outcomes = run_all(sample, workers=2)
    assert len(outcomes) == count
    broken = [f"{o.damage.file} [{o.damage.name}]: {'; '.join(o.broken)}" for o in outcomes if o.broken]
    assert not broken, f"seed {seed}:\n" + "\n".join(broken)
    # the sample is a real mix: some damages are caught, some are harmless edits
    assert {o.rc for o in outcomes} == {0, 1}
