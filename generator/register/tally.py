"""Counting a period's figures from its appeals: pure functions, no files.

What is counted (docs/import.md says the same to the clerk):
- written.* and outcomes.*, deadlines.*, settlements, subtopics — appeals (обращения): written
  and electronic ones, each once however many questions it has; oral appeals (receptions) are
  not in these figures;
- questions_total and each topic's count — questions (вопросы): a row of the register per question;
- appeals.total and appeals.oral — every appeal, whatever its form, and the oral ones among them
  (only when the register has a form column).
A figure is counted only when the register has the column it comes from; the merge writes only
the figures the data model has.
"""
from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from typing import Any

from generator.register.appeals import Appeal

# The sections of the Типовой общероссийский тематический классификатор, in its order.
SECTIONS = {
    "0001": "Государство, общество, политика",
    "0002": "Социальная сфера",
    "0003": "Экономика",
    "0004": "Оборона, безопасность, законность",
    "0005": "Жилищно-коммунальная сфера",
}
SUBTOPICS = 6  # the most frequent questions listed for a topic
OUTCOMES = ("supported", "measures_taken", "explained", "not_supported", "answered", "forwarded", "unanswered",
            "in_progress")
DEADLINE_DAYS = 30  # ч. 1 ст. 12 59-ФЗ; an extension adds as many again (ч. 2)


def tally(appeals: Iterable[Appeal], fields: set[str]) -> dict[str, Any]:
    """The figures of these appeals (one period's) that the register's `fields` determine."""
    every = list(appeals)
    written = [appeal for appeal in every if appeal.written]
    figures: dict[str, Any] = {}
    if "form" in fields:
        figures["appeals"] = {"total": len(every), "oral": len(every) - len(written)}
    figures["written"] = _written(written, fields)
    if "result" in fields:
        results = Counter("measures_taken" if appeal.measures else appeal.result for appeal in written)
        outcomes = {name: results[name] for name in OUTCOMES}
        outcomes["supported"] += results["measures_taken"]  # «поддержано, в т.ч. меры приняты»
        figures["outcomes"] = outcomes
    elif "measures" in fields:  # a «Меры приняты» column alone: the other outcomes are unknown
        figures["outcomes"] = {"measures_taken": sum(appeal.measures for appeal in written)}
    if "answered" in fields:
        figures["deadlines"] = _deadlines(written, "extended" in fields)
    if "code" in fields:
        figures["questions_total"] = sum(len(appeal.questions) for appeal in written)
        figures["topics"] = _topics(written, "question" in fields)
    if "settlement" in fields:
        settlements = Counter(appeal.settlement for appeal in written if appeal.settlement)
        figures["settlements"] = [{"name": name, "count": count} for name, count in _ranked(settlements)]
    if "applicant" in fields:
        applicants = Counter(_as_in_text(appeal.applicant) for appeal in written if appeal.applicant)
        figures["applicants"] = [{"name": name, "count": count} for name, count in _ranked(applicants)]
    return figures


def _written(written: list[Appeal], fields: set[str]) -> dict[str, int]:
    figures = {"total": len(written)}
    if "form" in fields:
        figures["electronic"] = sum(appeal.form == "electronic" for appeal in written)
    if "kind" in fields:
        figures["collective"] = sum(appeal.kind in ("collective", "collective_repeat") for appeal in written)
    if "kind" in fields or "repeat" in fields:
        figures["repeat"] = sum(appeal.repeated or appeal.kind in ("repeat", "collective_repeat") for appeal in written)
    if "anonymous" in fields:
        figures["anonymous"] = sum(appeal.anonymous for appeal in written)
    if "source" in fields:
        figures["from_president"] = sum(appeal.source == "president" for appeal in written)
        figures["from_region"] = sum(appeal.source == "region" for appeal in written)
    return figures


def deadline_of(appeal: Appeal) -> datetime.date:
    """The appeal's deadline: the register's, else 30 days from registration (60 when extended)."""
    if appeal.deadline is not None:
        return appeal.deadline
    return appeal.date + datetime.timedelta(days=DEADLINE_DAYS * (2 if appeal.extended else 1))


def _deadlines(written: list[Appeal], has_extended: bool) -> dict[str, int]:
    answered = [appeal for appeal in written if appeal.answered is not None]
    overdue = sum(appeal.answered is not None and appeal.answered > deadline_of(appeal) for appeal in answered)
    figures = {"on_time": len(answered) - overdue, "overdue": overdue}
    if has_extended:
        figures["extended"] = sum(appeal.extended for appeal in written)
    return figures


def _topics(written: list[Appeal], has_names: bool) -> list[dict[str, Any]]:
    questions: Counter[str] = Counter()
    by_name: dict[str, Counter[str]] = {section: Counter() for section in SECTIONS}
    spelled: dict[str, str] = {}
    keys: dict[str, str] = {}  # a question as written -> its key (the same few names, many times)
    for appeal in written:
        names: set[tuple[str, str]] = set()
        for question in appeal.questions:
            if question.section is None:
                continue
            questions[question.section] += 1
            if has_names and question.name:
                key = keys.get(question.name)
                if key is None:
                    key = keys[question.name] = " ".join(question.name.split()).casefold()
                    spelled.setdefault(key, _as_in_text(question.name))
                names.add((question.section, key))
        for section, key in names:  # an appeal counts once for each question it raises
            by_name[section][key] += 1
    topics = []
    for code, name in SECTIONS.items():
        if questions[code]:
            subtopics = [{"name": spelled[key], "count": count} for key, count in _ranked(by_name[code])]
            topics.append({"code": code, "name": name, "count": questions[code],
                           "subtopics": subtopics[:SUBTOPICS]})
    return topics


def _ranked(counts: Counter[str]) -> list[tuple[str, int]]:
    """Most frequent first; equal counts in the order they first appeared."""
    order = {key: i for i, key in enumerate(counts)}
    return sorted(counts.items(), key=lambda item: (-item[1], order[item[0]]))


def _as_in_text(name: str) -> str:
    """«Комплексное благоустройство» -> «комплексное благоустройство» (the model's nominative in
    running text); an abbreviation («ЖКХ») keeps its capitals."""
    name = " ".join(name.split())
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name
