"""The web form in a real browser (Debian's chromium driven by Playwright): a clerk fills the
Кавказский район figures into an empty period, sees a check fail, fixes it, saves, downloads."""
import os
import shutil
from pathlib import Path

import docx
import pytest
import yaml

from conftest import NB
from generator.store.load import load

pytestmark = pytest.mark.browser
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists() and not os.environ.get("CI"):
    pytest.skip("нет /usr/bin/chromium (apt-get install chromium); в CI его ставит .ci/run",
                allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, locale="ru-RU")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"ошибки JavaScript на странице: {errors}"


def fill(page, data, path=""):
    """Type `data` into the form the way a clerk would, adding rows where the form has too few."""
    if isinstance(data, dict):
        for key, value in data.items():
            fill(page, value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        rows = page.locator(f'fieldset[data-path="{path}"] > .entries > .row')
        while rows.count() < len(data):
            page.locator(f'fieldset[data-path="{path}"] > button.add').click()
        for i, value in enumerate(data):
            fill(page, value, f"{path}.{i}")
    else:
        page.fill(f'[name="{path}"]', str(data))


def error_at(page, path):
    return page.locator(f'[data-path="{path}"] > .error')


def test_clerk_fills_an_empty_period_and_downloads_the_note(page, served, data_dir, tmp_path, request):
    original = data_dir / "kavkazsky-raion" / "2021-H1.yaml"
    figures = yaml.safe_load(original.read_text(encoding="utf-8"))
    expected = load(shutil.copy(original, tmp_path / "2021-H1.yaml"))  # beside no 2020 file: same report
    original.unlink()

    page.goto(f"{served}/kavkazsky-raion/2021-H1")
    assert f"форма заполнена по образцу 1{NB}полугодие 2020{NB}г." in page.locator(".notice").inner_text()
    assert page.input_value('[name="municipality.name"]') == "Кавказский район"  # from 2020-H1
    assert page.input_value('[name="written.total"]') == ""  # figures are not carried over

    del figures["period"]
    fill(page, figures)
    page.fill('[name="written.total"]', "-5")
    message = "количество не может быть отрицательным, а указано -5"
    page.wait_for_function("m => document.querySelector('[data-path=\"written.total\"] > .error')"
                           "?.textContent === m", arg=message)
    assert page.locator("#report .error:not(.warning)").count() == 1
    assert page.inner_text("#summary") == f"Письменных обращений поступило всего: {message}"

    page.fill('[name="written.total"]', "295")
    error_at(page, "written.total").wait_for(state="detached")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('status').textContent.startsWith('Сохранено')")
    saved = load(data_dir / "kavkazsky-raion" / "2021-H1.yaml")
    assert saved.report == expected.report
    assert "# Проверка: zapiska check ЭТОТ_ФАЙЛ" in saved.path.read_text(encoding="utf-8")  # commented blank

    assert "−172 (−36,8" in page.locator("#compare").inner_text()  # the comparisons, from the checks
    page.click("#note > summary")  # the note's text is rendered when asked for
    sentence = f"поступило 295 письменных обращений, что на 172 обращения (36,8{NB}%) меньше"
    page.wait_for_function("s => document.getElementById('note-body').innerText.includes(s)", arg=sentence)
    assert page.locator("#note-body img").count() == 3
    page.fill('[name="hotline.calls"]', "1")  # a change marks the text as out of date until «Обновить»
    page.wait_for_function("() => document.getElementById('note-body').classList.contains('stale')")
    page.fill('[name="hotline.calls"]', str(figures["hotline"]["calls"]))
    page.click("#note-refresh")
    page.wait_for_function("() => !document.getElementById('note-body').classList.contains('stale')")
    page.locator(".layout").scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=tmp_path / "web-form.png")
    if request.config.getoption("--screenshot"):
        shutil.copy(tmp_path / "web-form.png", request.config.getoption("--screenshot"))

    with page.expect_download() as download:
        page.click("#build")
    assert download.value.suggested_filename == "kavkazsky-raion-2021-H1.docx"
    note = "\n".join(p.text for p in docx.Document(download.value.path()).paragraphs)
    assert (f"В администрацию муниципального образования Кавказский район в 1{NB}полугодии 2021 года "
            f"поступило 295 письменных обращений, что на 172 обращения (36,8{NB}%) меньше, чем за "
            f"аналогичный период прошлого года.") in note
    assert f"получено 140 обращений, что на 182 обращения (56,5{NB}%) меньше" in note
    assert "принято 287 человек, главой муниципального образования принято 143 человека" in note


def test_second_clerk_saving_the_same_file_is_told_and_keeps_the_typed_figures(browser, page, served):
    url = f"{served}/kavkazsky-raion/2021-H1"
    other = browser.new_page()
    other.goto(url)
    page.goto(url)
    other.fill('[name="hotline.calls"]', "270")
    other.click("#save")
    other.wait_for_function("() => document.getElementById('status').textContent.startsWith('Сохранено')")
    other.close()

    page.fill('[name="hotline.calls"]', "271")
    page.click("#save")
    page.wait_for_function("() => document.getElementById('status').classList.contains('failed')")
    assert page.inner_text("#status").startswith("файл 2021-H1.yaml изменился после того, как вы открыли форму")
    assert page.input_value('[name="hotline.calls"]') == "271"
