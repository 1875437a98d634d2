"""The floor for `zapiska build`: the least a script must do to make a note like ours.

Imports docxtpl and matplotlib, draws three bar charts of the size and resolution
of the pictures ours were (15 cm wide, 150 dpi, titles, labels on the bars, a legend), each
with a single draw (no tight bounding box, which draws twice), and renders one template.
No YAML, no validation, no Russian wording.
Usage: python floor.py TEMPLATE.docx OUT.docx (the template: make_floor_template).
"""
from __future__ import annotations

import io
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from docx.shared import Cm  # noqa: E402
from docxtpl import DocxTemplate, InlineImage  # noqa: E402

CHARTS = [
    ("Письменные обращения", ["Всего", "Из администрации края"], [[467, 322], [295, 140]]),
    ("Звонки и личные приемы", ["«Горячая линия»", "Многоканальный телефон края", "Личные приемы"],
     [[462, 80, 301], [269, 104, 287]]),
    ("Тематика вопросов", ["Государство", "Социальная сфера", "Экономика", "Оборона", "ЖКХ"],
     [[35, 42, 150, 32, 166]]),
]


def chart(title: str, labels: list[str], series: list[list[int]]) -> bytes:
    fig, ax = plt.subplots(figsize=(15 / 2.54, 15 / 2.54 * 0.55))
    width = 0.8 / len(series)
    for i, values in enumerate(series):
        bars = ax.bar([p + i * width for p in range(len(labels))], values, width, label=str(2020 + i))
        ax.bar_label(bars, padding=2)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_title(title)
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150)
    plt.close(fig)
    return buffer.getvalue()


def make_floor_template(path: str) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("В {{ period }} поступило {{ total }} письменных обращений, что на {{ diff }} меньше.")
    for i in range(len(CHARTS)):
        doc.add_paragraph(f"{{{{ chart{i} }}}}")
    doc.save(path)


def main(template: str, out: str) -> None:
    doc = DocxTemplate(template)
    context = {"period": "первом полугодии 2021 года", "total": 295, "diff": "172 обращения (36,8 %)"}
    for i, spec in enumerate(CHARTS):
        context[f"chart{i}"] = InlineImage(doc, io.BytesIO(chart(*spec)), width=Cm(15))
    doc.render(context)
    doc.save(out)


if __name__ == "__main__":
    main(*sys.argv[1:3])
