"""The form never saves what `check` refuses without saying so: a form with errors is not written
unless the clerk saves it as a draft, and a draft is marked wherever the file shows (the start page,
the form, `zapiska check`, the batch's table). While errors remain, the valid figures are still
compared. Without a browser (Flask's test client)."""
import csv

import pytest
import yaml

from conftest import FORM, NB, digest_of, form_fields
from generator.store import draft
from generator.store.load import load
from generator.web import form

DRAFT_MESSAGE = ("«Из них получено из администрации Краснодарского края» (400) больше, чем «Письменных обращений "
                 "поступило всего» (295): часть не может быть больше целого")


@pytest.fixture
def kavkazsky(data_dir):
    path = data_dir / "kavkazsky-raion" / "2021-H1.yaml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def _wrong(client, data):
    return form_fields(data) | {"written.from_region": "400", "_digest": digest_of(client)}


def test_a_form_with_errors_is_not_saved_and_the_answer_says_why(client, kavkazsky):
    path, data = kavkazsky
    before = path.read_bytes()
    response = client.post(f"{FORM}/save", data=_wrong(client, data))
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["error"] == ("Не сохранено: в форме 1 ошибка. Файл остался прежним, а ваши цифры — в форме и в "
                               "этом браузере. Исправьте ошибки или сохраните как черновик.")
    assert answer["problems"] == [{"field": "written.from_region", "whole": "written.total", "warning": False,
                                   "message": DRAFT_MESSAGE}]
    assert path.read_bytes() == before
    assert not draft.marker(path).exists()


def test_the_message_is_the_one_zapiska_check_gives_for_the_same_file(client, kavkazsky, run):
    path, data = kavkazsky
    answer = client.post(f"{FORM}/check", data=_wrong(client, data)).get_json()
    path.write_text(path.read_text(encoding="utf-8").replace("from_region: 140", "from_region: 400"), encoding="utf-8")
    result = run("check", path)
    assert result.exit_code == 1
    assert result.stderr.endswith(f": {answer['problems'][0]['message']}\n")
    assert answer["problems"][0]["message"] == DRAFT_MESSAGE


def test_a_draft_is_saved_when_asked_and_marked_everywhere_until_a_clean_save(client, kavkazsky, run, tmp_path):
    path, data = kavkazsky
    response = client.post(f"{FORM}/save", data=_wrong(client, data) | {"_draft": "1"})
    assert response.status_code == 200
    assert response.get_json()["message"] == ("Сохранено как черновик с ошибками (1 ошибка): документ из него "
                                              "не сформировать")
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["written"]["from_region"] == 400
    assert draft.title(path) == "черновик с ошибками: 1"
    assert "черновик с ошибками: 1" in client.get("/").get_data(as_text=True)
    assert "черновик с ошибками: 1" in client.get(FORM).get_data(as_text=True)
    result = run("check", path)
    assert result.stderr.splitlines()[-1] == f"{path}: черновик с ошибками: 1 — сохранен из формы как черновик"
    batch = run("batch", path.parent.parent, "--period", "2021-H1", "-o", tmp_path / "out")
    assert batch.exit_code == 1
    with open(tmp_path / "out" / "svodka-2021-H1.csv", encoding="utf-8-sig") as table:
        states = {row[0]: row[2] for row in csv.reader(table, delimiter=";")}
    assert states["kavkazsky-raion"] == "черновик с ошибками: 1"
    assert states["goryachiy-klyuch"] == "собран"

    fixed = form_fields(data) | {"_digest": digest_of(client)}
    assert client.post(f"{FORM}/save", data=fixed).get_json()["message"] == "Сохранено"
    assert not draft.marker(path).exists()
    assert "черновик" not in client.get("/").get_data(as_text=True)


def test_a_draft_corrected_outside_the_form_is_no_longer_marked(client, kavkazsky):
    path, data = kavkazsky
    client.post(f"{FORM}/save", data=_wrong(client, data) | {"_draft": "1"})
    path.write_text(path.read_text(encoding="utf-8").replace("from_region: 400", "from_region: 140"), encoding="utf-8")
    assert draft.title(path) is None
    load(path)  # and it checks


def test_an_error_keeps_the_comparisons_of_the_other_figures(client, kavkazsky):
    _, data = kavkazsky
    sent = form_fields(data) | {"written.from_region": "400", "topics.0.count": "много"}
    preview = client.post(f"{FORM}/check", data=sent).get_json()["preview"]
    assert "Поля с ошибками в сравнение не вошли" in preview
    assert "−172 (−36,8" in preview  # written.total, valid, is compared
    assert "Жилищно-коммунальная сфера" in preview and "Государство, общество, политика" not in preview
    assert "из администрации Краснодарского края" not in preview  # the wrong figure is left out


def test_without_a_total_there_is_nothing_to_compare_and_the_page_says_what_is_needed(client, kavkazsky):
    _, data = kavkazsky
    preview = client.post(f"{FORM}/check", data=form_fields(data) | {"written.total": "-5"}).get_json()["preview"]
    assert "появится, когда в форме будут верны период, название и число письменных обращений" in preview


def test_the_table_reads_changes_by_figure_in_the_regions_words(client, kavkazsky):
    _, data = kavkazsky
    data["deadlines"] = {"overdue": 3}
    data["violations"]["cases"] = 0
    preview = client.post(f"{FORM}/check", data=form_fields(data)).get_json()["preview"]
    assert "<td>Процент поручений, поставленных на контроль</td><td>100</td><td>100</td>" in preview
    assert '<td class="">без изменений</td>' in preview  # 100 → 100
    assert "Из них получено из администрации Краснодарского края" in preview
    assert "Самые частые вопросы раздела «Жилищно-коммунальная сфера»" in preview
    assert '<td class="bad">−75 (−37,3' in preview  # fewer supported: worse
    assert '<td class="">−172 (−36,8' in preview  # fewer appeals: neither good nor bad


@pytest.mark.parametrize(("typed", "value"), [("1 295", 1295), (f"11{NB}600", 11600), ("1\u202f295", 1295),
                                              ("295", 295), ("1 2", "1 2"), ("12 3456", "12 3456")])
def test_numbers_typed_with_spaces_between_thousands(typed, value):
    assert form.parse({"written.total": typed}) == {"written": {"total": value}}


def test_a_wrongly_spaced_number_gets_the_message_of_check(client, kavkazsky):
    _, data = kavkazsky
    answer = client.post(f"{FORM}/check", data=form_fields(data) | {"hotline.calls": "1 2"}).get_json()
    assert answer["problems"][0]["message"] == "ожидается целое число без кавычек и пробелов, а указано «1 2»"


# --- the start page: names, periods in words ----------------------------------------

def test_the_start_page_names_municipalities_not_folders(client):
    page = client.get("/").get_data(as_text=True)
    assert "Кавказский район" in page and "папка kavkazsky-raion" not in page and "2021-H1.yaml" not in page
    assert f'<option value="1{NB}полугодие 2021{NB}г.">' in page  # the periods there are, to choose from


@pytest.mark.parametrize(("typed", "period"), [("1 полугодие 2026 г.", "2026-H1"), ("2021-H1", "2021-H1"),
                                               ("9 месяцев 2025", "2025-9M"), ("2024 год", "2024")])
def test_a_period_typed_in_words_opens_its_form(client, typed, period):
    response = client.get("/open", query_string={"municipality": "kavkazsky-raion", "period": typed})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/kavkazsky-raion/{period}"


def test_a_period_not_understood_keeps_what_was_typed_with_the_reason(client):
    response = client.get("/open", query_string={"municipality": "goryachiy-klyuch", "period": "первый квартал"})
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'value="первый квартал"' in page
    assert "не удалось понять период «первый квартал»: напишите, например, «1 полугодие 2026»" in page
    assert '<option value="goryachiy-klyuch" selected>' in page


def test_the_note_of_the_valid_fields_is_shown_while_errors_remain(client, kavkazsky):
    _, data = kavkazsky
    sent = form_fields(data) | {"written.from_region": "400"}
    note = client.post(f"{FORM}/preview", data=sent).get_json()["note"]
    assert "Текст без полей с ошибками" in note
    assert "поступило 295 письменных обращений, что на 172 обращения" in note
    assert "получено из администрации Краснодарского края" not in note  # the wrong figure's sentence is left out
    whole = client.post(f"{FORM}/preview", data=form_fields(data)).get_json()["note"]
    assert "Текст без полей с ошибками" not in whole
    assert "140 обращений (47,5\u00a0% от общего числа) получено из администрации Краснодарского края" in whole


def test_the_draft_mark_is_written_and_removed_under_the_saves_folder_lock(client, kavkazsky, monkeypatch):
    from filelock import FileLock, Timeout

    from generator.store.files import FOLDER_LOCK

    path, data = kavkazsky
    held = []

    def lock_is_held(call):
        def probe(*args):
            try:
                FileLock(path.parent / FOLDER_LOCK, timeout=0).acquire()  # another descriptor, as another process
            except Timeout:
                held.append(call.__name__)
            return call(*args)
        return probe

    monkeypatch.setattr(draft, "mark", lock_is_held(draft.mark))
    monkeypatch.setattr(draft, "unmark", lock_is_held(draft.unmark))
    client.post(f"{FORM}/save", data=_wrong(client, data) | {"_draft": "1"})
    assert draft.title(path) == "черновик с ошибками: 1"
    client.post(f"{FORM}/save", data=form_fields(data) | {"_digest": digest_of(client)})
    assert not draft.marker(path).exists()
    assert held == ["mark", "unmark"]
