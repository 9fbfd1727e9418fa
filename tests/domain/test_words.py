"""The domain word lists read without spaCy are the ones spaCy has."""

from __future__ import annotations

from spacy.lang.en.stop_words import STOP_WORDS as SPACY_STOP_WORDS

from khronika.domain.words import STOP_WORDS, common_word


def test_the_stop_words_are_spacys() -> None:
    assert frozenset(SPACY_STOP_WORDS) == STOP_WORDS


def test_common_words_are_frequent_english_words() -> None:
    assert common_word("Police")
    assert common_word("national")
    assert not common_word("Estemirova")


def test_the_old_paths_of_the_moved_modules_still_import() -> None:
    from khronika.extract.gazetteer import Gazetteer
    from khronika.extract.lexicon import TYPE_GROUPS

    from khronika.domain import gazetteer, lexicon

    assert Gazetteer is gazetteer.Gazetteer
    assert TYPE_GROUPS is lexicon.TYPE_GROUPS
