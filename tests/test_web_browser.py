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


def _page_of(browser, width, height):
    """A page of a fresh browser context at this screen size; fails the test on a JavaScript error."""
    context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True,
                                  locale="ru-RU")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not errors, f"ошибки JavaScript на странице: {errors}"


@pytest.fixture
def page(browser):
    yield from _page_of(browser, 1400, 900)


def fill(page, data, path=""):
    """Type `data` into the form the way a clerk would, adding rows where the form has too few."""
    if isinstance(data, dict):
        for key, value in data.items():
            fill(page, value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        rows = page.locator(f'fieldset[data-path="{path}"] > .entries > .row')
        add = page.locator(f'fieldset[data-path="{path}"] > button.add')
        add.evaluate("e => { const folded = e.closest('details'); if (folded) folded.open = true; }")
        while rows.count() < len(data):
            add.click()
        for i, value in enumerate(data):
            fill(page, value, f"{path}.{i}")
    else:
        field = page.locator(f'[name="{path}"]')
        field.evaluate("e => { const folded = e.closest('details'); if (folded) folded.open = true; }")
        field.fill(str(data))


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
    page.evaluate("document.querySelectorAll('details.folded').forEach(d => { d.open = false; })")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=tmp_path / "web-form.png")
    if request.config.getoption("--screenshot"):
        shutil.copy(tmp_path / "web-form.png", request.config.getoption("--screenshot"))

    with page.expect_download() as download:
        page.click("#build")
    assert download.value.suggested_filename == "kavkazsky-raion-2021-H1.docx"
    page.wait_for_function("() => document.getElementById('status').textContent.includes('Загрузки')")
    assert page.inner_text("#status") == ("Сохранено. Документ сформирован: kavkazsky-raion-2021-H1.docx — в папке "
                                          "«Загрузки» (куда браузер сохраняет файлы)")
    note = "\n".join(p.text for p in docx.Document(download.value.path()).paragraphs)
    assert (f"В администрацию муниципального образования Кавказский район в 1{NB}полугодии 2021 года "
            f"поступило 295 письменных обращений, что на 172 обращения (36,8{NB}%) меньше, чем за "
            f"аналогичный период прошлого года.") in note
    assert f"(47,5{NB}% от общего числа) получено из администрации Краснодарского края, что на 182 обращения " \
        f"(56,5{NB}%) меньше" in note
    assert "принято 287 человек, что на 14 человек" in note
    assert "; главой муниципального образования принято 143 человека, что на 9 человек" in note


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


# --- any screen, 390 px (a phone) to 1366 px: nothing lost, nothing saved silently ---------------

SCREENS = [pytest.param((390, 844), id="390px"), pytest.param((1366, 768), id="1366px")]


@pytest.fixture(params=SCREENS)
def screen(browser, request):
    yield from _page_of(browser, *request.param)


def no_sideways_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def in_view(page, selector):
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None, f"{selector} не показан"
    assert box["x"] >= 0 and box["y"] >= 0, f"{selector}: {box}"
    assert box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"], f"{selector}: {box}"


def test_every_page_fits_the_screen_and_the_buttons_stay_in_view(screen, served, tmp_path):
    screen.goto(served)
    no_sideways_scroll(screen)
    screen.goto(f"{served}/kavkazsky-raion/import")
    no_sideways_scroll(screen)
    screen.goto(f"{served}/kavkazsky-raion/2021-H1")
    no_sideways_scroll(screen)
    screen.fill('[name="written.from_region"]', "400")  # a status and an error showing
    screen.locator("#errors-link").wait_for()
    screen.click("#save")
    screen.wait_for_function("() => document.getElementById('status').textContent.startsWith('Не сохранено')")
    for y in (0, 3000, 100_000):  # the top, the middle, the end of the page
        screen.evaluate(f"window.scrollTo(0, {y})")
        for selector in ("#save", "#build", "#build-pdf", "#errors-link", "#save-draft"):
            in_view(screen, selector)
        no_sideways_scroll(screen)
    bar = screen.locator("#bar").bounding_box()
    assert bar["height"] < screen.viewport_size["height"] / 4  # the sticky bar stays small
    screen.screenshot(path=tmp_path / "form-with-error.png")


def test_an_error_keeps_the_comparisons_and_leaves_the_file_as_it_was(screen, served, data_dir):
    path = data_dir / "kavkazsky-raion" / "2021-H1.yaml"
    before = path.read_bytes()
    screen.goto(f"{served}/kavkazsky-raion/2021-H1")
    screen.fill('[name="written.from_region"]', "400")
    message = ("«Из них получено из администрации Краснодарского края» (400) больше, чем «Письменных обращений "
               "поступило всего» (295): часть не может быть больше целого")
    error_at(screen, "written.from_region").wait_for()
    assert error_at(screen, "written.from_region").inner_text() == message
    assert error_at(screen, "written.total").inner_text() == message  # under the whole it breaks too
    assert screen.inner_text("#errors-link") == "1 ошибка — показать"
    assert "−172 (−36,8" in screen.inner_text("#compare")  # the other figures are still compared
    assert "Поля с ошибками в сравнение не вошли" in screen.inner_text("#compare")

    screen.click("#errors-link")  # the list of errors, each a link to its field
    screen.click("#summary a")
    assert screen.evaluate("document.activeElement.name") == "written.from_region"

    screen.click("#build")  # neither the download nor «Сохранить» write a form with errors
    assert screen.inner_text("#status").startswith("Документ не сформирован: в форме 1 ошибка")
    screen.click("#save")
    screen.wait_for_function("() => document.getElementById('status').textContent.startsWith('Не сохранено')")
    assert path.read_bytes() == before

    screen.reload()  # what was typed stays in the browser
    assert screen.input_value('[name="written.from_region"]') == "400"
    assert screen.inner_text("#status").startswith("Восстановлены несохраненные правки")
    error_at(screen, "written.from_region").wait_for()
    with screen.expect_navigation():
        screen.click("#discard")  # or back to the file as it is
    assert screen.input_value('[name="written.from_region"]') == "140"
    screen.fill('[name="written.from_region"]', "400")
    error_at(screen, "written.from_region").wait_for()

    screen.click("#save")
    screen.locator("#save-draft").click()  # saved only when asked, and marked as a draft
    screen.wait_for_function("() => document.getElementById('status').textContent.startsWith('Сохранено как черновик')")
    assert "from_region: 400" in path.read_text(encoding="utf-8")
    screen.goto(served)
    card = screen.locator("section", has=screen.locator("h2", has_text="Кавказский район"))
    assert card.locator("li").first.inner_text() == "1\u00a0полугодие 2021\u00a0г. черновик с ошибками: 1"


def test_a_deleted_topic_can_be_put_back_and_focus_stays_in_the_list(screen, served):
    screen.goto(f"{served}/kavkazsky-raion/2021-H1")
    topics = screen.locator('fieldset[data-path="topics"] > .entries > .row')
    assert topics.count() == 5
    screen.locator('[data-path="topics.4"] > button.remove').click()
    assert topics.count() == 4
    focused = screen.evaluate("document.activeElement.closest('fieldset[data-path=\"topics\"]') !== null")
    assert focused, "фокус ушел из списка тем"
    assert "Жилищно-коммунальная сфера" in screen.inner_text("#undo")
    screen.click("#undo button")
    assert topics.count() == 5
    assert screen.input_value('[name="topics.4.name"]') == "Жилищно-коммунальная сфера"
    assert screen.input_value('[name="topics.4.subtopics.0.name"]') == "комплексное благоустройство"
    assert screen.evaluate("document.activeElement.name") == "topics.4.code"
    assert screen.locator("#undo").is_hidden()


def test_enter_moves_on_and_ctrl_s_saves_numbers_typed_with_spaces(screen, served, data_dir):
    screen.goto(f"{served}/kavkazsky-raion/2021-H1")
    screen.fill('[name="hotline.calls"]', "1 295")
    screen.press('[name="hotline.calls"]', "Enter")
    assert screen.evaluate("document.activeElement.name") == "hotline.remark"
    screen.keyboard.press("Control+s")
    screen.wait_for_function("() => document.getElementById('status').textContent === 'Сохранено'")
    assert load(data_dir / "kavkazsky-raion" / "2021-H1.yaml").report.hotline.calls == 1295


def test_the_period_typed_in_russian_words_opens_its_form(screen, served):
    screen.goto(served)
    screen.select_option('select[name="municipality"]', "kavkazsky-raion")
    screen.fill('input[name="period"]', "пятое полугодие 2026")
    screen.click("form.open button[type=submit]")
    assert screen.input_value('input[name="period"]') == "пятое полугодие 2026"  # kept, with the reason
    assert screen.inner_text("#period-problem").startswith("не удалось понять период «пятое полугодие 2026»")
    assert screen.input_value('select[name="municipality"]') == "kavkazsky-raion"
    screen.fill('input[name="period"]', "1 полугодие 2026 г.")
    screen.click("form.open button[type=submit]")
    assert screen.url.endswith("/kavkazsky-raion/2026-H1")
    assert "1\u00a0полугодие 2026\u00a0г." in screen.inner_text("h1")


def test_the_region_labels_follow_the_region_typed_without_a_reload(page, served):
    page.goto(f"{served}/kavkazsky-raion/2021-H1")
    label = 'label.field[data-path="written.from_region"] > .label'
    assert page.inner_text(label) == "Из них получено из администрации Краснодарского края"
    page.evaluate("window.sameDocument = true")  # gone if the page were loaded again
    region = page.locator('[name="municipality.region"]')
    region.evaluate("e => { e.closest('details').open = true; }")
    region.fill("Тверская область")
    page.wait_for_function("s => document.querySelector(s).textContent.endsWith('Тверской области')", arg=label)
    assert page.inner_text(label) == "Из них получено из Правительства Тверской области"
    assert page.get_attribute('[name="written.from_region"]', "aria-label") == page.inner_text(label)
    assert page.evaluate("window.sameDocument") is True


def test_on_a_wide_screen_the_comparisons_stay_in_view_while_the_figures_scroll(screen, served, tmp_path):
    screen.goto(f"{served}/kavkazsky-raion/2021-H1")
    side = screen.locator("#compare-side")
    wide = screen.viewport_size["width"] > 1100
    assert side.evaluate("e => getComputedStyle(e).position") == ("sticky" if wide else "static")
    for y in (0, 1500, 3000, 100_000):
        screen.evaluate(f"window.scrollTo(0, {y})")
        no_sideways_scroll(screen)
        if not wide:  # a phone: the comparisons come after the figures, in the page's own scroll
            continue
        bar = screen.locator("#bar").bounding_box()
        box, table = side.bounding_box(), screen.locator("#compare table").first.bounding_box()
        assert bar["y"] + bar["height"] <= box["y"] <= bar["y"] + bar["height"] + 20, (y, box, bar)
        assert box["y"] + box["height"] <= screen.viewport_size["height"], (y, box)
        assert table["y"] < screen.viewport_size["height"] / 2, (y, table)  # the table's top is in view
    screen.evaluate("window.scrollTo(0, 1500)")
    screen.screenshot(path=tmp_path / "scrolled.png")
    if wide:  # the column scrolls on its own: its end is reached without moving the figures
        before = screen.evaluate("window.scrollY")
        side.evaluate("e => { e.scrollTop = e.scrollHeight; }")
        assert side.evaluate("e => e.scrollTop") > 0
        assert screen.evaluate("window.scrollY") == before
