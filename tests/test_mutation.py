"""The mutation test: a seeded sample of damaged copies of the real sources (tests/damage.py),
each keeping the contract of issue 9 (no internal error, no hang, a located error or a clean
check whose pages render). The whole set runs with ``.venv/bin/python -m tests.damage``;
``DAMAGE_SEED`` and ``DAMAGE_COUNT`` choose another sample here. The sample is cut into
chunks so that ``pytest -n 2`` spreads it over both cores."""
import os

import pytest

from tests.damage import damages, run_all

SEED = int(os.environ.get("DAMAGE_SEED", "20261202"))
COUNT = int(os.environ.get("DAMAGE_COUNT", "64"))
CHUNKS = 4
SAMPLE = damages(SEED, COUNT)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_a_sample_of_damaged_sources_keeps_the_contract(chunk):
    part = SAMPLE[chunk::CHUNKS]
    outcomes = run_all(part, workers=1)
    assert len(outcomes) == len(part)
    broken = [f"{o.damage.file} [{o.damage.name}]: {'; '.join(o.broken)}" for o in outcomes if o.broken]
    assert not broken, f"seed {SEED}:\n" + "\n".join(broken)


def test_the_sample_is_a_real_mix():
    """Damages of every kind and every file type are drawn, not only harmless ones."""
    kinds = {d.name.split()[0].split("@")[0] for d in SAMPLE}
    assert len(kinds) >= 10, kinds
    assert {d.file.rsplit(".", 1)[-1] for d in SAMPLE} == {"txt", "yml"}
