"""The web form without a browser (Flask's test client): paths that try to leave the data
folder, two saves of one file, comments kept, Russian error pages, the download."""
import io
import subprocess
import sys
import threading
from pathlib import Path

import docx
import pytest
import yaml

from conftest import FORM, NB, comments, digest_of, form_fields, line_of, with_figures
from generator.core.errors import InputError
from generator.render import pdf
from generator.store.files import FOLDER_LOCK
from generator.store.load import load, load_text
from generator.web import form
from generator.web.app import create_app


@pytest.fixture
def kavkazsky(data_dir):
    path = data_dir / "kavkazsky-raion" / "2021-H1.yaml"
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


# --- checking: the same model and messages as `zapiska check` ----------------

def test_form_data_gets_the_messages_of_zapiska_check(kavkazsky, tmp_path):
    path, data = kavkazsky
    data["written"]["total"] = -5
    data["outcomes"]["supported"] = "12,5"
    broken = tmp_path / "kavkazsky-raion" / "2021-H1.yaml"
    broken.parent.mkdir()
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(InputError) as from_file:
        load(broken)
    with pytest.raises(InputError) as from_form:
        load_text(path, yaml.safe_dump(form.parse(form_fields(data)) | {"period": "2021-H1"}, allow_unicode=True))
    assert sorted(p.message for p in from_form.value.problems) == sorted(p.message for p in from_file.value.problems)
    assert {p.loc: p.message for p in from_form.value.problems} == {
        ("written", "total"): "количество не может быть отрицательным, а указано -5",
        ("outcomes", "supported"): "ожидается целое число, а указано «12,5»: количество пишется без запятой и точки",
    }


def test_check_puts_each_problem_next_to_its_field(client, kavkazsky):
    _, data = kavkazsky
    sent = form_fields(data) | {"written.total": "много", "outcomes.supported": "900"}
    answer = client.post(f"{FORM}/check", data=sent).get_json()
    assert {p["field"]: p["message"] for p in answer["problems"]} == {
        "written.total": "ожидается целое число, а указано «много»",
    }
    sent["written.total"] = "295"
    answer = client.post(f"{FORM}/check", data=sent).get_json()
    assert answer["problems"] == [{
        "field": "outcomes.supported", "warning": False, "whole": "written.total",
        "message": "«Поддержано» — рассмотрено положительно (900) больше, чем «Письменных обращений поступило всего» "
                   "(295): часть не может быть больше целого"}]


def test_a_check_words_the_region_labels_by_the_region_typed(client, kavkazsky):
    _, data = kavkazsky
    answer = client.post(f"{FORM}/check", data=form_fields(data)).get_json()
    assert answer["labels"]["written.from_region"] == "Из них получено из администрации Краснодарского края"
    assert "администрации Краснодарского края" in answer["labels"]["multichannel_phone"]
    typed = form_fields(data) | {"municipality.region": "Тверская область", "municipality.region_body": ""}
    labels = client.post(f"{FORM}/check", data=typed).get_json()["labels"]
    assert labels["written.from_region"] == "Из них получено из Правительства Тверской области"
    body = typed | {"municipality.region_body": "Губернатор Тверской области"}
    labels = client.post(f"{FORM}/check", data=body).get_json()["labels"]
    assert labels["written.from_region"] == "Из них получено из Губернатора Тверской области"
    cleared = typed | {"municipality.region": "", "municipality.region_genitive": ""}
    labels = client.post(f"{FORM}/check", data=cleared).get_json()["labels"]
    assert labels["written.from_region"] == "Из них получено из высшего органа власти субъекта Российской Федерации"


def test_page_and_check_show_the_comparisons_but_render_no_document(client, kavkazsky, monkeypatch):
    def no_render(*args, **kwargs):
        raise AssertionError("a check must not render the document")

    monkeypatch.setattr("generator.web.preview.document", no_render)
    page = client.get(FORM).get_data(as_text=True)
    assert "−172 (−36,8" in page  # the comparisons table (text.delta)
    assert 'data-preview="/kavkazsky-raion/2021-H1/preview"' in page  # the note is asked for there
    answer = client.post(f"{FORM}/check", data=form_fields(kavkazsky[1]))
    assert answer.status_code == 200
    assert set(answer.get_json()) == {"problems", "preview", "labels"}
    assert "−172 (−36,8" in answer.get_json()["preview"]
    text = answer.get_data(as_text=True)
    assert "data:image" not in text and "письменных обращений, что на" not in text
    assert len(answer.data) < 20_000  # it was 190 KB with the rendered note and its charts


def test_preview_is_the_note_as_it_will_read_rendered_once_per_input(client, kavkazsky, monkeypatch):
    from generator.web import preview

    rendered, document = [], preview.document
    monkeypatch.setattr(preview, "document", lambda loaded: rendered.append(loaded) or document(loaded))
    sent = form_fields(kavkazsky[1]) | {"written.total": "294"}  # an input no other test has rendered
    answer = client.post(f"{FORM}/preview", data=sent).get_json()
    assert answer["problems"] == []
    assert (f"поступило 294 письменных обращения, что на 173 обращения (37,0{NB}%) меньше, "
            "чем за аналогичный период прошлого года") in answer["note"]  # the template's own wording
    assert answer["note"].count('src="data:image/png;base64,') == 3  # the charts of the document
    assert client.post(f"{FORM}/preview", data=sent).get_json() == answer
    assert len(rendered) == 1  # the same input again: not rendered again
    client.post(f"{FORM}/preview", data=sent | {"written.total": "293"})
    assert len(rendered) == 2


def test_preview_of_a_form_with_errors_says_when_the_note_appears(client, kavkazsky):
    answer = client.post(f"{FORM}/preview", data=form_fields(kavkazsky[1]) | {"written.total": "много"}).get_json()
    assert answer["problems"][0]["field"] == "written.total"
    assert "Текст записки появится, когда в форме не останется ошибок." in answer["note"]


# --- saving: comments kept, atomic, never over someone else's save ------------

def test_save_keeps_comments_order_and_the_lines_it_did_not_change(client, kavkazsky):
    path, data = kavkazsky
    before = path.read_text(encoding="utf-8")
    sent = form_fields(data) | {"written.total": "296", "_digest": digest_of(client)}
    response = client.post(f"{FORM}/save", data=sent)
    assert response.status_code == 200, response.get_data(as_text=True)
    after = path.read_text(encoding="utf-8")
    assert comments(after) == comments(before)
    assert "  total: 296                         # поступило всего\n" in after

    def without_remarks(text):  # long texts may be rewrapped: ruamel wraps at 100 characters
        return text.split("\nremarks:")[0] + text.split("\nsignature:")[1]

    assert without_remarks(after) == without_remarks(before).replace("  total: 295", "  total: 296")
    assert yaml.safe_load(after) == data | {"written": data["written"] | {"total": 296}}
    # no temporary left; the folder's lock file (held only while saving) may stay, as batch's does
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".") and p.name != FOLDER_LOCK] == []


def test_a_blank_field_removes_its_key_and_a_new_one_is_added_in_model_order(client, kavkazsky):
    path, data = kavkazsky
    sent = form_fields(data) | {"receptions.video": "", "outcomes.explained": "7", "_digest": digest_of(client)}
    assert client.post(f"{FORM}/save", data=sent).status_code == 200
    saved = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert "video" not in saved["receptions"]
    assert list(saved["outcomes"]) == ["supported", "explained"]
    assert list(saved) == list(data)  # top-level order as it was


def test_second_save_of_the_same_version_is_refused_and_nothing_is_lost(client, kavkazsky):
    path, data = kavkazsky
    loaded = digest_of(client)
    first = client.post(f"{FORM}/save", data=form_fields(data) | {"written.total": "300", "_digest": loaded})
    assert first.status_code == 200
    second = client.post(f"{FORM}/save", data=form_fields(data) | {"written.total": "301", "_digest": loaded},
                         headers={"Accept": "application/json"})
    assert second.status_code == 409
    assert second.get_json()["error"].startswith("файл 2021-H1.yaml изменился после того, как вы открыли форму")
    assert load(path).report.written.total == 300  # the first save stands
    third = client.post(f"{FORM}/save", data=form_fields(data) | {"written.total": "301",
                                                              "_digest": first.get_json()["digest"]})
    assert third.status_code == 200 and load(path).report.written.total == 301


def test_simultaneous_saves_one_wins_the_other_is_told(data_dir, kavkazsky):
    path, data = kavkazsky
    app = create_app(data_dir)
    loaded = digest_of(app.test_client())
    statuses = []

    def save(total):
        response = app.test_client().post(f"{FORM}/save", headers={"Origin": "http://localhost"},
                                          data=form_fields(data) | {"written.total": total, "_digest": loaded})
        statuses.append((response.status_code, total))

    threads = [threading.Thread(target=save, args=(str(n),)) for n in (310, 320, 330, 340)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [total for status, total in statuses if status == 200]
    assert len(winners) == 1 and sorted(s for s, _ in statuses) == [200, 409, 409, 409]
    assert load(path).report.written.total == int(winners[0])


def test_new_period_starts_from_the_previous_structure_and_saves_a_commented_file(client, data_dir):
    url = "/kavkazsky-raion/2022-H1"
    page = client.get(url).get_data(as_text=True)
    assert f"форма заполнена по образцу 1{NB}полугодие 2021{NB}г." in page
    assert 'value="Жилищно-коммунальная сфера"' in page and 'value="комплексное благоустройство"' in page
    assert 'value="295"' not in page  # figures are not carried over
    assert digest_of(client, url) == ""
    answer = client.post(f"{url}/save", data={"municipality.name": "Кавказский район", "written.total": "10",
                                              "signature.position.0": "Глава", "signature.name": "И.И. Иванов",
                                              "_digest": ""})
    assert answer.status_code == 200
    text = (data_dir / "kavkazsky-raion" / "2022-H1.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Цифры для пояснительной записки")
    assert "period: 2022-H1" in text
    assert "  total: 10                         # Письменных обращений поступило всего" in text
    assert load(data_dir / "kavkazsky-raion" / "2022-H1.yaml").report.written.total == 10


def test_keys_the_form_does_not_show_survive_a_save(client, kavkazsky):
    path, data = kavkazsky
    with_figures(path, {"template": "poyasnitelnaya-zapiska"})
    assert client.post(f"{FORM}/save", data=form_fields(data) | {"_digest": digest_of(client)}).status_code == 200
    assert path.read_text(encoding="utf-8").endswith("template: poyasnitelnaya-zapiska\n")


# --- the download --------------------------------------------------------------

def test_docx_is_the_saved_file_built_with_the_cli_name(client):
    response = client.get(f"{FORM}/docx")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=kavkazsky-raion-2021-H1.docx"
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert f"поступило 295 письменных обращений, что на 172 обращения (36,8{NB}%) меньше" in text


@pytest.mark.pdf
def test_pdf_is_offered_and_is_the_note_converted(client):
    assert 'id="build-pdf"' in client.get(FORM).get_data(as_text=True)
    response = client.get(f"{FORM}/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == "attachment; filename=kavkazsky-raion-2021-H1.pdf"
    assert response.data.startswith(b"%PDF")


def test_without_libreoffice_no_pdf_button_and_a_russian_answer(client, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_places", lambda: [])
    assert 'id="build-pdf"' not in client.get(FORM).get_data(as_text=True)
    response = client.get(f"{FORM}/pdf", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.get_json()["error"].startswith("для PDF нужен LibreOffice, а он не найден")


def test_docx_of_a_broken_file_lists_its_problems(client, kavkazsky):
    path, _ = kavkazsky
    with_figures(path, {"written.total": -1})
    response = client.get(f"{FORM}/docx", headers={"Accept": "application/json"})
    assert response.status_code == 422
    assert response.get_json()["error"] == (f"data/kavkazsky-raion/2021-H1.yaml:{line_of(path, 'total: -1')}:10: "
                                            "количество не может быть отрицательным, а указано -1")


# --- requests that must not get anywhere ----------------------------------------

@pytest.mark.parametrize("url", [
    "/../2021-H1", "/..%2F..%2Fetc/2021-H1", "/%2Fetc/2021-H1", "/%2e%2e/2021-H1", "/kavkazsky-raion/..%2F2020-H1",
    "/kavkazsky-raion/2021-H1%2F..", "/kavkazsky-raion%2F..%2F..%2Fetc/2021-H1", "/.hidden/2021-H1",
    "/kavkazsky-raion/2021-h1", "/kavkazsky-raion/%202021-H1", "/outside/2021-H1",
    "/open?municipality=..&period=2021-H1", "/open?municipality=/etc&period=2021-H1",
    "/open?municipality=kavkazsky-raion&period=../../x", "/kavkazsky-raion/2021-H1/../../etc/docx",
])
def test_paths_never_leave_the_data_folder(client, data_dir, tmp_path, url):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "2021-H1.yaml").write_text("period: 2021-H1\n", encoding="utf-8")
    (data_dir / "outside").symlink_to(tmp_path / "outside")
    response = client.get(url)
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Traceback" not in page and 'lang="ru"' in page


@pytest.mark.parametrize("municipality, period", [("..", "2021-H1"), ("outside", "2021-H1"),
                                                  ("kavkazsky-raion", "2021-H1.yaml")])
def test_saves_never_leave_the_data_folder(client, data_dir, tmp_path, municipality, period):
    (tmp_path / "outside").mkdir()
    (data_dir / "outside").symlink_to(tmp_path / "outside")
    before = sorted(p for p in tmp_path.rglob("*"))
    response = client.post(f"/{municipality}/{period}/save", data={"written.total": "1", "_digest": ""},
                           headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert "error" in response.get_json()
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_unknown_period_says_how_periods_are_written(client):
    response = client.get("/kavkazsky-raion/2021-H3")
    assert response.status_code == 404
    assert ("неизвестный период «2021-H3»: ожидается 2021-H1, 2021-H2, 2021-Q3, 2021-9M, 2021 или месяц 2021-08"
            in response.get_data(as_text=True))


@pytest.mark.parametrize("method, url, status, message", [
    ("get", "/nothing/here/at/all", 404, "Такой страницы нет."),
    ("delete", FORM, 405, "Такой запрос эта страница не принимает."),
    ("get", f"{FORM}/save", 405, "Такой запрос эта страница не принимает."),
])
def test_http_errors_are_russian_pages(client, method, url, status, message):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


def test_too_large_a_form_is_refused_in_russian(client):
    response = client.post(f"{FORM}/check", data={"remarks.0": "x" * (2 << 20)},
                           headers={"Accept": "application/json"})
    assert response.status_code == 413
    assert response.get_json() == {"error": "Слишком большой запрос: больше 1\u00a0МБ не принимается."}


def test_a_bug_gives_a_russian_page_not_a_traceback(client, kavkazsky, monkeypatch):
    def broken(loaded):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("generator.web.preview.comparisons", broken)
    response = client.get(FORM)
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "Внутренняя ошибка программы" in page
    assert "secret internals" not in page and "Traceback" not in page
    monkeypatch.setattr("generator.web.preview.document", broken)
    response = client.post(f"{FORM}/preview", data=form_fields(kavkazsky[1]),
                           headers={"Accept": "application/json"})
    assert response.status_code == 500
    assert response.get_json() == {"error": "Внутренняя ошибка программы; подробности записаны в журнал сервера."}


def test_a_file_that_is_not_yaml_is_explained_not_overwritten(client, kavkazsky):
    path, data = kavkazsky
    path.write_text("written:\n  total: 295\n\tfrom_region: 1\n", encoding="utf-8")
    page = client.get(FORM).get_data(as_text=True)
    assert "data/kavkazsky-raion/2021-H1.yaml:3:1: не YAML: табуляция вместо пробелов в отступе" in page
    response = client.post(f"{FORM}/save", data=form_fields(data) | {"_digest": ""})
    assert response.status_code == 422
    assert "\tfrom_region" in path.read_text(encoding="utf-8")


# --- the command ------------------------------------------------------------------

def test_serve_help_is_russian_and_help_does_not_load_the_web_stack():
    code = ("import sys; from click.testing import CliRunner; from generator.cli import main; "
            "r = CliRunner().invoke(main, ['serve', '--help']); print(r.output); "
            "CliRunner().invoke(main, ['--help']); print('flask' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "Форма в браузере" in output and "127.0.0.1" in output
    assert output.rstrip().endswith("False")


def test_serve_names_a_missing_data_folder(tmp_path):
    zapiska = Path(sys.executable).parent / "zapiska"
    result = subprocess.run([zapiska, "serve", "--data", tmp_path / "nope"], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr == f"папка с данными не найдена: {tmp_path / 'nope'} (укажите ее: --data ПАПКА)\n"
