// The report form: repeatable rows, live checking with the server, saving and the download.
// A check (on every pause in typing) answers with the problems and the comparisons only; the
// note's text is a whole rendered document, asked for when its section is opened, on
// «Обновить» and after a save, never while typing. Field names ("topics.0.subtopics.1.count") follow the page's structure: data-key on
// sections and fields, position for rows. The server checks, this script only shows.
"use strict";

const form = document.getElementById("report");
const summary = document.getElementById("summary");
const compare = document.getElementById("compare");
const note = document.getElementById("note");
const noteBody = document.getElementById("note-body");
const noteStatus = document.getElementById("note-status");
const statusLine = document.getElementById("status");
let dirty = false;
let timer = null;
let sequence = 0;
let edits = 0;  // changes made in the form: the note shown is of the form as it was at `noteEdits`
let noteEdits = -1;
let noteSequence = 0;

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

function say(message, isError = false) {
  statusLine.textContent = message;
  statusLine.classList.toggle("failed", isError);
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

// Each problem goes next to its field (or the nearest enclosing section the form shows) and,
// as a link to it, into the summary beside the form, which stays in view.
function showProblems(problems) {
  form.querySelectorAll(".error").forEach((note) => note.remove());
  form.querySelectorAll(".invalid").forEach((node) => node.classList.remove("invalid"));
  summary.replaceChildren();
  const placed = problems.map((problem) => {
    let target = null;
    for (let path = problem.field; path && !target; path = path.split(".").slice(0, -1).join(".")) {
      target = form.querySelector(`[data-path="${CSS.escape(path)}"]`);
    }
    return { problem, target };
  });
  placed.sort((a, b) => {  // the summary reads in the order of the form, general problems first
    if (a.target === b.target) return 0;
    if (!a.target || !b.target) return a.target ? 1 : -1;
    return a.target.compareDocumentPosition(b.target) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
  });
  for (const { problem, target } of placed) {
    const kind = problem.warning ? "error warning" : "error";
    const item = document.createElement("li");
    item.className = kind;
    if (target) {
      const note = document.createElement("div");
      note.className = kind;
      note.textContent = problem.message;
      if (target.matches("fieldset")) target.querySelector(":scope > legend").after(note);
      else target.append(note);
      if (!problem.warning) target.classList.add("invalid");
      const link = document.createElement("a");
      link.href = "#";
      link.textContent = labelOf(target);
      link.addEventListener("click", (event) => {
        event.preventDefault();
        target.scrollIntoView({ block: "center" });
        (target.querySelector("input, textarea") || target).focus({ preventScroll: true });
      });
      item.append(link, `: ${problem.message}`);
    } else {
      item.textContent = problem.message;
    }
    summary.append(item);
  }
}

function show(answer) {
  showProblems(answer.problems);
  compare.innerHTML = answer.preview;
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

async function send(url, method = "POST") {
  const options = { method, headers: { Accept: "application/json" } };
  if (method === "POST") options.body = new URLSearchParams(new FormData(form));
  try {
    return await fetch(url, options);
  } catch (error) {
    say("Нет связи с программой: она остановлена? Данные формы на месте, попробуйте еще раз.", true);
    return null;
  }
}

async function failure(response) {
  const type = response.headers.get("Content-Type") || "";
  const message = type.includes("json") ? (await response.json()).error : `ошибка ${response.status}`;
  say(message, true);
}

async function check() {
  const mine = ++sequence;
  const response = await send(form.dataset.check);
  if (!response || mine !== sequence) return;
  if (!response.ok) return failure(response);
  show(await response.json());
}

async function save() {
  ++sequence;  // an answer to an earlier check must not overwrite this one
  say("Сохраняю…");
  const response = await send(form.dataset.save);
  if (!response) return false;
  if (!response.ok) {
    await failure(response);
    return false;
  }
  const answer = await response.json();
  form.elements._digest.value = answer.digest;
  document.querySelectorAll(".new-file").forEach((note) => note.remove());
  dirty = false;
  say(answer.message);
  show(answer);
  if (note.open) loadNote();
  return true;
}

async function build(url) {
  if (dirty && !(await save())) return;
  say("Формирую документ…");
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
  say(`Документ сформирован: ${link.download}`);
}

function changed() {
  dirty = true;
  edits += 1;
  noteState();
  say("Есть несохраненные изменения");
  clearTimeout(timer);
  timer = setTimeout(check, 700);
}

form.addEventListener("input", changed);
form.addEventListener("click", (event) => {
  const button = event.target.closest("button");
  if (!button) return;
  if (button.classList.contains("add")) {
    const list = button.closest("fieldset");
    const row = list.querySelector(":scope > template").content.firstElementChild.cloneNode(true);
    list.querySelector(":scope > .entries").append(row);
    renumber();
    row.querySelector("input, textarea").focus();
  } else if (button.classList.contains("remove")) {
    button.closest(".row").remove();
    renumber();
    changed();
  }
});
document.getElementById("save").addEventListener("click", save);
note.addEventListener("toggle", () => {
  if (note.open && noteEdits !== edits) loadNote();
});
document.getElementById("note-refresh").addEventListener("click", loadNote);
document.querySelectorAll("[data-download]").forEach((button) =>
  button.addEventListener("click", () => build(button.dataset.download)));
window.addEventListener("beforeunload", (event) => {
  if (dirty) event.preventDefault();
});

renumber();
showProblems(JSON.parse(document.getElementById("problems-data").textContent));
