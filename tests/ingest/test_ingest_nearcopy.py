"""MinHash near-copy detection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from khronika.ingest import nearcopy


@pytest.fixture
def seed(seeds_dir: Path) -> Callable[[str], str]:
    """A seed report's text, by file name."""
    return lambda name: (seeds_dir / name).read_text(encoding="utf-8")


def edited_copy(text: str) -> str:
    """A republished press release: a few words changed, two paragraphs swapped."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
    edited = "\n\n".join(paragraphs)
    for old, new in (("extremely", "very"), ("violent", "brutal"), ("Russian", "the Russian")):
        edited = edited.replace(old, new, 1)
    return "REPOSTED: " + edited + "\n\nShare this article on social media."


def test_edited_copy_is_a_copy(seed: Callable[[str], str]) -> None:
    original = seed("crd-jmg-attack.txt")
    a = nearcopy.signature(original)
    b = nearcopy.signature(edited_copy(original))
    assert nearcopy.similarity(a, b) >= nearcopy.COPY_THRESHOLD
    assert nearcopy.is_copy(a, b)


def test_independent_reports_of_one_event_are_not_copies(seed: Callable[[str], str]) -> None:
    a = nearcopy.signature(seed("crd-jmg-attack.txt"))
    b = nearcopy.signature(seed("nhc-jmg-attack.txt"))
    assert nearcopy.similarity(a, b) < 0.2


def test_signature_is_deterministic_and_normalised() -> None:
    text = "Masked men stormed the office of the Joint Mobile Group in Grozny."
    sig = nearcopy.signature(text)
    assert len(sig) == 128
    assert sig == nearcopy.signature(text)
    shouted = "MASKED men, stormed the office of the joint mobile group -- in Grozny!"
    assert nearcopy.similarity(sig, nearcopy.signature(shouted)) == 1.0


def test_short_texts_get_a_signature() -> None:
    sig = nearcopy.signature("Office burned", num_perm=16)
    assert len(sig) == 16
    assert nearcopy.similarity(sig, nearcopy.signature("office, burned!", num_perm=16)) == 1.0
    assert nearcopy.similarity(sig, nearcopy.signature("Office raided", num_perm=16)) < 0.5
    assert len(nearcopy.signature("")) == 128


def test_bytes_round_trip() -> None:
    sig = nearcopy.signature("Police raided the office and took the computers.")
    data = nearcopy.to_bytes(sig)
    assert len(data) == 8 * len(sig)
    assert nearcopy.from_bytes(data) == sig
    with pytest.raises(ValueError, match="multiple of 8 bytes"):
        nearcopy.from_bytes(b"123")
    with pytest.raises(ValueError, match="different lengths"):
        nearcopy.similarity(sig, sig[:10])
