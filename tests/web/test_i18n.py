"""The interface in English, Russian, Spanish, French and Arabic: the .po reader, the
catalogs' completeness, the choice of language, and the pages in each language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from khronika.accounts import hash_password
from khronika.app import create_app
from khronika.store import Store
from khronika.web import catalog, i18n

SRC = Path(__file__).resolve().parents[2] / "src" / "khronika"
LANGUAGES = i18n.load_languages()
TRANSLATED = [code for code in LANGUAGES if code != i18n.SOURCE]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
TAG = re.compile(r"</?[a-z][^>]*>")
HOSTILE_ID = "hostile"  # as in conftest.py
UNSAFE = re.compile(
    r"<\s*script|<[^>]*\son\w+\s*=|<[^>]*(href|src)\s*=\s*[\"']?\s*javascript:", re.I
)

# A few words of the chrome of each page, in each language.
CHROME = {
    "en": {"list": "Incidents", "incident": "Summary", "report": "Incidents this report feeds",
           "login": "Password", "error": "Not found", "badge": "corroborated"},
    "ru": {"list": "Инциденты", "incident": "Сводка", "report": "Инциденты, к которым относится",
           "login": "Пароль", "error": "Не найдено", "badge": "подтверждено"},
    "es": {"list": "Incidentes", "incident": "Resumen", "report": "Incidentes documentados",
           "login": "Contraseña", "error": "No encontrado", "badge": "corroborado"},
    "fr": {"list": "Incidents", "incident": "Résumé", "report": "Incidents documentés",
           "login": "Mot de passe", "error": "Introuvable", "badge": "corroboré"},
    "ar": {"list": "الحوادث", "incident": "الملخص", "report": "الحوادث التي يوثّقها",
           "login": "كلمة المرور", "error": "غير موجود", "badge": "مؤكَّد"},
}  # fmt: skip


# --- the .po reader ---------------------------------------------------------------------

PO = r"""# a comment
msgid ""
msgstr ""
"Language: ru\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#: somewhere.html:3
msgid "Search"
msgstr "Поиск"

msgctxt "date"
msgid "unknown"
msgstr "неизвестна"

msgid ""
"A long "
"sentence with \"quotes\"\tand a tab"
msgstr "Длинная фраза с \"кавычками\"\tи табуляцией"

msgid "%(num)d incident"
msgid_plural "%(num)d incidents"
msgstr[0] "%(num)d инцидент"
msgstr[1] "%(num)d инцидента"
msgstr[2] "%(num)d инцидентов"

#, fuzzy
msgid "Map"
msgstr "Карта?"

msgid "Timeline"
msgstr ""

#~ msgid "Old"
#~ msgstr "Старое"
"""


def test_po_reader_reads_contexts_plurals_escapes_and_flags() -> None:
    entries = {(e.context, e.msgid): e for e in i18n.parse_po(PO)}
    assert entries[(None, "Search")].strings == ("Поиск",)
    assert entries[("date", "unknown")].strings == ("неизвестна",)
    long = entries[(None, 'A long sentence with "quotes"\tand a tab')]
    assert long.strings == ('Длинная фраза с "кавычками"\tи табуляцией',)
    plural = entries[(None, "%(num)d incident")]
    assert plural.plural == "%(num)d incidents"
    assert len(plural.strings) == 3
    assert entries[(None, "Map")].fuzzy
    assert not entries[(None, "Map")].translated
    assert not entries[(None, "Timeline")].translated
    assert (None, "Old") not in entries


def test_catalog_answers_like_gettext_and_falls_back_to_english() -> None:
    catalog = i18n.Catalog(i18n.parse_po(PO))
    assert catalog.gettext("Search") == "Поиск"
    assert catalog.pgettext("date", "unknown") == "неизвестна"
    assert catalog.gettext("unknown") == "unknown"  # no context: not that entry
    forms = {n: catalog.ngettext("%(num)d incident", "%(num)d incidents", n) for n in (1, 3, 5, 21)}
    assert forms == {1: "%(num)d инцидент", 3: "%(num)d инцидента", 5: "%(num)d инцидентов",
                     21: "%(num)d инцидент"}  # fmt: skip
    assert catalog.gettext("Map") == "Map"  # fuzzy: not used
    assert catalog.gettext("Timeline") == "Timeline"  # untranslated
    assert catalog.ngettext("%(num)d thing", "%(num)d things", 2) == "%(num)d things"
    assert catalog.info()["language"] == "ru"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('msgid "a"\nmsgstr "b"\nmsgstr "c"\n', "given twice"),
        ('msgid "a"\nmsgstr "b\\q"\n', "unknown escape"),
        ('msgid "a"\nmsgstr[1] "b"\n', "count from 0"),
        ('msgid "a"\nmsgid_plural "as"\nmsgstr "b"\n', "msgid_plural"),
        ('"orphan"\n', "continues nothing"),
        ("msgid a\nmsgstr b\n", "expected msgctxt"),
        ('msgid "a"\n', "needs a msgid and a msgstr"),
    ],
)
def test_po_reader_names_the_line_of_a_mistake(text: str, problem: str) -> None:
    with pytest.raises(i18n.PoError, match=problem) as caught:
        i18n.parse_po(text, "x.po")
    assert "x.po:" in str(caught.value)


def test_po_reader_agrees_with_babel_on_every_catalog() -> None:
    pofile = pytest.importorskip("babel.messages.pofile")
    for path in i18n.catalog_paths().values():
        mine = {(e.context, e.msgid): e.strings for e in i18n.parse_po(path.read_text("utf-8"))}
        mine.pop((None, ""))
        with path.open(encoding="utf-8") as stream:
            babel = pofile.read_po(stream)
        theirs = {}
        for m in babel:
            if m.id:
                msgid = m.id[0] if isinstance(m.id, tuple) else m.id
                strings = tuple(m.string) if isinstance(m.string, tuple) else (m.string,)
                theirs[(m.context, msgid)] = strings
        assert mine == theirs, path


# --- the catalogs are complete ----------------------------------------------------------


def _expected() -> set[i18n.MessageKey]:
    return i18n.template_messages() | catalog.python_messages()


def test_templates_mark_their_strings() -> None:
    marked = {msgid for _, msgid, _ in i18n.template_messages()}
    assert {"Incidents", "Log in", "corroborated", "single source", "arbitrary detention"} <= marked
    assert len(marked) > 150


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_has_every_message(code: str) -> None:
    path = i18n.catalog_paths()[code]
    entries = {(e.context, e.msgid): e for e in i18n.parse_po(path.read_text("utf-8")) if e.msgid}
    expected = _expected()
    missing = [
        f"{ctx + ' | ' if ctx else ''}{msgid}"
        for ctx, msgid, plural in sorted(expected, key=lambda m: (m[1], m[0] or ""))
        if (ctx, msgid) not in entries or not entries[(ctx, msgid)].translated
    ]
    assert not missing, f"{path} lacks {len(missing)} translation(s):\n" + "\n".join(missing)
    stale = sorted(msgid for ctx, msgid in entries if (ctx, msgid) not in {m[:2] for m in expected})
    assert not stale, f"{path} has entries no template or page uses: {stale}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_placeholders_markup_and_plural_forms(code: str) -> None:
    catalog = LANGUAGES[code].translations
    assert isinstance(catalog, i18n.Catalog)
    for entry in i18n.parse_po(i18n.catalog_paths()[code].read_text("utf-8")):
        if not entry.msgid:
            continue
        names = set(PLACEHOLDER.findall(entry.msgid + (entry.plural or "")))
        for text in entry.strings:
            found = set(PLACEHOLDER.findall(text))
            assert found <= names, (code, entry.msgid, text)
            assert names - found <= {"num"}, (code, entry.msgid, text)
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(entry.msgid)), (code, text)
        if entry.plural:
            assert len(entry.strings) == catalog.nplurals, (code, entry.msgid)


def test_sentences_looked_up_from_python_are_still_written_there() -> None:
    source = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py") if p.name != "i18n.py")
    for sentence in i18n.SENTENCES:
        assert sentence in source, f"{sentence!r} is no longer in src/khronika: update i18n.py"


# --- choosing the language --------------------------------------------------------------


def test_accept_language_is_ranked_by_q_values() -> None:
    header = "de;q=1, fr-CH;q=0.9, ru;q=0.95, en;q=0, es;q=oops"
    assert i18n.accept_language(header) == ["de", "ru", "fr-ch"]
    assert i18n.negotiate(header, LANGUAGES) == "ru"
    assert i18n.negotiate("fr-CA,fr;q=0.8,en;q=0.5", LANGUAGES) == "fr"
    assert i18n.negotiate("ar-EG", LANGUAGES) == "ar"
    assert i18n.negotiate("de, *;q=0.1", LANGUAGES) == "en"
    assert i18n.negotiate("de, ja", LANGUAGES) is None
    assert i18n.negotiate("", LANGUAGES) is None


@pytest.fixture(scope="module")
def client(seeded_client: TestClient) -> TestClient:
    """The web tests' client over a copy of the seeded store (tests/web/conftest.py)."""
    return seeded_client


def _lang_of(html: str) -> tuple[str, str]:
    found = re.search(r'<html lang="([\w-]+)" dir="(\w+)">', html)
    assert found, html[:200]
    return found.group(1), found.group(2)


def test_accept_language_chooses_the_page_language(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/incidents", headers={"Accept-Language": "de, es-MX;q=0.8, ru;q=0.7"})
    assert _lang_of(page.text) == ("es", "ltr")
    assert page.headers["content-language"] == "es"
    assert "Accept-Language" in page.headers["vary"]
    assert "set-cookie" not in page.headers


def test_lang_parameter_sets_a_strict_cookie_that_wins_after(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/incidents", params={"lang": "ru"}, headers={"Accept-Language": "fr"})
    assert _lang_of(page.text) == ("ru", "ltr")
    cookie = page.headers["set-cookie"].lower()
    assert cookie.startswith(f"{i18n.COOKIE}=ru;")
    assert "samesite=strict" in cookie
    assert "max-age=31536000" in cookie
    assert "path=/" in cookie
    later = client.get("/actors", headers={"Accept-Language": "fr"})  # the cookie beats it
    assert _lang_of(later.text) == ("ru", "ltr")
    again = client.get("/actors", params={"lang": "fr"})  # ?lang= beats the cookie
    assert _lang_of(again.text) == ("fr", "ltr")
    client.cookies.clear()


def test_unknown_language_falls_back_to_english(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/incidents", params={"lang": "zz"}, headers={"Accept-Language": "de"})
    assert _lang_of(page.text) == ("en", "ltr")
    assert "set-cookie" not in page.headers
    client.cookies.set(i18n.COOKIE, "../../etc")
    assert _lang_of(client.get("/incidents").text) == ("en", "ltr")
    client.cookies.clear()


def test_switcher_links_keep_the_query(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/incidents", params={"type": "arson", "lang": "fr"}).text
    assert 'href="/incidents?type=arson&amp;lang=ru"' in page
    assert '<span lang="fr" aria-current="true">Français</span>' in page
    assert 'lang="ar" hreflang="ar">العربية</a>' in page
    client.cookies.clear()


def test_the_api_stays_english(client: TestClient) -> None:
    headers = {"Accept-Language": "ru", "Cookie": f"{i18n.COOKIE}=ar"}
    items = client.get("/api/incidents", params={"lang": "ru"}, headers=headers).json()
    assert {"incident_id", "event_type", "date"} <= set(items["items"][0])
    missing = client.get("/api/incidents/inc-99999", headers=headers)
    assert missing.status_code == 404
    assert missing.json()["error"].isascii()


# --- each page in each language ---------------------------------------------------------


def _incident_id(client: TestClient) -> str:
    items = client.get("/api/incidents", params={"type": "attack_on_premises"}).json()["items"]
    return str(next(i["incident_id"] for i in items if i["date"]["value"] == "2015-06-03"))


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_pages_in_each_language(client: TestClient, code: str) -> None:
    client.cookies.clear()
    words = CHROME[code]
    direction = "rtl" if code == "ar" else "ltr"
    pages = {
        "list": client.get("/incidents", params={"lang": code}),
        "incident": client.get(f"/incidents/{_incident_id(client)}", params={"lang": code}),
        "report": client.get("/reports/nhc-jmg-attack", params={"lang": code}),
        "login": client.get("/login", params={"lang": code}),
        "error": client.get("/no/such/page", params={"lang": code}),
    }
    for name, page in pages.items():
        assert _lang_of(page.text) == (code, direction), name
        assert words[name] in page.text, (code, name)
    assert pages["error"].status_code == 404
    assert words["badge"] in pages["incident"].text
    assert "Norwegian Helsinki Committee" in pages["report"].text  # the data is not translated
    assert '<option value="arson">' in pages["list"].text  # stored values are kept
    client.cookies.clear()


def test_error_sentences_and_hints_are_translated(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/no/such/page", headers={"Accept-Language": "ru"}).text
    assert "По этому адресу ничего нет." in page  # the message
    assert "Проверьте адрес" in page  # the hint
    assert '<a href="/incidents">Перейдите к списку инцидентов</a>' in page
    bad = client.get("/incidents", params={"type": "nope"}, headers={"Accept-Language": "fr"})
    assert bad.status_code == 400
    assert "Corrigez la valeur et réessayez." in bad.text
    assert "Unknown incident type" in bad.text  # a sentence with a value stays English


def test_plural_forms_on_a_page(client: TestClient) -> None:
    client.cookies.clear()
    page = client.get("/places/Chechnya", params={"lang": "ru"}).text
    assert re.search(r"Chechnya: \d+ инцидент(а|ов)? \(как место", page)
    client.cookies.clear()


def test_hostile_report_stays_inert_in_every_language(hostile_client: TestClient) -> None:
    for code in LANGUAGES:
        page = hostile_client.get(f"/reports/{HOSTILE_ID}", params={"lang": code}).text
        assert not UNSAFE.search(page), code
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    hostile_client.cookies.clear()


def test_login_refusal_is_translated(seeded_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "accounts.db"
    shutil.copy(seeded_path, db)
    with Store(db) as store:
        store.add_user("ada", "admin", hash_password("admin-pass-123"))
    with TestClient(create_app(db), follow_redirects=False) as c:
        form = c.get("/login", params={"lang": "es"}).text
        token = re.search(r'name="token" value="([0-9a-f]+)"', form)
        assert token
        assert "Iniciar sesión" in form
        data = {"name": "ada", "password": "wrong-password", "token": token.group(1)}
        refused = c.post("/login", data=data)
        assert refused.status_code == 401
        assert "Nombre o contraseña incorrectos." in refused.text
        assert _lang_of(refused.text) == ("es", "ltr")
