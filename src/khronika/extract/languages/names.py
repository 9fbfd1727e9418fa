"""Names of people in reports not in English, and their Latin spelling.

A name is two to four capitalised words (Latin or Cyrillic script) whose last word is not a
common word of the language (wordfreq), that is not a place, a month or a weekday. Russian
names are given in the nominative where the ending says it (Эстемировой -> Эстемирова) and
spelled in Latin letters by a fixed key (Наталья Эстемирова -> Natalya Estemirova), so that
they meet the English reports' spellings; the source span keeps the original words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſА-ЯЁІЇЄҐ"
_LOWER = "a-zß-öø-ÿā-ſа-яёіїєґ"
_WORD = rf"[{_UPPER}][{_LOWER}]+(?:[-][{_UPPER}][{_LOWER}]+)?"
_PARTICLE = r"(?:de|del|de la|da|dos|van|von|al|el|bin|ibn)"
NAME = re.compile(rf"(?<![\w-]){_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)?{_WORD}){{1,3}}(?:['’]\w+)?")
KNOWN_NAME_ZIPF = 3.0  # another form of a first name is taken only if this frequent
SURNAME_ZIPF = 4.0  # a last word at least this common in the language is not a surname
LEADING_ZIPF = 2.5  # a sentence's first word this common is not in the name ("Журналистку")

_RU_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
# Oblique endings of Russian surnames, to the nominative, by the bearer's gender if known.
_FEMININE = (
    (re.compile(r"(ов|ев|ёв|ин|ын)(ой|у|ы|е)$"), r"\1а"),
    (re.compile(r"(ск|цк)(ой|ую)$"), r"\1ая"),
)
_MASCULINE = (
    (re.compile(r"(ов|ев|ёв|ин|ын)(а|у|ым|ом|е)$"), r"\1"),
    (re.compile(r"(ск|цк)(ого|ому|им|ом)$"), r"\1ий"),
)
_EITHER = (
    (re.compile(r"(ов|ев|ёв|ин|ын)ой$"), r"\1а"),
    (re.compile(r"(ов|ев|ёв|ин|ын)(ым|ом)$"), r"\1"),
)
_FIRST_ENDINGS = (("ы", "а"), ("и", "а"), ("и", "я"), ("е", "а"), ("у", "а"), ("ой", "а"),
                  ("ю", "я"), ("ью", "ья"), ("ьи", "ья"), ("ей", "ья"), ("а", ""), ("у", ""),
                  ("ом", ""), ("е", ""), ("я", "ь"), ("ю", "ь"), ("ем", "ь"))  # fmt: skip


def to_latin(text: str) -> str:
    """Cyrillic letters in Latin by a fixed key (Грозный -> Groznyy); other letters kept."""
    out = []
    for ch in text:
        latin = _RU_LATIN.get(ch.lower())
        if latin is None:
            out.append(ch)
        else:
            out.append(latin.capitalize() if ch.isupper() else latin)
    return "".join(out)


def is_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def russian_first_name(word: str) -> str:
    """A first name in the nominative: the most frequent of the forms its ending allows
    (Елену -> Елена, Александру -> Александр, Натальи -> Наталья)."""
    from wordfreq import zipf_frequency

    forms = {word} | {
        word[: -len(old)] + new
        for old, new in _FIRST_ENDINGS
        if word.endswith(old) and len(word) > len(old) + 2
    }
    best = max(sorted(forms), key=lambda f: zipf_frequency(f.lower(), "ru"))
    frequency = zipf_frequency(best.lower(), "ru")
    if frequency < KNOWN_NAME_ZIPF or frequency <= zipf_frequency(word.lower(), "ru"):
        return word  # Хеда stays Хеда: Хед is no known name
    return best


def russian_nominative(words: list[str]) -> list[str]:
    """First name and surname in the nominative, the surname by the first name's gender
    (Натальи Эстемировой -> Наталья Эстемирова, Елену Милашину -> Елена Милашина)."""
    out = list(words)
    rules = _EITHER
    if len(out) >= 2:
        out[0] = russian_first_name(out[0])
        rules = _FEMININE if out[0][-1] in "ая" else _MASCULINE
    for pattern, repl in rules:
        if pattern.search(out[-1]):
            out[-1] = pattern.sub(repl, out[-1])
            break
    return out


def person_names(
    text: str, code: str, excluded: set[tuple[int, int]]
) -> Iterator[tuple[int, int, str]]:
    """(start, end, name in Latin letters) of each name of a person in the text; spans that
    overlap ``excluded`` (places, dates) are left out."""
    from wordfreq import zipf_frequency

    for match in NAME.finditer(text):
        start, end = match.span()
        surface = re.split(r"['’]", match.group())[0]
        words = surface.split()
        initial = not text[:start].strip() or text[:start].rstrip()[-1] in '.!?:;\n«"—'
        while initial and len(words) > 2 and zipf_frequency(words[0].lower(), code) >= LEADING_ZIPF:
            start += text[start:end].index(words[1])
            words = words[1:]
        end = start + len(" ".join(words)) if " ".join(words) in text[start:end] else end
        if any(s < end and start < e for s, e in excluded):
            continue
        if len({is_cyrillic(w) for w in words}) > 1:
            continue  # "Lawtrend Ольги": a name is in one script
        if len(words) == 2 and zipf_frequency(words[-1].lower(), code) >= SURNAME_ZIPF:
            continue
        if code == "ru" or is_cyrillic(surface):
            words = russian_nominative(words)
        yield start, end, to_latin(" ".join(words))
