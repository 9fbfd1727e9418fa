"""Word lists for event extraction: triggers by typology type, and the nouns roles need.

These are general English vocabulary of human-rights reporting (not names from any
report). The triggers are a table, ``data/triggers.tsv``: they map a lemma to an event type;
some types depend on the target ("attack" on an office is ``attack_on_premises``, on a person
``assault``).
"""

from __future__ import annotations

from importlib import resources


def _read_table(name: str) -> dict[str, dict[str, str]]:
    """``data/<name>``: kind, lemma, value per line ('#' starts a comment), by kind and lemma."""
    table: dict[str, dict[str, str]] = {}
    text = (resources.files("khronika.domain") / "data" / name).read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise ValueError(f"{name} line {number}: expected kind<TAB>lemma<TAB>value")
        table.setdefault(parts[0], {})[parts[1]] = parts[2] if len(parts) > 2 else ""
    return table


_TRIGGERS = _read_table("triggers.tsv")
# Verb lemma -> event type. "TARGET" means: decided by what was attacked.
VERB_TRIGGERS: dict[str, str] = _TRIGGERS["verb"]
# Noun lemma -> event type.
NOUN_TRIGGERS: dict[str, str] = _TRIGGERS["noun"]
ADJ_TRIGGERS: dict[str, str] = _TRIGGERS["adj"]
# Compound modifiers that decide the type of a noun trigger ("arson attack", "smear campaign").
COMPOUND_TYPES: dict[str, str] = _TRIGGERS["compound"]
# Words that make a violent trigger a killing, with the dependency they come as.
FATAL_WORDS: dict[str, str] = _TRIGGERS["fatal"]
VIOLENT_LEMMAS: frozenset[str] = frozenset(_TRIGGERS["violent"])
# Follow-up steps: "always" (a funeral), or "crime" (an arrest for a crime the sentence names).
FOLLOW_UP_VERBS: dict[str, str] = _TRIGGERS["follow_up"]
FOLLOW_UP_NOUNS: dict[str, str] = _TRIGGERS["follow_noun"]
CRIME_WORDS: frozenset[str] = frozenset(_TRIGGERS["crime"])
REPORTING_VERBS: frozenset[str] = frozenset(_TRIGGERS["reporting"])
CAMPAIGN_NOUNS = {"campaign"}

# A more specific type wins when two triggers describe one event in one clause.
SPECIFICITY: tuple[str, ...] = (
    "killing",
    "abduction_or_disappearance",
    "torture_or_ill_treatment",
    "arson",
    "raid_or_search",
    "arbitrary_detention",
    "attack_on_premises",
    "assault",
    "property_seizure",
    "judicial_harassment",
    "smear_campaign",
    "threat_or_intimidation",
    "other",
)

# Types that one incident can hold together (a raid with seizures and detentions).
TYPE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"raid_or_search", "property_seizure", "arbitrary_detention"}),
    frozenset({"attack_on_premises", "assault"}),
    frozenset({"abduction_or_disappearance", "torture_or_ill_treatment", "killing"}),
    frozenset({"smear_campaign", "threat_or_intimidation"}),
)

PREMISES_NOUNS = {
    "office",
    "premises",
    "building",
    "headquarters",
    "home",
    "house",
    "apartment",
    "flat",
    "car",
    "vehicle",
    "van",
    "truck",
    "bus",
    "property",
    "shop",
    "newspaper",
    "station",
    "church",
    "mosque",
    "synagogue",
    "school",
    "clinic",
    "hospital",
    "camp",
    "village",
    "door",
    "window",
    "equipment",
    "archive",
    "computer",
    "studio",
    "printing",
    "shelter",
}

HUMAN_NOUNS = {
    "man",
    "woman",
    "men",
    "women",
    "person",
    "people",
    "child",
    "boy",
    "girl",
    "police",
    "policeman",
    "officer",
    "gunman",
    "assailant",
    "attacker",
    "soldier",
    "force",
    "troop",
    "militant",
    "agent",
    "staff",
    "member",
    "activist",
    "defender",
    "journalist",
    "reporter",
    "lawyer",
    "protester",
    "demonstrator",
    "student",
    "resident",
    "villager",
    "farmer",
    "leader",
    "worker",
    "employee",
    "volunteer",
    "mob",
    "crowd",
    "group",
    "individual",
    "guard",
    "security",
    "authority",
    "official",
    "businessman",
    "mayor",
    "priest",
    "teacher",
    "doctor",
    "civilian",
    "prisoner",
    "detainee",
    "relative",
    "colleague",
    "son",
    "daughter",
    "brother",
    "sister",
    "wife",
    "husband",
    "father",
    "mother",
    "paramilitary",
    "thug",
    "unknown",
    "investigator",
    "blogger",
    "photographer",
    "media",
    "indigenous",
    "police officer",
}

# Verbs that make what they govern not (yet) an event.
IRREALIS_VERBS = {
    "demand",
    "urge",
    "call",
    "ask",
    "must",
    "should",
    "investigate",
    "prevent",
    "protect",
    "condemn",
    "fear",
    "plan",
    "threaten",
    "attempt",
    "try",
    "want",
    "intend",
    "seek",
    "deny",
    "allege",
}
MODAL_AUX = {"must", "should", "could", "would", "might", "may", "shall", "will", "ca", "can"}
IRREALIS_MODIFIERS = {"attempted", "alleged", "planned", "possible", "potential", "future"}

# Verbs whose subject trigger takes the verb's agent as perpetrator
# ("the attack was carried out by").
SUPPORT_VERBS = {
    "instigate",
    "carry",
    "commit",
    "perpetrate",
    "conduct",
    "launch",
    "stage",
    "organise",
    "organize",
    "lead",
    "order",
}

# Words that canonicalise detail claims so two reports' wording can be compared.
SYNONYMS: dict[str, str] = {
    "flee": "escape",
    "escape": "escape",
    "run": "escape",
    "vehicle": "vehicle",
    "car": "vehicle",
    "van": "vehicle",
    "truck": "vehicle",
    "automobile": "vehicle",
    "bus": "vehicle",
    "smash": "damage",
    "destroy": "damage",
    "damage": "damage",
    "wreck": "damage",
    "vandalise": "damage",
    "vandalize": "damage",
    "burn": "damage",
    "react": "respond",
    "respond": "respond",
    "answer": "respond",
    "come": "respond",
    "arrive": "respond",
    "premise": "office",
    "premises": "office",
    "office": "office",
    "building": "office",
    "attacker": "perpetrator",
    "assailant": "perpetrator",
    "perpetrator": "perpetrator",
    "police": "police",
    "policeman": "police",
    "officer": "police",
    "kill": "kill",
    "murder": "kill",
    "shoot": "shoot",
    "detain": "detain",
    "arrest": "detain",
    "seize": "confiscate",
    "confiscate": "confiscate",
    "last": "last",
    "continue": "last",
    "enter": "enter",
}
LIGHT_VERBS = {
    "be",
    "have",
    "do",
    "manage",
    "begin",
    "start",
    "continue",
    "make",
    "get",
    "take",
    "become",
    "succeed",
    "try",
    "also",
    "yet",
    "even",
    "according",
    "fail",
}

# Number words a count may be written in ("two killed", "a dozen arrested").
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "dozen": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
