"""Word lists for event extraction: triggers by typology type, and the nouns roles need.

These are general English vocabulary of human-rights reporting (not names from any
report). Triggers map a lemma to an event type; some types depend on the target
("attack" on an office is ``attack_on_premises``, on a person ``assault``).
"""

from __future__ import annotations

# Verb lemma -> event type. "TARGET" means: decided by what was attacked.
VERB_TRIGGERS: dict[str, str] = {
    "kill": "killing", "murder": "killing", "assassinate": "killing", "execute": "killing",
    "slay": "killing", "behead": "killing", "lynch": "killing",
    "arrest": "arbitrary_detention", "detain": "arbitrary_detention",
    "apprehend": "arbitrary_detention", "imprison": "arbitrary_detention",
    "jail": "arbitrary_detention", "incarcerate": "arbitrary_detention",
    "abduct": "abduction_or_disappearance", "kidnap": "abduction_or_disappearance",
    "disappear": "abduction_or_disappearance",
    "torture": "torture_or_ill_treatment", "mistreat": "torture_or_ill_treatment",
    "ill-treat": "torture_or_ill_treatment",
    "beat": "assault", "assault": "assault", "stab": "assault", "shoot": "assault",
    "injure": "assault", "wound": "assault", "punch": "assault", "kick": "assault",
    "attack": "TARGET", "storm": "attack_on_premises", "ransack": "attack_on_premises",
    "vandalise": "attack_on_premises", "vandalize": "attack_on_premises",
    "smash": "attack_on_premises", "wreck": "attack_on_premises", "destroy": "PREMISES",
    "damage": "PREMISES", "loot": "attack_on_premises",
    "arson": "arson", "torch": "arson", "firebomb": "arson",
    "raid": "raid_or_search", "search": "PREMISES_SEARCH",
    "confiscate": "property_seizure", "seize": "property_seizure",
    "threaten": "threat_or_intimidation", "intimidate": "threat_or_intimidation",
    "harass": "threat_or_intimidation",
    "prosecute": "judicial_harassment", "indict": "judicial_harassment",
    "sentence": "judicial_harassment", "convict": "judicial_harassment",
    "smear": "smear_campaign", "defame": "smear_campaign", "slander": "smear_campaign",
}

# Noun lemma -> event type.
NOUN_TRIGGERS: dict[str, str] = {
    "killing": "killing", "murder": "killing", "assassination": "killing",
    "execution": "killing",
    "arrest": "arbitrary_detention", "detention": "arbitrary_detention",
    "abduction": "abduction_or_disappearance", "kidnapping": "abduction_or_disappearance",
    "disappearance": "abduction_or_disappearance",
    "torture": "torture_or_ill_treatment", "ill-treatment": "torture_or_ill_treatment",
    "beating": "assault", "assault": "assault", "stabbing": "assault", "shooting": "assault",
    "attack": "TARGET", "arson": "arson", "raid": "raid_or_search",
    "confiscation": "property_seizure", "seizure": "property_seizure",
    "threat": "threat_or_intimidation", "intimidation": "threat_or_intimidation",
    "harassment": "threat_or_intimidation",
    "prosecution": "judicial_harassment", "indictment": "judicial_harassment",
    "smear": "smear_campaign", "defamation": "smear_campaign",
}

# Compound modifiers that decide the type of a noun trigger ("arson attack", "smear campaign").
COMPOUND_TYPES: dict[str, str] = {
    "arson": "arson", "fire": "arson", "firebomb": "arson", "bomb": "attack_on_premises",
    "smear": "smear_campaign", "defamation": "smear_campaign", "knife": "assault",
    "acid": "assault", "police": "raid_or_search", "gun": "assault",
}
CAMPAIGN_NOUNS = {"campaign"}

# A more specific type wins when two triggers describe one event in one clause.
SPECIFICITY: tuple[str, ...] = (
    "killing", "abduction_or_disappearance", "torture_or_ill_treatment", "arson",
    "raid_or_search", "arbitrary_detention", "attack_on_premises", "assault",
    "property_seizure", "judicial_harassment", "smear_campaign", "threat_or_intimidation",
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
    "office", "premises", "building", "headquarters", "home", "house", "apartment", "flat",
    "car", "vehicle", "van", "truck", "bus", "property", "shop", "newspaper", "station",
    "church", "mosque", "synagogue", "school", "clinic", "hospital", "camp", "village",
    "door", "window", "equipment", "archive", "computer", "studio", "printing", "shelter",
}

HUMAN_NOUNS = {
    "man", "woman", "men", "women", "person", "people", "child", "boy", "girl", "police",
    "policeman", "officer", "gunman", "assailant", "attacker", "soldier", "force", "troop",
    "militant", "agent", "staff", "member", "activist", "defender", "journalist",
    "reporter", "lawyer", "protester", "demonstrator", "student", "resident", "villager",
    "farmer", "leader", "worker", "employee", "volunteer", "mob", "crowd", "group",
    "individual", "guard", "security", "authority", "official", "businessman", "mayor",
    "priest", "teacher", "doctor", "civilian", "prisoner", "detainee", "relative",
    "colleague", "son", "daughter", "brother", "sister", "wife", "husband", "father",
    "mother", "paramilitary", "thug", "unknown", "investigator", "blogger", "photographer",
    "media", "indigenous", "leader", "journalist", "police officer",
}

# Verbs that make what they govern not (yet) an event.
IRREALIS_VERBS = {
    "demand", "urge", "call", "ask", "must", "should", "investigate", "prevent", "protect",
    "condemn", "fear", "plan", "threaten", "attempt", "try", "want", "intend", "seek",
    "deny", "allege",
}
MODAL_AUX = {"must", "should", "could", "would", "might", "may", "shall", "will", "ca", "can"}
IRREALIS_MODIFIERS = {"attempted", "alleged", "planned", "possible", "potential", "future"}

# Verbs whose subject trigger takes the verb's agent as perpetrator ("the attack was carried out by").
SUPPORT_VERBS = {
    "instigate", "carry", "commit", "perpetrate", "conduct", "launch", "stage", "organise",
    "organize", "lead", "order",
}

# Words that canonicalise detail claims so two reports' wording can be compared.
SYNONYMS: dict[str, str] = {
    "flee": "escape", "escape": "escape", "run": "escape",
    "vehicle": "vehicle", "car": "vehicle", "van": "vehicle", "truck": "vehicle",
    "automobile": "vehicle", "bus": "vehicle",
    "smash": "damage", "destroy": "damage", "damage": "damage", "wreck": "damage",
    "vandalise": "damage", "vandalize": "damage", "burn": "damage",
    "react": "respond", "respond": "respond", "answer": "respond", "come": "respond",
    "arrive": "respond",
    "premise": "office", "premises": "office", "office": "office", "building": "office",
    "attacker": "perpetrator", "assailant": "perpetrator", "perpetrator": "perpetrator",
    "police": "police", "policeman": "police", "officer": "police",
    "kill": "kill", "murder": "kill", "shoot": "shoot",
    "detain": "detain", "arrest": "detain",
    "seize": "confiscate", "confiscate": "confiscate",
    "last": "last", "continue": "last",
    "enter": "enter",
}
LIGHT_VERBS = {
    "be", "have", "do", "manage", "begin", "start", "continue", "make", "get", "take",
    "become", "succeed", "try", "also", "yet", "even", "according", "fail",
}
