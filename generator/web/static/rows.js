// The form's rows and its draft in this browser, for form.js (loaded before it; the two share the
// page's script scope): what is typed survives a refused save, a closed tab, a crash; a deleted row
// comes back with «Вернуть» until the next deletion or addition, or for ten seconds.
"use strict";

const storageKey = () => `zapiska:${form.dataset.key}:${form.elements._digest.value}`;  // the file as loaded
let undoTimer = null;
let undone = null;  // the last deleted row: {row, entries, index}

// --- the draft in this browser: what is typed survives a refused save, a closed tab, a crash ---

function keep() {
  try {
    localStorage.setItem(storageKey(), JSON.stringify([...new FormData(form)].filter(([key]) => key !== "_digest")));
  } catch (error) { /* a full or forbidden storage: the form itself still holds the figures */ }
}

function forget() {
  try { localStorage.removeItem(storageKey()); } catch (error) { /* nothing kept */ }
}

function ensureField(name) {
  const parts = name.split(".");
  for (let i = 1; i < parts.length; i++) {
    if (!/^\d+$/.test(parts[i])) continue;
    const list = form.querySelector(`fieldset[data-path="${CSS.escape(parts.slice(0, i).join("."))}"]`);
    if (!list) return null;
    const entries = list.querySelector(":scope > .entries");
    while (entries.children.length <= Number(parts[i])) {
      entries.append(list.querySelector(":scope > template").content.firstElementChild.cloneNode(true));
      renumber();
    }
  }
  return form.querySelector(`[name="${CSS.escape(name)}"]`);
}

function restore() {
  let kept = null;
  try { kept = JSON.parse(localStorage.getItem(storageKey()) || "null"); } catch (error) { kept = null; }
  if (!Array.isArray(kept)) return false;
  const current = JSON.stringify([...new FormData(form)].filter(([key]) => key !== "_digest"));
  if (current === JSON.stringify(kept)) return false;
  const names = new Set(kept.map(([key]) => key));
  for (const [name, value] of kept) {
    const input = ensureField(name);
    if (input) input.value = value;
  }
  [...form.querySelectorAll(".row")].reverse().forEach((row) => {  // rows deleted in the draft
    if (![...row.querySelectorAll("input, textarea")].some((input) => names.has(input.name))) row.remove();
  });
  renumber();
  return true;
}

// --- rows: adding, and deleting with «Вернуть» --------------------------------------

function dropUndo() {
  clearTimeout(undoTimer);
  undoBar.hidden = true;
  undone = null;
}

function removeRow(row) {
  dropUndo();
  const entries = row.parentElement;
  const index = [...entries.children].indexOf(row);
  const named = row.querySelector(':scope > .grid > [data-key="name"] > input') || row.querySelector("input, textarea");
  const name = named ? named.value.trim() : "";
  const list = row.closest("fieldset");
  row.remove();
  renumber();
  changed();
  undone = { row, entries, index };
  undoBar.querySelector("span").textContent =
    `Удалена строка${name ? ` «${name}»` : ""} из «${list.querySelector(":scope > legend").textContent}».`;
  undoBar.hidden = false;
  undoTimer = setTimeout(dropUndo, 10000);
  const next = entries.children[index] || entries.children[index - 1];
  (next ? next.querySelector("button.remove") : list.querySelector(":scope > button.add")).focus();
}

function undo() {
  if (!undone) return;
  const { row, entries, index } = undone;
  entries.insertBefore(row, entries.children[index] || null);
  dropUndo();
  renumber();
  changed();
  row.querySelector("input, textarea").focus();
  say("Строка возвращена");
}
