"""Spelling keys: the same name in Cyrillic, Latin or Arabic letters, inflected or not, gets
one key, so that a search for "Estemirova" finds a Russian report naming Эстемировой, and a
search for "Грозный" an English one naming Grozny.

A word's key is its consonants in Latin letters (Cyrillic read by a fixed key after its
Russian ending is dropped, Arabic by its consonants), with the letters transliterations
confuse merged (:func:`khronika.link.profile.skeleton`). Keys are made of the capitalised
words of Cyrillic and Latin text and the words of Arabic text; a key of fewer than three
consonants tells nothing and is left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+")
SNIPPET_WORDS = 16


@lru_cache(maxsize=65536)
def word_key(word: str) -> str:
    """The spelling key of one word ("" when it has too few consonants to tell)."""
    from .extract.languages.names import arabic_key, is_arabic, is_cyrillic, to_latin
    from .extract.languages.places import stem
    from .link.profile import skeleton
    from .resolve import normalise, phonetic_key

    if is_arabic(word):
        return skeleton(arabic_key(word))
    if is_cyrillic(word):
        word = to_latin(stem(word.lower(), "ru"))
    return skeleton(phonetic_key(normalise(word)).replace(" ", ""))


def _named_words(text: str) -> Iterator[re.Match[str]]:
    from .extract.languages.names import is_arabic

    for match in _WORD.finditer(text):
        word = match.group()
        if word[0].isupper() or is_arabic(word):
            yield match


def text_keys(text: str) -> str:
    """The keys of a report's names, space-separated, each once (what the index holds)."""
    keys = dict.fromkeys(k for m in _named_words(text) if (k := word_key(m.group())))
    return " ".join(keys)


def query_keys(query: str) -> list[str]:
    """The key of every word of a search, or [] when a word has none (every word must match,
    so such a search is answered by its spelling as written only)."""
    keys = [word_key(w) for w in _WORD.findall(query)]
    return keys if keys and all(keys) else []


def snippet(text: str, keys: list[str]) -> str:
    """Words around the first word of ``text`` with one of ``keys``, each such word marked
    [like this], as the search index marks its matches."""
    wanted = set(keys)
    words = list(_WORD.finditer(text))
    named = {m.start() for m in _named_words(text)}  # as the index keys them
    hits = [i for i, m in enumerate(words) if m.start() in named and word_key(m.group()) in wanted]
    if not hits:
        return text[:120]
    first = max(0, hits[0] - SNIPPET_WORDS // 2)
    last = min(len(words), first + SNIPPET_WORDS) - 1
    start, end = words[first].start(), words[last].end()
    out, position = [], start
    for i in (h for h in hits if first <= h <= last):
        out += [text[position : words[i].start()], f"[{words[i].group()}]"]
        position = words[i].end()
    out.append(text[position:end])
    prefix = " … " if first else ""
    suffix = " … " if last < len(words) - 1 else ""
    return prefix + " ".join("".join(out).split()) + suffix
