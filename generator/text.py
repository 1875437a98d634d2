"""Russian wording: numbers, number–noun agreement, cases, comparisons with АППГ.

Pure functions, no I/O. The compare layer computes; this layer only formats, so
all rounding happens here (half-up, as a clerk rounds by hand — never banker's).

The public functions are also Jinja filters, registered in FILTERS by a decorator.
pymorphy3 is imported lazily in `_morph()`: importing this module must stay cheap
so that `zapiska --help` and `zapiska check` do not pay for the dictionaries.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Callable

from .compare import Figure

NBSP = "\u00a0"
DASH = "\u2014"

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

_ADJ_POS = frozenset({"ADJF", "PRTF"})
_WORD = re.compile(r"^([^\w]*)(\w(?:[\w-]*\w)?)([^\w]*)$")
_SPACES = re.compile(r"(\s+)")


@functools.cache
def _morph():
    import pymorphy3  # lazy: the dictionaries take a while to load
    import pymorphy3_dicts_ru

    # With the path given, pymorphy3 does not scan every installed package for dictionaries.
    return pymorphy3.MorphAnalyzer(path=pymorphy3_dicts_ru.get_path(), lang="ru")


# --- template filters --------------------------------------------------------

@dataclass(frozen=True)
class TemplateFilter:
    """A Jinja filter as the department sees it in the docs and `zapiska template vars`."""

    func: Callable[..., str]
    description: str  # one line, Russian
    example: str      # a Jinja expression; may use the sample report context (written.total …)


FILTERS: dict[str, TemplateFilter] = {}


def template_filter(name: str, description: str, example: str):
    """Register the decorated function as the Jinja filter `name`."""
    def register(func):
        FILTERS[name] = TemplateFilter(func, description, example)
        return func
    return register


def jinja_filters() -> dict[str, Callable[..., str]]:
    """Filter name → function, for the Jinja environment."""
    return {name: item.func for name, item in FILTERS.items()}


# --- numbers -----------------------------------------------------------------

def _decimal(value: Any) -> Decimal:
    """Any count the templates may pass (int, float, Decimal, Figure) as a Decimal."""
    if isinstance(value, Figure) or (hasattr(value, "value") and hasattr(value, "previous")):
        value = value.value
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise TypeError(f"ожидалось число, получено: {value!r}")
    # repr() of a float is its shortest exact spelling: 36.85 stays 36.85, so
    # half-up gives 36,9 (Decimal(36.85) would be 36.8499… and round down).
    result = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not result.is_finite():
        raise ValueError(f"ожидалось конечное число, получено: {value!r}")
    return result


def _round(value: Decimal, precision: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-precision), rounding=ROUND_HALF_UP)


def rounded(value: Any, precision: int = 0) -> Decimal:
    """The value rounded the way the documents print it (half-up): what a rank compares."""
    return _round(_decimal(value), precision)


@template_filter("number", "Число с пробелами в тысячах (от 10 000) и десятичной запятой",
                 "{{ 11600 | number }}")
def number(value: Any, precision: int = 0, group_from: int = 5) -> str:
    """295 → "295", 2907 → "2907", 11600 → "11 600" (NBSP), 42.71 (1) → "42,7".

    Numbers of four digits are not grouped in running text (Russian typographic
    practice); from `group_from` digits on, thousands are separated by a
    non-breaking space. Rounding is half-up; the sign is a plain hyphen-minus.
    """
    rounded = _round(_decimal(value), precision)
    sign = "-" if rounded < 0 else ""  # "-0,0" would read as a real change
    digits = f"{abs(rounded):f}"
    whole, _, fraction = digits.partition(".")
    if len(whole) >= group_from:
        head = len(whole) % 3 or 3
        whole = NBSP.join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    return sign + whole + ("," + fraction if fraction else "")


@template_filter("percent", "Процент с запятой и неразрывным пробелом перед знаком %",
                 "{{ 36.85 | percent }}")
def percent(value: Any, precision: int = 1) -> str:
    """A value already in percent: 36.8257 → "36,8 %" (NBSP before "%").

    Always exactly `precision` decimals (100.0 → "100,0 %", with precision=0 →
    "100 %"): predictable columns beat clever trimming. A value that would
    print as zero but is not reads "менее 0,1 %"; None (a share of a zero or
    unknown whole) prints nothing. Negative values keep their sign; pass abs()
    where a magnitude is meant.
    """
    if value is None:
        return ""
    amount = _decimal(value)
    if amount and not _round(amount, precision):
        return f"менее {number(Decimal(1).scaleb(-precision), precision)}{NBSP}%"
    return f"{number(amount, precision)}{NBSP}%"


_LARGE_UNITS = ((Decimal(1000), "тыс."), (Decimal(10**6), "млн"), (Decimal(10**9), "млрд"))


@template_filter("thousands", "Большое число кратко: 11,6 тыс., 1,2 млн; до 10 000 — полностью",
                 "{{ 11600 | thousands }}")
def thousands(value: Any, precision: int = 1) -> str:
    """11600 → "11,6 тыс.", 1000000 → "1 млн", 2907 → "2907": below 10 000 a number
    is short enough as it is. A whole result drops its ",0" ("10 тыс.")."""
    amount = _decimal(value)
    if abs(amount) < 10000:
        return number(amount)
    for divisor, unit in _LARGE_UNITS:
        scaled = _round(amount / divisor, precision)
        if abs(scaled) < 1000:
            break  # 999 950 is "1 млн", not "1000 тыс."
    shown = number(scaled, precision if scaled != scaled.to_integral_value() else 0)
    return f"{shown}{NBSP}{unit}"


@template_filter("cell", "Число для ячейки таблицы: тысячи отделены всегда (1 234), нет числа — прочерк",
                 "{{ written.total.previous | cell }}")
def cell(value: Any, precision: int = 0) -> str:
    """Grouping from four digits keeps a column uniform (9 876 above 12 345); a dash says
    "no figure" where an empty cell would look forgotten."""
    return DASH if value is None else number(value, precision, group_from=4)


@template_filter("date", "Дата так, как ее пишут в реквизитах документа: 25.12.2017",
                 "{{ municipality.act.date | date }}")
def date(value: Any) -> str:
    """datetime.date(2017, 12, 25) → "25.12.2017" (ГОСТ Р 7.0.97: ДД.ММ.ГГГГ)."""
    if not hasattr(value, "strftime"):
        raise TypeError(f"ожидалась дата, получено: {value!r}")
    return value.strftime("%d.%m.%Y")


# --- morphology --------------------------------------------------------------

@functools.lru_cache(maxsize=4096)
def _parses(word: str) -> tuple:
    return tuple(_morph().parse(word))


def _nominative(word: str, pos: frozenset[str]):
    """The best parse of `word` in the nominative with a part of speech in `pos`."""
    for parse in _parses(word):
        if parse.tag.POS in pos and parse.tag.case == "nomn":
            return parse
    return None


def _form(parse, grammemes: set[str]) -> str | None:
    """Inflect, dropping grammemes the word cannot take (singularia/pluralia
    tantum, indeclinables) instead of failing."""
    for attempt in (grammemes, grammemes - {"anim", "inan"}, grammemes - {"anim", "inan", "sing", "plur"}):
        form = parse.inflect(set(attempt))
        if form is not None:
            return form.word
    return None


def _restyle(original: str, word: str) -> str:
    """Give the inflected word the original's capitals (per hyphen part) and its
    spelling of "е": the dictionary writes "ё", a department usually does not."""
    if "ё" not in original.lower():
        word = word.replace("ё", "е")
    if original.isupper() and len(original) > 1:
        return word.upper()
    parts, original_parts = word.split("-"), original.split("-")
    if len(parts) != len(original_parts):
        parts, original_parts = [word], [original]
    return "-".join(p[:1].upper() + p[1:] if o[:1].isupper() else p
                    for p, o in zip(parts, original_parts))


@dataclass(frozen=True)
class _Phrase:
    """A phrase split by the head rule: the leading adjectives and participles,
    the first noun (the head), and the verbatim rest."""

    tokens: tuple[str, ...]     # words and the whitespace between them, as given
    adjectives: tuple           # (token index, parse)
    head: tuple | None          # (token index, parse) or None when there is no noun
    name: tuple | None = None   # (token index, parse): a one-word name agreeing with the head


# After these nouns a one-word name agrees in literary usage: «города Армавира»,
# «станицы Кавказской»; a name of several words stays as typed («города Горячий Ключ»).
_SETTLEMENT_KINDS = frozenset({"город", "станица", "село", "посёлок", "хутор", "деревня", "аул"})
# «города Иваново», «хутора Ленино»: official usage leaves names in -ово/-ино alone.
_UNDECLINED_NAMES = ("ово", "ево", "ино", "ыно")


@functools.lru_cache(maxsize=2048)
def _split(phrase: str) -> _Phrase:
    tokens = tuple(_SPACES.split(phrase))
    words = [(i, tok) for i, tok in enumerate(tokens) if tok and not tok.isspace()]
    adjectives: list = []
    for pos, (i, token) in enumerate(words):
        match = _WORD.match(token)
        if not match:
            break
        core = match.group(2).lower()
        if core == "не" and pos == 0 and _followed_by_nominal(words, pos):
            continue  # «не получившие ответа»: the participle after the particle agrees
        adjective = _nominative(core, _ADJ_POS)
        noun = _nominative(core, frozenset({"NOUN"}))
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
    for parse in _parses(word):
        if parse.tag.POS == "ADJF" and parse.normal_form.endswith("ий"):
            return _nominative(parse.normal_form, _ADJ_POS)
    return None


def _settlement_name(head, rest: list) -> tuple | None:
    if head.normal_form not in _SETTLEMENT_KINDS or len(rest) != 1:
        return None
    i, token = rest[0]
    match = _WORD.match(token)
    if not match or "-" in match.group(2) or not match.group(2)[:1].isupper():
        return None
    core = match.group(2).lower()
    if core.endswith(_UNDECLINED_NAMES):
        return None
    parse = _nominative(core, _ADJ_POS) or _nominative(core, frozenset({"NOUN"}))
    return (i, parse) if parse else None


def _followed_by_nominal(words: list, pos: int) -> bool:
    if pos + 1 >= len(words):
        return False
    match = _WORD.match(words[pos + 1][1])
    if not match:
        return False
    return _nominative(match.group(2).lower(), _ADJ_POS | {"NOUN"}) is not None


def _gender(parse) -> str | None:
    gender = parse.tag.gender
    return gender if gender in ("masc", "femn", "neut") else None


def _replace(tokens: list[str], index: int, word: str | None, base: str) -> None:
    if word is None or word == base:
        return  # cannot be inflected, or the form asked for is the one typed: leave as typed
    match = _WORD.match(tokens[index])
    if match is None:
        return
    lead, core, tail = match.groups()
    tokens[index] = lead + _restyle(core, word) + tail


def _render(split: _Phrase, case: str, noun_number: str | None, adj_case: str | None = None,
            adj_number: str | None = None, noun_word: str | None = None) -> str:
    """Put the head noun into (case, noun_number) and its adjectives into
    (adj_case, adj_number), both defaulting to the noun's; the rest stays."""
    tokens = list(split.tokens)
    head = split.head[1] if split.head else None
    number_ = noun_number or (head.tag.number if head else None)
    if head is not None and split.head:
        grammemes = {case} | ({number_} if number_ else set())
        _replace(tokens, split.head[0], noun_word or _form(head, grammemes), head.word)
    adj_case = adj_case or case
    adj_number = adj_number or number_
    for i, adjective in split.adjectives:
        grammemes = {adj_case}
        adj_num = adj_number or adjective.tag.number
        if adj_num:
            grammemes.add(adj_num)
        gender = _gender(head) if head else _gender(adjective)
        if adj_num == "sing" and gender:
            grammemes.add(gender)
        # Accusative adjectives follow the noun's animacy: "кавказского" vs "кавказский".
        if adj_case == "accs" and (adj_num == "plur" or gender == "masc"):
            animacy = (head.tag.animacy if head else None) or "inan"
            grammemes.add(animacy)
        _replace(tokens, i, _form(adjective, grammemes), adjective.word)
    if split.name:
        i, name = split.name
        grammemes = {case, "sing"}
        if name.tag.POS != "NOUN":
            grammemes |= {_gender(head) or "masc", "inan"}
        _replace(tokens, i, _form(name, grammemes), name.word)
    return "".join(tokens)


def _case(case: str) -> str:
    case = CASE_ALIASES.get(case, case)
    if case not in CASES:
        names = ", ".join(CASES + tuple(CASE_ALIASES))
        raise ValueError(f"неизвестный падеж {case!r}; возможны: {names}")
    return case


@functools.lru_cache(maxsize=4096)
def _inflect(phrase: str, case: str, plural: bool) -> str:
    # An enumeration ("Оборона, безопасность, законность", "труд и занятость населения")
    # is inflected part by part.
    return ", ".join(" и ".join(_render(_split(part), case, "plur" if plural else None)
                                for part in item.split(" и "))
                     for item in phrase.split(", "))


@template_filter("case", "Слово или название в нужном падеже: gent (род), datv (дат), accs (вин), ablt (твор), "
                         "loct (пред)",
                 "{{ 'Кавказский район' | case('gent') }}")
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


# --- numeral agreement -------------------------------------------------------

def _count_value(n: Any) -> int | Decimal:
    value = _decimal(n)
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
    for parse in _parses(verb.lower()):
        if parse.tag.POS in ("VERB", "PRTS", "ADJS"):
            form = parse.inflect({gender, "sing"})
            if form is not None:
                return _restyle(verb, form.word)
    return verb


@functools.lru_cache(maxsize=4096)
def _agree(n: int | Decimal, phrase: str, case: str, words: bool, verb: str | None = None) -> str:
    split = _split(phrase)
    head = split.head[1] if split.head else None
    gender = _gender(head) if head else (_gender(split.adjectives[0][1]) if split.adjectives else None)

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


@template_filter("agree", "Число и согласованное с ним слово в нужном падеже; verb='принято' — и сказуемое перед ним",
                 "{{ 295 | agree('письменное обращение', verb='поступило') }}")
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


# --- comparisons with the same period of the previous year -------------------

def _figure(fig: Any) -> Figure:
    if isinstance(fig, Figure):
        return fig
    if hasattr(fig, "value") and hasattr(fig, "previous"):
        return Figure(fig.value, fig.previous, getattr(fig, "whole", None))
    raise TypeError(f"ожидалась цифра со значением прошлого года, получено: {fig!r}")


@template_filter("change", "Изменение к прошлому году: на 172 обращения (36,8 %) меньше",
                 "{{ written.total | change }}")
def change(fig: Any, noun: str = "обращение", precision: int = 1) -> str:
    """"на 172 обращения (36,8 %) меньше" / "на 20 обращений (23,8 %) больше" /
    "на уровне прошлого года"; more than doubled: "в 2,3 раза больше (на 130
    обращений)"; from zero: "на 20 обращений больше" (no percentage); "" when the
    previous value is unknown."""
    fig = _figure(fig)
    if fig.direction is None:
        return ""
    if fig.direction == "same":
        return "на уровне прошлого года"
    counted = agree(abs(fig.diff), noun, "accs")
    if _doubled(fig):
        return f"{times(fig, precision)} {more_less(fig)} (на {counted})"
    share = f" ({change_percent(fig, precision)})" if fig.percent is not None else ""
    return f"на {counted}{share} {more_less(fig)}"


def _doubled(fig: Figure) -> bool:
    # Official reviews say "в 2,3 раза больше" rather than "на 130,0 % больше".
    return fig.ratio is not None and fig.ratio > 2


@template_filter("times", "Во сколько раз число больше или меньше прошлогоднего: «в 1,6 раза» (к нему — more_less)",
                 "{{ written.total | times }}")
def times(fig: Any, precision: int = 1) -> str:
    """"в 2,3 раза", "в 3 раза", "в 21 раз": how many times the larger of the two values
    exceeds the smaller; "" when one of them is zero or unknown."""
    ratio = _figure(fig).ratio
    if not ratio:
        return ""
    rounded = _round(_decimal(ratio if ratio >= 1 else 1 / ratio), precision)
    return "в " + agree(rounded.normalize() if rounded == rounded.to_integral_value() else rounded, "раз", "accs")


@template_filter("compared", "Оборот «, что на … меньше, чем за аналогичный период прошлого года»",
                 "{{ written.total | compared }}")
def compared(fig: Any, noun: str = "обращение",
             since: str = "чем за аналогичный период прошлого года", precision: int = 1) -> str:
    """The clause after a sentence's figure: ", что на 172 обращения (36,8 %)
    меньше, чем за аналогичный период прошлого года"; equal: ", что на уровне
    аналогичного периода прошлого года"; "" when there is nothing to compare with
    (the comparison is left out, never invented)."""
    fig = _figure(fig)
    if fig.direction is None:
        return ""
    if fig.direction == "same":
        return f", что {_same(since)}"
    return f", что {change(fig, noun, precision)}, {since}"


def _same(since: str) -> str:
    # "чем за аналогичный период…" → "на уровне аналогичного периода…";
    # "чем в 2020 году" → "столько же, сколько в 2020 году".
    if since.startswith("чем за "):
        return "на уровне " + inflect(since[len("чем за "):], "gent")
    if since.startswith("чем "):
        return "столько же, сколько " + since[len("чем "):]
    return "на уровне прошлого года"


@template_filter("more_less", "Слово «больше», «меньше» или «столько же» по сравнению с прошлым годом",
                 "{{ written.total | more_less }}")
def more_less(fig: Any) -> str:
    """"больше" / "меньше" / "столько же"; "" when the previous value is unknown."""
    return {"up": "больше", "down": "меньше", "same": "столько же", None: ""}[_figure(fig).direction]


@template_filter("change_percent", "Изменение к прошлому году в процентах, без знака",
                 "{{ written.total | change_percent }}")
def change_percent(fig: Any, precision: int = 1) -> str:
    """The magnitude of the change relative to АППГ: "47,6 %"; "" when there is
    none (previous value unknown or zero)."""
    value = _figure(fig).percent
    return "" if value is None else percent(abs(value), precision)


@template_filter("capfirst", "Первая буква заглавная, остальные как есть (в начале предложения)",
                 "{{ period.v_words | capfirst }}")
def capfirst(value: Any) -> str:
    """Unlike Jinja's capitalize, keeps the rest: "в 1 полугодии" → "В 1 полугодии"."""
    value = str(value)
    return value[:1].upper() + value[1:]


@template_filter("nbsp", "Пробелы заменяются неразрывными: «О.М. Ляхов» не разорвется между строками",
                 "{{ signature.name | nbsp }}")
def nbsp(value: Any) -> str:
    return str(value).replace(" ", NBSP)


# "2020 г.", "11,6 тыс.", "36,8 %", "№ 59-ФЗ", "ст. 13": a number never parts from its unit at a line end.
_UNIT_SPACE = re.compile(r"(\d) (?=(?:гг?|тыс|млн|млрд)\.?(?!\w)|%)|(№|ст\.) (?=\d)")


@template_filter("typograph", "Неразрывные пробелы в свободном тексте: «2021 г.», «11 тыс.», «№ 59-ФЗ»",
                 "{{ hotline.remark | typograph }}")
def typograph(value: Any) -> str:
    """Free text typed by a clerk, with the non-breaking spaces the generated text has."""
    return _UNIT_SPACE.sub(lambda m: (m[1] or m[2]) + NBSP, str(value))


@template_filter("delta", "Короткое изменение со знаком для таблиц: −172 (−36,8 %)",
                 "{{ written.total | delta }}")
def delta(fig: Any, precision: int = 1) -> str:
    """Signed difference and percent change, compact for table cells, grouped as `cell`
    groups: "+1 234 (+16,7 %)"; "+130 (в 2,3 раза)"; a change below 0,05 % shows no
    percentage ("+1", never "+0,0 %"); a dash when unknown."""
    fig = _figure(fig)
    if fig.diff is None:
        return DASH

    def signed(text: str, value: float) -> str:
        return ("+" if value > 0 else "−" if value < 0 else "") + text.lstrip("-")

    result = signed(cell(abs(fig.diff)), fig.diff)
    if _doubled(fig):
        result += f" ({times(fig, precision)})"
    elif fig.percent is not None and _round(_decimal(fig.percent), precision):
        result += f" ({signed(percent(abs(fig.percent), precision), fig.percent)})"
    return result


@template_filter("lowercase", "Строчными буквами, кроме аббревиатур (ЖКХ, МФЦ): название внутри предложения",
                 "{{ 'Вопросы ЖКХ' | lowercase }}")
def lowercase(value: Any) -> str:
    """"Жилищно-коммунальная сфера" → "жилищно-коммунальная сфера", "Вопросы ЖКХ" → "вопросы ЖКХ"."""
    return re.sub(r"\w+", lambda m: m[0] if len(m[0]) > 1 and m[0].isupper() else m[0].lower(), str(value))
