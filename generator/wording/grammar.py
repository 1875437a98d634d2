"""Russian grammar: number–noun and predicate agreement, cases of words and names.

Pure functions, no I/O; the dictionary is reached through wording.morphology, loaded lazily.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.wording.morphology import ADJ_POS, WORD, gender_of, inflected, nominative, parses, restyle
from generator.wording.numbers import decimal, number

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")

# Short Russian names a department may prefer in a template: {{ x | case('род') }}.
CASE_ALIASES = {
    "им": "nomn", "род": "gent", "дат": "datv", "вин": "accs", "твор": "ablt", "пред": "loct",
}

# Forms that differ after a numeral from the ordinary paradigm, keyed by the
# lemma and (case, number): "5 человек" and "5 лет", never "5 людей"/"5 годов".
# pymorphy3's lexeme holds both variants but picks the wrong one first.
COUNTING_FORMS: dict[str, dict[tuple[str, str], str]] = {
    "человек": {("gent", "plur"): "человек"},
    "год": {("gent", "plur"): "лет"},
}

# Numerals written as words (words=True). One and two depend on gender; the
# rest only on case. Accusative of 2–4 is given as the nominative: in
# "на два человека больше" the count is a measure, not an animate object.
# No "ё": the department's documents are typed without it.
_ONE = {
    "masc": {"nomn": "один", "gent": "одного", "datv": "одному", "accs": "один",
             "ablt": "одним", "loct": "одном"},
    "neut": {"nomn": "одно", "gent": "одного", "datv": "одному", "accs": "одно",
             "ablt": "одним", "loct": "одном"},
    "femn": {"nomn": "одна", "gent": "одной", "datv": "одной", "accs": "одну",
             "ablt": "одной", "loct": "одной"},
}
_ONE_ANIM_ACCS = "одного"
_NUMERALS = {
    2: ("два", "двух", "двум", "два", "двумя", "двух"),
    3: ("три", "трех", "трем", "три", "тремя", "трех"),
    4: ("четыре", "четырех", "четырем", "четыре", "четырьмя", "четырех"),
    5: ("пять", "пяти", "пяти", "пять", "пятью", "пяти"),
    6: ("шесть", "шести", "шести", "шесть", "шестью", "шести"),
    7: ("семь", "семи", "семи", "семь", "семью", "семи"),
    8: ("восемь", "восьми", "восьми", "восемь", "восемью", "восьми"),
    9: ("девять", "девяти", "девяти", "девять", "девятью", "девяти"),
    10: ("десять", "десяти", "десяти", "десять", "десятью", "десяти"),
}

_SPACES = re.compile(r"(\s+)")
_HEADING_STOP = re.compile(r"(?<=\w{4})\. (?=[А-ЯЁ])")


@dataclass(frozen=True)
class _Phrase:
    """A phrase split by the head rule: the leading adjectives and participles,
    the first noun (the head), and the verbatim rest."""

    tokens: tuple[str, ...]     # words and the whitespace between them, as given
    adjectives: tuple           # (token index, parse)
    head: tuple | None          # (token index, parse) or None when there is no noun
    name: tuple | None = None   # (token index, parse, verbatim end): a one-word name agreeing with the head
    abbreviated: bool = False   # the head is «г.», «ст.»…: it agrees as its word but stays as typed


# Names after these nouns (Rosenthal § 197, tests/fixtures/names.yaml): after «город» a one-word
# name agrees whatever its gender («города Армавира», «города Москвы», «города Ростова-на-Дону»);
# after the others only a name of the noun's gender and number («станицы Кавказской», «хутора
# Копанского», but «села Кабардинка», «хутора Пятихатки», «хутора Ленина»); after «аул» none
# («аула Уляп»: rare names are recognised only as typed); several words stay («города Горячий Ключ»).
_SETTLEMENT_KINDS = frozenset({"город", "станица", "село", "поселок", "хутор", "деревня"})
_KIND_ABBREVIATIONS = {"г.": "город", "ст.": "станица", "х.": "хутор", "с.": "село", "п.": "поселок",
                       "пос.": "поселок", "д.": "деревня"}
# «города Иваново», «хутора Ленино»: official usage leaves names in -ово/-ино alone.
_UNDECLINED_NAMES = ("ово", "ево", "ино", "ыно")
# «Ростов-на-Дону» and the like: the first part agrees, the rest stays.
_QUOTES = "«\"„“"
_HYPHEN_TAIL = re.compile(r"^(\w+)(-(?:на|в|под|у|при)-.+)$", re.IGNORECASE)


@functools.lru_cache(maxsize=2048)
def _split(phrase: str) -> _Phrase:
    tokens = tuple(_SPACES.split(phrase))
    words = [(i, tok) for i, tok in enumerate(tokens) if tok and not tok.isspace()]
    adjectives: list = []
    kind = _KIND_ABBREVIATIONS.get(words[0][1].lower()) if len(words) > 1 else None
    if kind:  # «г. Армавир» → «г. Армавира»: the abbreviation agrees as its word, unchanged
        head = nominative(kind, frozenset({"NOUN"}))
        return _Phrase(tokens, (), (words[0][0], head), _settlement_name(head, words[1:]), abbreviated=True)
    for pos, (i, token) in enumerate(words):
        match = WORD.match(token)
        if not match or any(quote in match.group(1) for quote in _QUOTES):
            break  # a name in quotes is never changed (Rosenthal § 197, tests/fixtures/names.yaml)
        core = match.group(2).lower()
        if core == "не" and pos == 0 and _followed_by_nominal(words, pos):
            continue  # «не получившие ответа»: the participle after the particle agrees
        adjective = nominative(core, ADJ_POS)
        noun = nominative(core, frozenset({"NOUN"}))
        if adjective is None and noun is None:
            adjective = _stressed_masculine(core)
        # "рабочий" is both a noun and an adjective: it is an adjective when
        # another noun or adjective follows ("рабочий поселок").
        if adjective is not None and (noun is None or _followed_by_nominal(words, pos)):
            adjectives.append((i, adjective))
            continue
        if noun is not None:
            return _Phrase(tokens, tuple(adjectives), (i, noun), _settlement_name(noun, words[pos + 1:]))
        break
    return _Phrase(tokens, tuple(adjectives), None)


def _stressed_masculine(word: str):
    """«Каневской», «Крыловской»: a masculine nominative with a stressed ending that the
    dictionary knows only as feminine case forms of «каневский»; its lemma inflects right."""
    if not word.endswith("ой"):
        return None
    for parse in parses(word):
        if parse.tag.POS == "ADJF" and parse.normal_form.endswith("ий"):
            return nominative(parse.normal_form, ADJ_POS)
    return None


def _settlement_name(head, rest: list) -> tuple | None:
    kind = head.normal_form.replace("ё", "е").split("-")[0]  # «город-курорт Анапа» as «город»
    if kind not in _SETTLEMENT_KINDS or len(rest) != 1:
        return None
    i, token = rest[0]
    match = WORD.match(token)
    if not match or not match.group(2)[:1].isupper() or match.group(1):
        return None
    core, end = match.group(2), ""
    if hyphen := _HYPHEN_TAIL.match(core):
        core, end = hyphen.groups()
    core = core.lower()
    if core.endswith(_UNDECLINED_NAMES):
        return None
    if kind == "город":
        parse = nominative(core, frozenset({"NOUN"})) or nominative(core, ADJ_POS)
    else:
        parse = _ofgender_of(core, gender_of(head))
    return (i, parse, end) if parse and parse.tag.number != "plur" else None


def _ofgender_of(word: str, gender: str | None):
    """The word's nominative singular parse of the given gender, or None."""
    for parse in parses(word):
        if (parse.tag.POS in ADJ_POS | {"NOUN"} and parse.tag.case == "nomn" and parse.tag.number == "sing"
                and gender_of(parse) == gender):
            return parse
    return _stressed_masculine(word) if gender == "masc" else None


def _followed_by_nominal(words: list, pos: int) -> bool:
    if pos + 1 >= len(words):
        return False
    match = WORD.match(words[pos + 1][1])
    if not match:
        return False
    return nominative(match.group(2).lower(), ADJ_POS | {"NOUN"}) is not None


def _replace(tokens: list[str], index: int, word: str | None, base: str, end: str = "") -> None:
    if word is None or word == base:
        return  # cannot be inflected, or the form asked for is the one typed: leave as typed
    match = WORD.match(tokens[index])
    if match is None:
        return
    lead, core, tail = match.groups()
    tokens[index] = lead + restyle(core[:len(core) - len(end)], word) + end + tail


def _render(split: _Phrase, case: str, noun_number: str | None, adj_case: str | None = None,
            adj_number: str | None = None, noun_word: str | None = None) -> str:
    """Put the head noun into (case, noun_number) and its adjectives into
    (adj_case, adj_number), both defaulting to the noun's; the rest stays."""
    tokens = list(split.tokens)
    head = split.head[1] if split.head else None
    number_ = noun_number or (head.tag.number if head else None)
    if head is not None and split.head and not split.abbreviated:
        grammemes = {case} | ({number_} if number_ else set())
        _replace(tokens, split.head[0], noun_word or inflected(head, grammemes), head.word)
    adj_case = adj_case or case
    adj_number = adj_number or number_
    for i, adjective in split.adjectives:
        grammemes = {adj_case}
        adj_num = adj_number or adjective.tag.number
        if adj_num:
            grammemes.add(adj_num)
        gender = gender_of(head) if head else gender_of(adjective)
        if adj_num == "sing" and gender:
            grammemes.add(gender)
        # Accusative adjectives follow the noun's animacy: "кавказского" vs "кавказский".
        if adj_case == "accs" and (adj_num == "plur" or gender == "masc"):
            animacy = (head.tag.animacy if head else None) or "inan"
            grammemes.add(animacy)
        _replace(tokens, i, inflected(adjective, grammemes), adjective.word)
    if split.name:
        i, name, end = split.name
        grammemes = {case, "sing"}
        if name.tag.POS != "NOUN":
            grammemes |= {gender_of(head) or "masc", "inan"}
        _replace(tokens, i, inflected(name, grammemes), name.word, end)
    return "".join(tokens)


def _case(case: str) -> str:
    case = CASE_ALIASES.get(case, case)
    if case not in CASES:
        names = ", ".join(CASES + tuple(CASE_ALIASES))
        raise ValueError(f"неизвестный падеж {case!r}; возможны: {names}")
    return case


@functools.lru_cache(maxsize=4096)
def _inflect(phrase: str, case: str, plural: bool) -> str:
    first, dash, second = phrase.partition(" — ")
    if dash and _double_name(first, second):  # «Кемеровской области — Кузбасса»: both parts agree
        return f"{_inflect(first, case, plural)} — {_inflect(second, case, plural)}"
    # A heading of sentences («Здравоохранение. Физическая культура и спорт. Туризм.») is an
    # enumeration inside a sentence.
    items = _HEADING_STOP.split(phrase[:-1] if phrase.endswith(".") else phrase)
    if len(items) == 1:
        items = phrase.split(", ")
    # An enumeration ("Оборона, безопасность, законность", "труд и занятость населения")
    # is inflected part by part.
    return ", ".join(_enumeration(item.split(" и "), case, plural) for item in items)


def _enumeration(parts: list[str], case: str, plural: bool) -> str:
    """Parts joined by «и», each inflected unless it depends on the word before it: «тарифами на
    электроэнергию и газ», «уборкой снега и наледи», «тепло- и водоснабжением»."""
    return " и ".join(part if part.endswith("-") or (k and _dependent(parts[k - 1], part))
                      else _render(_split(part), case, "plur" if plural else None)
                      for k, part in enumerate(parts))


def _dependent(previous: str, part: str) -> bool:
    """Whether `part` continues the words after the head of `previous` (the same oblique case as
    its last word) rather than a second head: «снега и наледи», not «перебои в водоснабжении
    и отключение»."""
    split = _split(previous)
    rest = [token for token in split.tokens[split.head[0] + 1:] if token.strip()] if split.head else []
    return bool(rest and part.split() and _oblique(rest[-1]) & _oblique(part.split()[0]))


def _oblique(token: str) -> set[str]:
    match = WORD.match(token)
    if not match:
        return set()
    return {parse.tag.case for parse in parses(match.group(2).lower())
            if parse.tag.POS in ADJ_POS | {"NOUN"} and "Fixd" not in parse.tag and parse.tag.case != "nomn"}


def _double_name(first: str, second: str) -> bool:
    """«Кемеровская область — Кузбасс», «ХМАО — Югра»: a one-word second name after a first part
    that ends in its noun; not «Республика Северная Осетия — Алания», where the name follows the noun."""
    if " " in second or not second[:1].isupper():
        return False
    split = _split(first)
    return first.isupper() or (split.head is not None and split.head[0] == len(split.tokens) - 1)


def inflect(phrase: str, case: str, plural: bool = False) -> str:
    """A nominative phrase in another case: "Кавказский район" → "Кавказского района".

    Leading adjectives/participles and the first noun are inflected; everything
    after the first noun stays as typed ("город Горячий Ключ" → "города Горячий
    Ключ", "перебои в водоснабжении" → "перебоями в водоснабжении") except a
    one-word name after "город", "станица"… ("города Армавира"); each part of
    an enumeration is a phrase of its own ("Оборона, безопасность, законность" →
    "Обороны, безопасности, законности", "труд и занятость населения" → "труда и
    занятости населения"). Abbreviations keep their capitals. A plural
    noun stays plural; plural=True makes a singular one plural. Words that cannot
    be inflected are left as they are.
    """
    if not phrase:
        return phrase
    return _inflect(str(phrase), _case(case), bool(plural))


# --- prepositions ------------------------------------------------------------

# «со спилом», «во время», «ко всем»: a one-letter preposition takes a vowel before a cluster
# it would merge with (its own consonant or a hissing one and a consonant, «мн», «вс», «вт»;
# «ко» only before «мн», «вс», «вт»: «ко мне», «ко всем», but «к гражданам»).
_CONSONANT = "[бвгджзклмнпрстфхцчшщ]"
_WITH_VOWEL = {"с": re.compile(f"^(?:[сзшжщ]{_CONSONANT}|мн|вс|вт)", re.IGNORECASE),
               "в": re.compile(f"^(?:[вф]{_CONSONANT}|мн)", re.IGNORECASE),
               "к": re.compile("^(?:мн|вс|вт)", re.IGNORECASE)}


def preposition(text: str, word: str) -> str:
    """The preposition and the text after it: preposition("спилом деревьев", "с") → "со спилом
    деревьев", preposition("благоустройством", "с") → "с благоустройством"; also «в» → «во»,
    «к» → «ко». Other prepositions are put as given."""
    text = str(text)
    rule = _WITH_VOWEL.get(word.lower())
    first = text.split(" ", 1)[0]
    vowel = rule and rule.match(text) and not first.isupper()  # «с ЖКХ»: an abbreviation is read by letters
    return f"{word}{'о' if vowel else ''} {text}"


# --- numeral agreement -------------------------------------------------------

def _count_value(n: Any) -> int | Decimal:
    value = decimal(n)
    return int(value) if value == value.to_integral_value() else value


def _numeral_word(n: int, case: str, gender: str | None, animate: bool) -> str:
    if n == 1:
        if case == "accs" and animate and gender in (None, "masc"):
            return _ONE_ANIM_ACCS
        return _ONE[gender or "masc"][case]
    if n == 2 and gender == "femn" and case in ("nomn", "accs"):
        return "две"
    return _NUMERALS[n][CASES.index(case)]


@functools.lru_cache(maxsize=1024)
def _predicate(verb: str, gender: str) -> str:
    """The predicate in the given gender, singular: "принято" → "принят"; as typed when it is
    not a verb or participle the dictionary knows."""
    for parse in parses(verb.lower()):
        if parse.tag.POS in ("VERB", "PRTS", "ADJS"):
            form = parse.inflect({gender, "sing"})
            if form is not None:
                return restyle(verb, form.word)
    return verb


@functools.lru_cache(maxsize=4096)
def _agree(n: int | Decimal, phrase: str, case: str, words: bool, verb: str | None = None) -> str:
    split = _split(phrase)
    head = split.head[1] if split.head else None
    gender = gender_of(head) if head else (gender_of(split.adjectives[0][1]) if split.adjectives else None)

    one = False
    if isinstance(n, Decimal):  # "2,5 обращения": a fraction governs the genitive singular
        noun, adj = ("gent", "sing"), ("gent", "sing")
        shown = number(n, max(0, -int(n.normalize().as_tuple().exponent)))  # finite: an int
    else:
        last, last_two = abs(n) % 10, abs(n) % 100
        one = last == 1 and last_two != 11
        few = last in (2, 3, 4) and not 12 <= last_two <= 14
        if case in ("nomn", "accs"):
            if one:
                noun = adj = (case, "sing")  # accusative singular: "на 21 жалобу"
            elif few:
                noun = ("gent", "sing")
                # Feminine nouns take a nominative plural adjective after 2–4:
                # "две письменные жалобы", but "два письменных обращения".
                adj = ("nomn", "plur") if gender == "femn" else ("gent", "plur")
            else:
                noun = adj = ("gent", "plur")
        else:
            noun = adj = (case, "sing" if one else "plur")
        if words and 1 <= n <= 10:
            animate = head is not None and head.tag.animacy == "anim"
            shown = _numeral_word(n, case, gender, animate)
        else:
            shown = number(n)

    override = COUNTING_FORMS.get(head.normal_form, {}).get(noun) if head else None
    text = _render(split, noun[0], noun[1], adj[0], adj[1], noun_word=override)
    if verb:
        # After a final 1 the noun is the subject and the predicate agrees with it
        # ("принят 21 человек", "поступила 1 жалоба"); otherwise it is neuter ("принято 22 человека").
        return f"{_predicate(verb, (gender or 'masc') if one else 'neut')} {shown} {text}"
    return f"{shown} {text}"


def agree(n: Any, phrase: str, case: str = "nomn", words: bool = False, verb: str | None = None) -> str:
    """A count with a nominative singular noun phrase agreed with it.

    agree(295, "письменное обращение") → "295 письменных обращений";
    agree(873, "письменное обращение") → "873 письменных обращения";
    agree(5, "человек") → "5 человек"; agree(2, "случай", "loct", words=True) →
    "двух случаях". The accusative is the nominative except after a final 1
    ("на 21 жалобу"). words=True writes 1–10 as words; other numbers stay digits.
    verb, in the neuter ("принято", "поступило"), is put before the count and agreed
    with it: agree(21, "человек", verb="принято") → "принят 21 человек",
    agree(22, "человек", verb="принято") → "принято 22 человека".
    """
    return _agree(_count_value(n), str(phrase), _case(case), bool(words), str(verb) if verb else None)
