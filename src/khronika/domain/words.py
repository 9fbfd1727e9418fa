"""English word lists: the stop words the linker leaves out of the words it compares
(spaCy's list, kept in ``data/stop_words_en.txt`` so that reading it does not load spaCy), and
the common words a name is not made of (wordfreq, loaded on first use)."""

from __future__ import annotations

from functools import cache
from importlib import resources

COMMON_ZIPF = 4.5  # an English word at least this frequent is a word, not part of a name


def _word_list(name: str) -> frozenset[str]:
    text = (resources.files("khronika.domain") / "data" / name).read_text(encoding="utf-8")
    return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))


STOP_WORDS = _word_list("stop_words_en.txt")


@cache
def _common_words() -> frozenset[str]:
    from wordfreq import get_frequency_dict

    least = 10 ** (COMMON_ZIPF - 9)  # a Zipf value is log10 of the frequency per 10^9 words
    return frozenset(w for w, f in get_frequency_dict("en").items() if f >= least)


def common_word(word: str) -> bool:
    """A frequent English word ("National", "Park", "Police", "Twitter")."""
    return word.lower() in _common_words()
