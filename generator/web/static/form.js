// The report form: repeatable rows, live checking with the server, saving and the download.
// A check (on every pause in typing) answers with the problems and the comparisons only; the
// note's text is a whole rendered document, asked for when its section is opened, on
// «Обновить» and after a save, never while typing. Field names ("topics.0.subtopics.1.count")
// follow the page's structure: data-key on sections and fields, position for rows. The server
// checks, this script only shows. A form with errors is never saved silently: the server refuses
// it unless the clerk asks for a draft, and until then the typed figures stay in this browser
// (rows.js: the draft in the browser, deleting a row with «Вернуть»).
"use strict";

const form = document.getElementById("report");
const summary = document.getElementById("summary");
const errorsLink = document.getElementById("errors-link");
const draftButton = document.getElementById("save-draft");
const compare = document.getElementById("compare");
const note = document.getElementById("note");
const noteBody = document.getElementById("note-body");
const noteStatus = document.getElementById("note-status");
const statusLine = document.getElementById("status");
const undoBar = document.getElementById("undo");
let dirty = false;
let timer = null;
let sequence = 0;
let edits = 0;  // changes made in the form: the note shown is of the form as it was at `noteEdits`
let noteEdits = -1;
let noteSequence = 0;
let errorCount = 0;

function pathOf(element) {
  const parts = [];
  for (let node = element; node && node !== form; node = node.parentElement) {
    if (node.classList.contains("row")) {
      parts.unshift([...node.parentElement.children].indexOf(node));
    } else if (node.dataset.key) {
      parts.unshift(node.dataset.key);
    }
  }
  return parts.join(".");
}

function renumber() {
  form.querySelectorAll("[data-key], .row").forEach((node) => { node.dataset.path = pathOf(node); });
  form.querySelectorAll("input:not([type=hidden]), textarea").forEach((input) => {
    input.name = input.parentElement.closest("[data-key], .row").dataset.path;
  });
}

function say(message, kind = "") {
  statusLine.textContent = message;
  statusLine.className = kind;
  statusLine.title = message;
}

function plural(n, one, few, many) {
  const tens = n % 100;
  const units = n % 10;
  if (tens >= 11 && tens <= 14) return many;
  return units === 1 ? one : units >= 2 && units <= 4 ? few : many;
}

function labelOf(target) {
  const own = target.querySelector(":scope > legend, :scope > .label");
  const parts = own ? [own.textContent] : [];
  for (let row = target.closest(".row"); row; row = row.parentElement.closest(".row")) {
    const list = row.closest("fieldset").querySelector(":scope > legend").textContent;
    parts.unshift(`${list}, строка ${[...row.parentElement.children].indexOf(row) + 1}`);
  }
  return parts.join(" › ");
}

function targetOf(field) {
  let target = null;
  for (let path = field; path && !target; path = path.split(".").slice(0, -1).join(".")) {
    target = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
  }
  return target;
}

function jumpTo(target) {
  summary.hidden = true;
  errorsLink.setAttribute("aria-expanded", "false");
  const folded = target.closest("details");
  if (folded) folded.open = true;
  target.scrollIntoView({ block: "center" });
  (target.querySelector("input, textarea") || target).focus({ preventScroll: true });
}

function mark(target, problem, kind) {
  const message = document.createElement("div");
  message.className = kind;
  message.textContent = problem.message;
  if (target.matches("fieldset")) target.querySelector(":scope > legend").after(message);
  else target.append(message);
  if (!problem.warning) {
    target.classList.add("invalid");
    const folded = target.closest("details");
    if (folded) folded.open = true;
  }
}

// Each problem goes under its field (and under the whole a part exceeds) and, as a link to it,
// into the list the header's «N ошибок — показать» opens.
function showProblems(problems) {
  // (the comparisons may stand among the form's cards: their own notes are not the form's)
  form.querySelectorAll(".error").forEach((message) => message.closest(".side") || message.remove());
  form.querySelectorAll(".invalid").forEach((node) => node.classList.remove("invalid"));
  summary.replaceChildren();
  const placed = problems.map((problem) => ({ problem, target: problem.field ? targetOf(problem.field) : null }));
  placed.sort((a, b) => {  // the list reads in the order of the form, general problems first
    if (a.target === b.target) return 0;
    if (!a.target || !b.target) return a.target ? 1 : -1;
    return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  for (const { problem, target } of placed) {
    const kind = problem.warning ? "error warning" : "error";
    const item = document.createElement("li");
    item.className = kind;
    if (target) {
      mark(target, problem, kind);
      const whole = problem.whole ? targetOf(problem.whole) : null;
      if (whole && whole !== target) mark(whole, problem, kind);
      const link = document.createElement("a");
      link.href = "#";
      const own = target.querySelector(":scope > .label, :scope > legend")?.textContent;
      const named = own && problem.message.includes(`«${own}»`);  // «Из них …» (400) больше, чем …
      link.textContent = named ? problem.message : labelOf(target);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        jumpTo(target);
      });
      item.append(link);
      if (!named) item.append(`: ${problem.message}`);
    } else {
      item.textContent = problem.message;
    }
    summary.append(item);
  }
  errorCount = problems.filter((problem) => !problem.warning).length;
  const warnings = problems.length - errorCount;
  const parts = [];
  if (errorCount) parts.push(`${errorCount} ${plural(errorCount, "ошибка", "ошибки", "ошибок")}`);
  if (warnings) parts.push(`${warnings} ${plural(warnings, "предупреждение", "предупреждения", "предупреждений")}`);
  errorsLink.hidden = !parts.length;
  errorsLink.classList.toggle("failed", errorCount > 0);
  errorsLink.textContent = `${parts.join(", ")} — показать`;
  if (!parts.length) summary.hidden = true;
  if (!errorCount) draftButton.hidden = true;
}

function show(answer) {
  showProblems(answer.problems);
  compare.innerHTML = answer.preview;
  rename(answer.labels || {});
}

// Labels that name the region's body («… из администрации» the region in the genitive) follow the
// region as it is typed: the server words them, as it words them on the page's load.
function rename(labels) {
  for (const [path, text] of Object.entries(labels)) {
    const field = form.querySelector(`label.field[data-path="${CSS.escape(path)}"]`);
    if (!field) continue;
    field.querySelector(".label").textContent = text;
    field.querySelector("input, textarea")?.setAttribute("aria-label", text);
  }
}

function noteState() {
  const stale = noteEdits !== edits;
  noteBody.classList.toggle("stale", stale && noteEdits >= 0);
  if (stale && noteEdits >= 0) noteStatus.textContent = "Без последних правок — нажмите «Обновить»";
}

async function loadNote() {
  const mine = ++noteSequence;
  const at = edits;
  noteStatus.textContent = "Формирую текст записки…";
  const response = await send(note.dataset.preview);
  if (mine !== noteSequence) return;
  noteStatus.textContent = "";
  if (!response) return;
  if (!response.ok) return failure(response);
  const answer = await response.json();
  if (mine !== noteSequence) return;
  noteBody.innerHTML = answer.note;
  noteEdits = at;
  noteState();
}

async function send(url, method = "POST", extra = {}) {
  const options = { method, headers: { Accept: "application/json" } };
  if (method === "POST") {
    const data = new FormData(form);
    for (const [key, value] of Object.entries(extra)) data.set(key, value);
    options.body = new URLSearchParams(data);
  }
  try {
    return await fetch(url, options);
  } catch (error) {
    say("Нет связи с программой: она остановлена? Данные формы на месте, попробуйте еще раз.", "failed");
    return null;
  }
}

async function failure(response) {
  const type = response.headers.get("Content-Type") || "";
  const answer = type.includes("json") ? await response.json() : { error: `ошибка ${response.status}` };
  say(answer.error, "failed");
  return answer;
}

async function check() {
  const mine = ++sequence;
  const response = await send(form.dataset.check);
  if (!response || mine !== sequence) return;
  if (!response.ok) return failure(response);
  show(await response.json());
}

// --- saving and the download ----------------------------------------------------

async function save(asDraft = false) {
  ++sequence;  // an answer to an earlier check must not overwrite this one
  say(asDraft ? "Сохраняю черновик…" : "Сохраняю…");
  const response = await send(form.dataset.save, "POST", asDraft ? { _draft: "1" } : {});
  if (!response) return false;
  if (!response.ok) {
    const answer = await failure(response);
    if (answer.problems) {
      show(answer);
      draftButton.hidden = false;
    }
    return false;
  }
  const answer = await response.json();
  forget();
  form.elements._digest.value = answer.digest;
  document.querySelectorAll(".new-file").forEach((notice) => notice.remove());
  dirty = false;
  draftButton.hidden = true;
  document.getElementById("discard").hidden = true;
  say(answer.message, answer.draft ? "failed" : "done");
  show(answer);
  if (note.open) loadNote();
  return true;
}

async function build(url) {
  if (errorCount) {
    say(`Документ не сформирован: в форме ${errorCount} ${plural(errorCount, "ошибка", "ошибки", "ошибок")}. ` +
        "Исправьте их — файл с данными не менялся.", "failed");
    return;
  }
  const saving = dirty;
  if (saving && !(await save())) return;
  say(saving ? "Сохранено. Формирую документ…" : "Формирую документ…");
  const response = await send(url, "GET");
  if (!response) return;
  if (!response.ok) return failure(response);
  const disposition = response.headers.get("Content-Disposition") || "";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(await response.blob());
  link.download = (/filename="?([^";]+)"?/.exec(disposition) || [null, "zapiska.docx"])[1];
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  say(`${saving ? "Сохранено. " : ""}Документ сформирован: ${link.download} — в папке «Загрузки» ` +
      "(куда браузер сохраняет файлы)", "done");
}

function changed() {
  dirty = true;
  edits += 1;
  noteState();
  keep();
  say("Есть несохраненные изменения");
  clearTimeout(timer);
  timer = setTimeout(check, 700);
}

form.addEventListener("input", changed);
form.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.classList.contains("add")) {
    dropUndo();
    const list = button.closest("fieldset");
    const row = list.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
    list.querySelector(":scope > .entries").append(row);
    renumber();
    row.querySelector("input, textarea").focus();
  } else if (button.classList.contains("remove")) {
    removeRow(button.closest(".row"));
  }
});

// Enter moves to the next field (and checks at the last one); Ctrl+S saves.
form.addEventListener("keydown", (event) => {
  if (event.key !== "Enter" || event.target.tagName !== "INPUT" || event.isComposing) return;
  event.preventDefault();
  const fields = [...form.querySelectorAll("input:not([type=hidden]), textarea")]
    .filter((input) => input.offsetParent !== null);
  const next = fields[fields.indexOf(event.target) + 1];
  if (next) next.focus();
  else check();
});
document.addEventListener("keydown", (event) => {
  if ((event.ctrlKey || event.metaKey) && (event.code === "KeyS" || ["s", "ы"].includes(event.key.toLowerCase()))) {
    event.preventDefault();
    save();
  }
});

errorsLink.addEventListener("click", () => {
  summary.hidden = !summary.hidden;
  errorsLink.setAttribute("aria-expanded", String(!summary.hidden));
  const first = summary.querySelector("a");
  if (!summary.hidden && first) first.focus();
});
document.getElementById("save").addEventListener("click", () => save());
draftButton.addEventListener("click", () => save(true));
undoBar.querySelector("button").addEventListener("click", undo);
note.addEventListener("toggle", () => {
  if (note.open && noteEdits !== edits) loadNote();
});
document.getElementById("note-refresh").addEventListener("click", loadNote);
document.querySelectorAll("[data-download]").forEach((button) =>
  button.addEventListener("click", () => build(button.dataset.download)));
window.addEventListener("beforeunload", (event) => {
  if (dirty) event.preventDefault();
});

// One column (a phone, a narrow window): the comparisons come right after the figures, before the
// free texts and the signature, instead of at the end of the page.
const side = document.getElementById("compare-side");
const narrow = window.matchMedia("(max-width: 1100px)");
function placeComparisons() {
  const texts = form.querySelector('[data-key="remarks"]')?.closest(".card");
  if (narrow.matches && texts) texts.before(side);
  else form.after(side);
}
narrow.addEventListener("change", placeComparisons);
placeComparisons();
const bar = document.getElementById("bar");
new ResizeObserver(() => {  // the comparisons' column sticks below the bar, however tall it is now
  document.documentElement.style.setProperty("--bar-height", `${bar.offsetHeight}px`);
}).observe(bar);

renumber();
showProblems(JSON.parse(document.getElementById("problems-data").textContent));
if (restore()) {
  dirty = true;
  say("Восстановлены несохраненные правки из этого браузера — проверьте и сохраните", "failed");
  const discard = document.getElementById("discard");
  discard.hidden = false;
  discard.addEventListener("click", () => {  // back to the file as it is
    forget();
    dirty = false;
    window.location.reload();
  });
  check();
}
