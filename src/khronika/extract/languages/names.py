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
from functools import cache
from importlib import resources

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
    (re.compile(r"(ич)(а|у|ем|е)$"), r"\1"),  # a surname in -ич that declines is a man's
    (re.compile(r"(ов|ев|ёв|ин|ын)(ой|у|ы|е)$"), r"\1а"),
    (re.compile(r"(ск|цк)(ой|ую)$"), r"\1ая"),
)
_MASCULINE = (
    (re.compile(r"(ич)(а|у|ем|е)$"), r"\1"),
    (re.compile(r"(ов|ев|ёв|ин|ын)(а|у|ым|ом|е)$"), r"\1"),
    (re.compile(r"(ск|цк)(ого|ому|им|ом)$"), r"\1ий"),
    (re.compile(r"([бвгджзклмнпрстфхцчшщ])(а|у|ом|е)$"), r"\1"),  # Сергея Сыса -> Сергей Сыс
)
_EITHER = (
    (re.compile(r"(ич)(а|у|ем|е)$"), r"\1"),
    (re.compile(r"(ов|ев|ёв|ин|ын)ой$"), r"\1а"),
    (re.compile(r"(ов|ев|ёв|ин|ын)(ым|ом)$"), r"\1"),
)
_FIRST_ENDINGS = (("ы", "а"), ("и", "а"), ("и", "я"), ("е", "а"), ("у", "а"), ("ой", "а"),
                  ("ю", "я"), ("я", "й"), ("ю", "й"), ("ем", "й"), ("ью", "ья"), ("ьи", "ья"),
                  ("ей", "ья"), ("а", ""), ("у", ""),
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
    rules: tuple[tuple[re.Pattern[str], str], ...] = _EITHER
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


# --------------------------------------------------------------------------------- Arabic
# Arabic has no capitals: a name is a word rare in the language (a transliterated foreign
# name: سوتوده, ميلاشينا) with the less common word before it, or one or two words after a
# title (data/person_titles_ar.txt: الناشط الحقوقي أحمد منصور).
_ARABIC_WORD = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
_AR_PRONOUNS = ("هما", "هم", "هن", "ها", "ه")
_AR_PREFIXES = ("و", "ب", "ل", "ف")
RARE_AR_ZIPF = 2.5  # a word this rare in Arabic (and its forms) is a name
FIRST_NAME_AR_ZIPF = 4.0  # the word before a rare name joins it if less common than this
TITLED_AR_ZIPF = 5.7  # a word after a title this common is no name (قد, يكون)
ADJECTIVES_AFTER_TITLE = 3
_AR_LATIN = dict(
    zip(
        "بتثجخدذرزسشصضطظغفقكلمنپچگڤ",
        ["b", "t", "s", "j", "k", "d", "s", "r", "s", "s", "s", "s", "d", "t", "s", "g", "f",
         "k", "k", "l", "m", "n", "b", "s", "g", "f"],
        strict=True,
    )
)  # fmt: skip


@cache
def _titles() -> frozenset[str]:
    path = resources.files("khronika.domain") / "data" / "person_titles_ar.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def arabic_key(word: str) -> str:
    """An Arabic word's consonants in Latin letters, long vowels, glottal stops and h-sounds
    left out (سوتوده -> std, ميلاشينا -> mlsn): the skeleton a Latin spelling of the same
    name also reduces to (see :func:`khronika.link.profile.skeleton`)."""
    out = [_AR_LATIN.get(ch, "") for ch in word]
    return re.sub(r"(.)\1+", r"\1", "".join(out))


def is_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


def _rare_arabic(word: str) -> bool:
    from wordfreq import zipf_frequency

    forms = {word} | {word[len(p) :] for p in _AR_PREFIXES if word.startswith(p)}
    forms |= {f[: -len(s)] for f in list(forms) for s in _AR_PRONOUNS if f.endswith(s)}
    forms = {f for f in forms if len(f) >= 3}
    return bool(forms) and all(zipf_frequency(f, "ar") < RARE_AR_ZIPF for f in forms)


def _arabic_name_word(word: str) -> bool:
    return not word.startswith("ال") and len(arabic_key(word)) >= 2 and not _is_title(word)


def _is_title(word: str) -> bool:
    """A title, also after a conjunction or preposition (والمحامي)."""
    titles = _titles()
    bare = [word[len(p) :] for p in _AR_PREFIXES if word.startswith(p)]
    return word in titles or any(b in titles for b in bare)


def arabic_names(text: str, excluded: set[tuple[int, int]]) -> Iterator[tuple[int, int, str]]:
    """(start, end, name as written) of each name of a person in an Arabic text."""
    from wordfreq import zipf_frequency

    words = [(m.start(), m.end(), m.group()) for m in _ARABIC_WORD.finditer(text)]
    found: dict[int, int] = {}
    for i, (start, end, word) in enumerate(words):
        if _is_title(word):
            j = i + 1
            while j < len(words) and j - i <= ADJECTIVES_AFTER_TITLE and _definite(words[j][2]):
                j += 1
            taken = [k for k in (j, j + 1) if k < len(words) and _titled_name_word(words[k][2])]
            if taken and taken[0] == j and _joined(text, words, taken):
                found[words[taken[0]][0]] = words[taken[-1]][1]
        elif _rare_arabic(word) and _arabic_name_word(word) and len(arabic_key(word)) >= 3:
            first = start
            if i and _joined(text, words, [i - 1, i]):
                before = words[i - 1][2]
                if _arabic_name_word(before) and zipf_frequency(before, "ar") < FIRST_NAME_AR_ZIPF:
                    first = words[i - 1][0]
            found.setdefault(first, end)
    for start, end in sorted(found.items()):
        if not any(s < end and start < e for s, e in excluded):
            yield start, end, text[start:end]


def _titled_name_word(word: str) -> bool:
    from wordfreq import zipf_frequency

    return _arabic_name_word(word) and zipf_frequency(word, "ar") < TITLED_AR_ZIPF


def _definite(word: str) -> bool:
    return word.startswith("ال")


def _joined(text: str, words: list[tuple[int, int, str]], indexes: list[int]) -> bool:
    """The words follow each other with only spaces between them."""
    pairs = zip(indexes, indexes[1:], strict=False)
    return all(not text[words[a][1] : words[b][0]].strip() for a, b in pairs)
