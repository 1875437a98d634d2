"""The web form against other sites in the clerk's browser, rebound host names, links in the
data folder, foreign templates, huge forms, and YAML read differently than `zapiska check`."""
import time
from pathlib import Path

import pytest
import yaml

from conftest import digest_of, form_fields, retype, with_figures
from generator.web import form
from generator.web.app import create_app

FORM = "/kavkazsky-raion/2021-H1"
SAME = {"Origin": "http://localhost"}


@pytest.fixture
def app(data_dir):
    app = create_app(data_dir)
    app.config["FILE"] = data_dir / "kavkazsky-raion" / "2021-H1.yaml"  # what save() sends back
    return app


@pytest.fixture
def file(data_dir) -> Path:
    return data_dir / "kavkazsky-raion" / "2021-H1.yaml"


def save(client, headers, **fields):
    """The form as loaded, with `fields` changed (by default the name), saved."""
    data = yaml.safe_load(client.application.config["FILE"].read_text(encoding="utf-8"))
    sent = form_fields(data) | {"_digest": digest_of(client), "municipality.name": "Взломанный район"} | fields
    return client.post(f"{FORM}/save", data=sent, headers=headers | {"Accept": "application/json"})


# --- cross-site writes --------------------------------------------------------

@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Sec-Fetch-Site": "cross-site", "Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},  # a sibling subdomain is not the form
    {},  # a browser always says where a POST comes from; silence is not the form's page
], ids=["origin", "null origin", "cross-site", "same-site", "no headers"])
def test_a_write_from_another_site_is_refused(app, file, headers):
    before = file.read_bytes()
    response = save(app.test_client(), headers)
    assert response.status_code == 403
    assert "не со страницы формы" in response.get_json()["error"]
    assert file.read_bytes() == before


@pytest.mark.parametrize("body", [
    {"content_type": "text/plain", "data": "municipality.name=Взлом"},
    {"content_type": "multipart/form-data", "data": {"municipality.name": "Взлом"}},
])
def test_simple_cross_site_bodies_are_refused_too(app, file, body):
    before = file.read_bytes()
    for url in (f"{FORM}/save", f"{FORM}/check", f"{FORM}/preview", "/kavkazsky-raion/2030-H1/save"):
        assert app.test_client().post(url, headers={"Origin": "http://evil.example"}, **body).status_code == 403
    assert file.read_bytes() == before and not (file.parent / "2030-H1.yaml").exists()


@pytest.mark.parametrize("headers", [SAME, {"Sec-Fetch-Site": "same-origin"}])
def test_the_forms_own_page_may_write(app, file, headers):
    response = save(app.test_client(), headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "Взломанный район" in file.read_text(encoding="utf-8")


# --- host names (DNS rebinding) -----------------------------------------------

@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "localhost.evil.example", "127.0.0.1.nip.io"])
def test_a_foreign_host_name_gets_nothing(app, host):
    client = app.test_client()
    for url in ("/", FORM, f"{FORM}/docx"):
        response = client.get(url, headers={"Host": host})
        assert response.status_code == 421
        assert "Взломанный" not in response.get_data(as_text=True) and "digest" not in response.get_data(as_text=True)
    assert client.post(f"{FORM}/save", headers={"Host": host, "Origin": f"http://{host}"}).status_code == 421


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST"])
def test_the_local_names_are_served(app, host):
    assert app.test_client().get("/", headers={"Host": host}).status_code == 200


def test_a_server_for_the_network_answers_addresses_not_other_names(data_dir):
    client = create_app(data_dir, "0.0.0.0").test_client()
    assert client.get("/", headers={"Host": "192.168.10.5:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "rebind.example:8000"}).status_code == 421


def test_serve_warns_that_the_network_can_edit(run, monkeypatch, data_dir):
    class Server:
        effective_port = 8000

        def run(self):
            pass

    monkeypatch.setattr("generator.web.app.make_server", lambda *args: Server())
    result = run("serve", "--data", data_dir, "--host", "0.0.0.0")
    assert result.exit_code == 0
    assert "любой в этой сети сможет изменить цифры любого муниципального образования" in result.stderr
    assert "внимание" not in run("serve", "--data", data_dir).stderr


def test_serve_on_a_name_that_does_not_exist(run, data_dir):
    result = run("serve", "--data", data_dir, "--host", "not-a-host.invalid", "--port", "0")
    assert result.exit_code == 1
    assert result.stderr == "не удалось открыть not-a-host.invalid:0: такого адреса нет (укажите, например, " \
                            "--host 127.0.0.1)\n"


# --- links, folders and templates outside the data folder ---------------------

def test_a_linked_file_is_neither_listed_nor_read(app, data_dir, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("period: 2022-H1\nmunicipality:\n  name: Секретный район\n", encoding="utf-8")
    (data_dir / "kavkazsky-raion" / "2022-H1.yaml").symlink_to(secret)
    client = app.test_client()
    assert "2022-H1" not in client.get("/").get_data(as_text=True)
    response = client.get("/kavkazsky-raion/2022-H1")
    assert response.status_code == 404 and "Секретный" not in response.get_data(as_text=True)
    assert client.post("/kavkazsky-raion/2022-H1/save", data={"_digest": ""}, headers=SAME).status_code == 404
    assert "Секретный" in secret.read_text(encoding="utf-8")


def test_a_linked_previous_year_file_is_not_read(app, data_dir, tmp_path):
    previous = data_dir / "kavkazsky-raion" / "2020-H1.yaml"
    secret = tmp_path / "2020-H1.yaml"
    with_figures(previous, {"written.total": 4242}, to=secret)
    previous.unlink()
    previous.symlink_to(secret)
    response = app.test_client().get(FORM)
    assert response.status_code == 404 and "4242" not in response.get_data(as_text=True)
    assert "2020-H1.yaml в папке kavkazsky-raion — ссылка" in response.get_data(as_text=True)


def test_a_linked_folder_or_a_folder_named_like_a_file_keeps_the_start_page(app, data_dir, tmp_path):
    (data_dir / "linked").symlink_to(data_dir / "kavkazsky-raion")
    (data_dir / "goryachiy-klyuch" / "2022-H1.yaml").mkdir()
    client = app.test_client()
    page = client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "kavkazsky-raion" in text and "goryachiy-klyuch" in text and "linked" not in text
    assert client.get("/linked/2021-H1").status_code == 404
    assert client.get("/goryachiy-klyuch/2022-H1").status_code == 404


@pytest.mark.parametrize("where", ["outside", "link"])
def test_a_template_outside_the_data_folder_is_not_rendered(app, file, tmp_path, where):
    outside = tmp_path / "elsewhere.docx"
    outside.write_bytes((Path(__file__).parent.parent / "templates" / "poyasnitelnaya-zapiska.docx").read_bytes())
    target = outside
    if where == "link":
        target = file.parent / "linked.docx"
        target.symlink_to(outside)
    with_figures(file, {"template": str(target)})
    text = file.read_text(encoding="utf-8")
    client = app.test_client()
    response = client.get(f"{FORM}/docx")
    assert response.status_code == 422 and "лежит вне папки с данными" in response.get_data(as_text=True)
    checked = client.post(f"{FORM}/check", data=form_fields(yaml.safe_load(text)), headers=SAME).get_json()
    assert any("лежит вне папки с данными" in problem["message"] for problem in checked["problems"])
    noted = client.post(f"{FORM}/preview", data=form_fields(yaml.safe_load(text)), headers=SAME).get_json()
    assert "лежит вне папки с данными" in noted["note"] and "<article" not in noted["note"]


# --- form parsing ---------------------------------------------------------------

def test_thirty_thousand_empty_rows_are_refused_quickly(app):
    fields = {f"topics.{i}": "" for i in range(30_000)}
    started = time.monotonic()
    response = app.test_client().post(f"{FORM}/check", data=fields, headers=SAME | {"Accept": "application/json"})
    assert time.monotonic() - started < 5
    assert response.status_code == 422 and "больше 1000 строк" in response.get_json()["error"]


def test_parsing_is_linear_in_the_number_of_fields():
    fields = {f"topics.{i}.subtopics.{j}.count": "1" for i in range(900) for j in range(40)}
    started = time.monotonic()
    data = form.parse(fields)
    assert time.monotonic() - started < 2
    assert len(data["topics"]) == 900 and len(data["topics"][0]["subtopics"]) == 40


# --- one reader: the form reads and writes YAML as `zapiska check` does -------

@pytest.mark.parametrize("old, new", [
    ("total: 295", "total: !!int abc"), ("total: 295", "total: !!bool maybe"), ("total: 295", "total: 2017-02-30"),
    ("total: 295", "total: " + "9" * 5000), ("name: Кавказский район", "name: 2021-13-01"),
    ("name: Кавказский район", 'name: "К\\uD800"'), ("\nwritten:", "\n? [a, b]\n: 1\nwritten:"),
])
def test_a_strange_file_is_a_message_not_a_server_error(app, file, old, new):
    retype(file, old, new)
    client = app.test_client()
    answers = [client.get(FORM), client.get(f"{FORM}/docx"),
               client.post(f"{FORM}/check", data={"written.total": "1"}, headers=SAME)]
    assert all(answer.status_code in (200, 422) for answer in answers), [a.status_code for a in answers]
    assert not any("Внутренняя ошибка".encode() in answer.get_data() for answer in answers)


@pytest.mark.parametrize("typed", ["yes", "no", "on", "0x1F", "2021-13-01", ".nan", "1_000", "28.10", "null"])
def test_a_text_that_yaml_would_take_for_something_else_is_saved_quoted(app, file, run, typed):
    response = save(app.test_client(), SAME, **{"municipality.name": typed})
    assert response.status_code == 200
    assert yaml.safe_load(file.read_text(encoding="utf-8"))["municipality"]["name"] == typed
    assert run("check", file).exit_code == 0


def test_the_form_shows_what_check_says(app, file, run):
    # ruamel alone (YAML 1.2) would read 0x1F as 31; the form reads files as `zapiska check` does
    retype(file, "total: 295", "total: 0x1F")
    message = run("check", file).stderr.strip().split(": ", 1)[1]
    assert message == "ожидается целое число, а указано «0x1F»"
    page = app.test_client().get(FORM).get_data(as_text=True)
    assert message in page or message.encode("ascii", "backslashreplace").decode().replace("\\x", "\\u00") in page


def test_the_form_shows_a_code_as_typed(app, file):
    retype(file, 'code: "0001"', "code: 0001")
    assert 'value="0001"' in app.test_client().get(FORM).get_data(as_text=True)
