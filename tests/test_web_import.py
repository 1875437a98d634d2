"""The form takes a register: upload, see the table of changes, confirm — the same counting as
`zapiska import`."""
from __future__ import annotations

import io
import re

import yaml

from conftest import DATA

SAMPLE = DATA / "kavkazsky-raion" / "reestr-2020-2021.xlsx"


def _upload(client, content: bytes, name: str = "реестр.xlsx", **fields):
    data = {"register": (io.BytesIO(content), name), **fields}
    return client.post("/kavkazsky-raion/import", data=data, content_type="multipart/form-data")


def test_upload_shows_the_changes_and_confirm_writes_them(client, data_dir):
    path = data_dir / "kavkazsky-raion" / "2021-H1.yaml"
    before = path.read_bytes()
    assert "цифры из реестра обращений" in client.get("/").get_data(as_text=True)
    assert client.get("/kavkazsky-raion/import").status_code == 200
    shown = _upload(client, SAMPLE.read_bytes())
    page = shown.get_data(as_text=True)
    assert shown.status_code == 200
    assert ('<td title="written.electronic">Письменные обращения › из них в форме электронного документа</td>'
            "<td>—</td><td>121</td>") in page
    counted = 47  # 45 figures of written appeals, and appeals.total, .oral
    assert f"изменений {counted}, без изменений 15" in page
    assert path.read_bytes() == before  # nothing written before the confirmation
    token = re.search(r'/kavkazsky-raion/import/([\w-]+)"', page).group(1)
    done = client.post(f"/kavkazsky-raion/import/{token}")
    assert done.status_code == 200 and "Записано" in done.get_data(as_text=True)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["written"]["electronic"] == 121 and data["written"]["total"] == 295
    again = client.post(f"/kavkazsky-raion/import/{token}")
    assert "уже записан или устарел" in again.get_data(as_text=True)


def test_a_register_with_errors_changes_nothing(client, data_dir):
    before = sorted((p.name, p.read_bytes()) for p in (data_dir / "kavkazsky-raion").iterdir())
    bad = "Рег. №;Дата регистрации;Результат рассмотрения\n1;15.01.2021;Рассм.\n".encode("cp1251")
    response = _upload(client, bad, "реестр.csv", period="2021-H1")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "реестр.csv, строка 2, столбец «Результат рассмотрения»: неизвестное значение «Рассм.»" in page
    assert "Ничего не записано" in page
    assert sorted((p.name, p.read_bytes()) for p in (data_dir / "kavkazsky-raion").iterdir()) == before


def test_a_cross_site_upload_is_refused(client):
    response = client.post("/kavkazsky-raion/import", data={"register": (io.BytesIO(b"x"), "r.csv")},
                           content_type="multipart/form-data", headers={"Origin": "http://evil.example"})
    assert response.status_code == 403


def test_too_large_a_register_names_its_own_limit(client, monkeypatch):
    monkeypatch.setattr("generator.web.upload.MAX_REGISTER", 3 << 20)
    response = _upload(client, b"x" * (4 << 20))
    assert response.status_code == 413
    assert "больше 3\u00a0МБ не принимается" in response.get_data(as_text=True)


def test_the_page_names_the_municipality_and_puts_the_summary_and_the_button_first(client):
    page = _upload(client, SAMPLE.read_bytes()).get_data(as_text=True)
    assert "<h1>Кавказский район: цифры из реестра обращений</h1>" in page
    assert page.index("Записать") < page.index('<table class="changes">')
    assert '<details class="changes">' in page  # the full table folded
    assert "questions_total" not in page.replace('title="questions_total"', "")
    assert "учтены в поле «Вопросов в обращениях всего», но ни в одном разделе тематики" in page


def test_the_period_typed_is_kept_after_an_error_and_may_be_in_words(client):
    page = _upload(client, SAMPLE.read_bytes(), period="пятый квартал 2021").get_data(as_text=True)
    assert 'value="пятый квартал 2021"' in page
    assert "не удалось понять период «пятый квартал 2021»" in page
    in_words = _upload(client, SAMPLE.read_bytes(), period="1 полугодие 2021 г.").get_data(as_text=True)
    as_code = _upload(client, SAMPLE.read_bytes(), period="2021-H1").get_data(as_text=True)
    assert re.search(r"изменений \d+, без изменений \d+", in_words).group(0) == \
        re.search(r"изменений \d+, без изменений \d+", as_code).group(0)


def test_the_page_speaks_of_its_period_field_not_of_the_commands_option(client):
    page = _upload(client, SAMPLE.read_bytes()).get_data(as_text=True)
    assert "другой период укажите в поле «Период»" in page
    assert "--period" not in page
    part_of_a_month = "Рег. №;Дата регистрации\n1;12.08.2023\n2;20.08.2023\n".encode("cp1251")
    page = _upload(client, part_of_a_month, "реестр.csv").get_data(as_text=True)
    assert ("в реестре нет завершившегося полугодия или месяца целиком (даты с 12.08.2023 по 20.08.2023): укажите "
            "период в поле «Период», например «август 2023\u00a0г.» или «2\u00a0полугодие 2023\u00a0г.»") in page
    assert "--period" not in page
