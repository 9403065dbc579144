// node ui-checks.js BASE_URL FOLDER EXT_DEV_PATH OUT_DIR RESULT_JSON [STATE_DIR]
// DOM checks of what a person sees in the workbench with the extension loaded from source:
// the status bar item, squiggles, the Problems panel, the quick fix for missing sources, completion
// of related events and context tags, the hover on a related link. Saves screenshots in OUT_DIR
// (diagnostics.png, completion.png, hover.png: the README pictures) and writes {passed, failed} to RESULT_JSON.
'use strict';
const fs = require('fs');
const path = require('path');
const { launch, workbenchUrl } = require('./launch');

const [base, folder, devPath, outDir, resultFile, stateDir] = process.argv.slice(2);
if (!resultFile) {
  console.error('usage: node ui-checks.js BASE_URL FOLDER EXT_DEV_PATH OUT_DIR RESULT_JSON [STATE_DIR]');
  process.exit(3);
}
const EXAMPLE = 'the-united-states-announces-it-will-be-sending-560-more-united-states-armed-forces-soldiers-to-iraq-to-help-fight-against-isil.md';
const MISSING = 'missing-sources.md';
const ENTRIES_IN_FIXTURE = 7;
// The clean entry that the completion and hover checks type in (and revert).
const MOSUL = 'the-iraqi-army-and-kurdish-peshmerga-forces-backed-by-u-s-led-coalition-airstrikes-begin-an-offensive-to-retake-mosul-from-isil.md';
const LINKED_HEADLINE = 'The United States announces it will be sending 560 more United States Armed Forces soldiers to Iraq to help fight against ISIL.';
const FRANCE = {
  path: '/news/2016/09/30/france-conducts-airstrikes-against-isil-positions-in-iraq-from-the-french-aircraft-carrier-charles-de-gaulle.md',
  headline: 'France conducts airstrikes against ISIL positions in Iraq from the French aircraft carrier "Charles de Gaulle".',
};
const AL_QAIM = {
  path: '/news/2017/04/1/an-iraqi-airstrike-near-al-qaim-anbar-province-iraq-kills-ayad-al-jumaili-believed-to-be-isil-s-second-in-command.md',
  headline: "An Iraqi airstrike near Al Qaim, Anbar province, Iraq, kills Ayad al-Jumaili, believed to be ISIL's second-in-command.",
};
const NO_TAGS_HEADLINE = 'Another event on the same day keeps this day folder in the fixture.';
const SUGGEST_ROWS = '.editor-widget.suggest-widget.visible .monaco-list-row';
const EDITOR = '.editor-group-container.active .monaco-editor';

let passed = 0;
let failed = 0;
let broken = null; // the first failed check; the ones after it depend on it and count as failed
const T0 = Date.now();
const ms = () => `${Date.now() - T0} ms`;

async function check(name, fn) {
  if (broken) {
    failed++;
    console.log(`FAIL ${name} -- not run: "${broken}" failed`);
    return;
  }
  try {
    const info = await fn();
    passed++;
    console.log(`PASS ${name}${info ? ` -- ${info}` : ''} (${ms()})`);
  } catch (e) {
    failed++;
    broken = name;
    console.log(`FAIL ${name} -- ${String((e && e.message) || e).split('\n')[0]} (${ms()})`);
  }
}

// Opens a file by name through Quick Open, as a person would without expanding the folders.
// `key` is Enter, or Control+Enter to open it in an editor group to the side.
async function quickOpen(page, fileName, key = 'Enter') {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(fileName);
  // Enter takes the focused row, which is a recent file until the filter has been applied.
  await page.locator('.quick-input-widget .quick-input-list .monaco-list-row.focused', { hasText: fileName.slice(0, 30) })
    .first().waitFor({ timeout: 15000 });
  await page.keyboard.press(key);
  await page.locator('.editor-group-container.active .tab.active', { hasText: fileName.slice(0, 20) }).waitFor({ timeout: 15000 });
  await page.locator(`${EDITOR} .view-lines .view-line`).first().waitFor({ timeout: 15000 });
}

async function showProblems(page) {
  if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
  await page.locator('.markers-panel').waitFor({ state: 'visible', timeout: 10000 });
}

// Runs a command by its label through the Command Palette (keybindings differ in the browser).
async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: 10000 });
  await row.click();
  await input.waitFor({ state: 'hidden', timeout: 10000 });
}

// Scrolls the active editor so that a line is in the middle, through Go to Line.
async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget .quick-input-box input').waitFor({ state: 'visible', timeout: 10000 });
  await page.keyboard.type(String(line));
  await page.keyboard.press('Enter');
}

// The text of the active editor as rendered: its view lines top to bottom, joined without separators
// (a wrapped line is split into several view lines that keep their spaces), non-breaking spaces as spaces.
async function editorText(page) {
  return page.$$eval(`${EDITOR} .view-lines .view-line`, (lines) => lines
    .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent || '' }))
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text)
    .join('')
    .replace(/\u00a0/g, ' '));
}

// Polls the rendered text until `accept` holds; fails with the end of what is shown.
async function waitForEditorText(page, what, accept, timeout = 15000) {
  const end = Date.now() + timeout;
  let text = await editorText(page);
  while (!accept(text)) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the editor shows …${JSON.stringify(text.slice(-400))}`);
    await page.waitForTimeout(100);
    text = await editorText(page);
  }
  return text;
}

// The rows of the open suggest widget: label (the first line of the row) and whether it is focused.
async function suggestRows(page) {
  return page.locator(SUGGEST_ROWS).evaluateAll((rows) => rows
    .map((row) => ({ index: Number(row.getAttribute('data-index')), label: (row.innerText || '').split('\n')[0].trim(), focused: row.classList.contains('focused') }))
    .sort((a, b) => a.index - b.index));
}

// Waits until the suggest widget's focused row is `label` (exactly), and returns the rows.
async function waitForFocusedSuggestion(page, label, timeout = 15000) {
  const end = Date.now() + timeout;
  for (;;) {
    const rows = await suggestRows(page).catch(() => []);
    if (rows.some((row) => row.focused && row.label === label)) return rows;
    if (Date.now() > end) throw new Error(`timed out waiting for the suggestion ${JSON.stringify(label)} to be focused; the suggest widget shows ${JSON.stringify(rows)}`);
    await page.waitForTimeout(100);
  }
}

// Reverts the active editor through the Command Palette and waits until its tab is no longer dirty.
async function revertActiveEditor(page) {
  await page.keyboard.press('Escape');
  await runCommand(page, 'File: Revert File');
  await page.locator('.editor-group-container.active .tab.active.dirty').waitFor({ state: 'detached', timeout: 10000 });
}

// One editor, no side bar, no panel: the layout of completion.png and hover.png.
async function arrangeSingleEditor(page, fileName) {
  await page.keyboard.press('Escape');
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10000 });
  if (await page.locator('.part.sidebar').isVisible()) await page.keyboard.press('Control+B');
  if (await page.locator('.part.panel').isVisible()) await runCommand(page, 'View: Hide Panel');
  await quickOpen(page, fileName);
}

// The README picture: the example entry (errors) beside the entry without sources (warning),
// the Problems panel below. Every check has already passed by then; this only arranges.
async function arrangeForScreenshot(page) {
  await page.keyboard.press('Escape');
  if (await page.locator('.part.sidebar').isVisible()) await page.keyboard.press('Control+B');
  // Leaves one editor group with only the example in it, then the other entry to the side.
  await runCommand(page, 'View: Close All Editors');
  await page.locator('.editor-group-container .tab').first().waitFor({ state: 'detached', timeout: 10000 });
  await quickOpen(page, EXAMPLE);
  await quickOpen(page, MISSING, 'Control+Enter');
  await page.locator(`${EDITOR} .squiggly-warning`).first().waitFor({ timeout: 15000 });
  // Gives the example about two thirds of the width by dragging the sash between the groups.
  const sash = page.locator('.part.editor .monaco-sash.vertical:visible').first();
  const box = await sash.boundingBox().catch(() => null);
  if (box) {
    const x = box.x + box.width / 2;
    const y = box.y + Math.min(200, box.height / 2);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + 220, y, { steps: 10 });
    await page.mouse.up();
  }
  await goToLine(page, 3);
  await page.keyboard.press('Control+1');
  await goToLine(page, 16);
  await showProblems(page);
  await page.mouse.move(1000, 12); // away from anything that shows a hover
  await page.waitForTimeout(800);
}

(async () => {
  fs.mkdirSync(outDir, { recursive: true });
  const b = await launch({ stateDir });
  const page = b.ctx.pages()[0] || (await b.ctx.newPage());
  page.setDefaultTimeout(30000);
  try {
    await check('workbench loads with the extension from source', async () => {
      await page.goto(workbenchUrl(base, folder, devPath), { timeout: 60000 });
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60000 });
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
    });

    await check(`Quick Open opens ${MISSING}`, async () => {
      await quickOpen(page, MISSING);
      return 'editor tab active';
    });

    await check('status bar shows "Events: <n> entries" once indexed', async () => {
      const item = page.locator('.statusbar-item', { hasText: /^\s*Events:.*entries/ }).first();
      await item.waitFor({ timeout: 60000 });
      const text = (await item.innerText()).trim();
      const n = Number((/Events:\s*([\d,]+)\s+entries/.exec(text) || [])[1]);
      if (n !== ENTRIES_IN_FIXTURE) throw new Error(`expected ${ENTRIES_IN_FIXTURE} entries, the status bar says ${JSON.stringify(text)}`);
      return JSON.stringify(text);
    });

    await check('warning squiggle under the entry without sources', async () => {
      await page.locator(`${EDITOR} .squiggly-warning`).first().waitFor({ timeout: 30000 });
    });

    await check('Problems panel lists "No sources"', async () => {
      await showProblems(page);
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'No sources' }).first();
      await row.waitFor({ timeout: 15000 });
      return JSON.stringify((await row.getAttribute('aria-label')) || (await row.innerText()));
    });

    await check('error squiggles under the dangling related links of the example entry', async () => {
      await quickOpen(page, EXAMPLE);
      const squiggles = page.locator(`${EDITOR} .squiggly-error`);
      await squiggles.first().waitFor({ timeout: 30000 });
      return `${await squiggles.count()} squiggle segments rendered`;
    });

    await check('Problems panel and status bar count 8 errors and 1 warning', async () => {
      await showProblems(page);
      // The status bar's problems item sums the diagnostics of the whole workspace.
      const problems = page.locator('.statusbar-item#status\\.problems');
      const read = async () => ((await problems.getAttribute('aria-label').catch(() => '')) || '').replace(/\s+/g, ' ');
      let label = await read();
      for (const end = Date.now() + 30000; label !== 'Errors: 8, Warnings: 1' && Date.now() < end;) {
        await page.waitForTimeout(200);
        label = await read();
      }
      if (label !== 'Errors: 8, Warnings: 1') throw new Error(`the problems item says ${JSON.stringify(label)}`);
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'Related link target not found' }).first().waitFor({ timeout: 15000 });
      return JSON.stringify(label);
    });

    await check('screenshot of squiggles and the Problems panel', async () => {
      await arrangeForScreenshot(page);
      const file = path.join(outDir, 'diagnostics.png');
      await page.screenshot({ path: file });
      return file;
    });

    await check('Ctrl+. on the missing-sources squiggle offers "Insert source template"; it writes the template, "Publisher" selected', async () => {
      await arrangeSingleEditor(page, MISSING);
      await page.locator(`${EDITOR} .squiggly-warning`).first().waitFor({ timeout: 15000 });
      await goToLine(page, 3); // the headline, which the warning underlines
      await page.keyboard.press('Control+.');
      const fixes = page.locator('.action-widget .monaco-list-row.action');
      await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: 'Insert source template' }).waitFor({ timeout: 15000 });
      const titles = (await fixes.allInnerTexts()).map((t) => t.trim());
      if (!titles.includes('Insert source from the URL on the clipboard')) throw new Error(`the quick fixes are ${JSON.stringify(titles)}`);
      await page.keyboard.press('Enter');
      await waitForEditorText(page, 'the source template', (t) => t.includes('### Source:1. [Publisher](https://)'));
      // The selection highlight lies exactly over the word Publisher (polled: the editor re-renders its overlays).
      const box = (locator) => locator.first().boundingBox({ timeout: 1000 }).catch(() => null);
      for (const end = Date.now() + 10000; ;) {
        const selection = await box(page.locator(`${EDITOR} .view-overlays .selected-text`));
        const word = await box(page.locator(`${EDITOR} .view-line span span`, { hasText: /^Publisher$/ }));
        if (selection && word && Math.abs(selection.x - word.x) <= 2 && Math.abs(selection.width - word.width) <= 2 && Math.abs(selection.y - word.y) <= 4) break;
        if (Date.now() > end) throw new Error(`the selection ${JSON.stringify(selection)} does not cover "Publisher" ${JSON.stringify(word)}`);
        await page.waitForTimeout(100);
      }
      await page.keyboard.type('Reuters');
      await waitForEditorText(page, 'the typed publisher', (t) => t.includes('1. [Reuters](https://)') && !t.includes('Publisher'));
      await revertActiveEditor(page);
      await waitForEditorText(page, 'the reverted file', (t) => !t.includes('### Source:'));
      return `fixes ${JSON.stringify(titles)}; typing replaced the selected placeholder`;
    });

    await check('typing "1. [Fran" under Related: the suggest widget offers the France entry; Enter writes the whole numbered item', async () => {
      await arrangeSingleEditor(page, MOSUL);
      await page.keyboard.press('Control+End');
      await page.keyboard.type('1. [Fran');
      const rows = await waitForFocusedSuggestion(page, FRANCE.headline);
      await page.keyboard.press('Enter');
      const item = `2. [${FRANCE.headline}](${FRANCE.path}) _Context: Iraq, Islamic State of Iraq and the Levant, Military intervention against ISIL_`;
      await waitForEditorText(page, JSON.stringify(item), (t) => t.endsWith(item));
      return `proposals ${JSON.stringify(rows.map((r) => r.label))}; wrote item 2 with the 3 shared tags`;
    });

    await check('typing "_Context: Ira" in a related item: the suggest widget lists Iraq, Iraqi Civil War, …; Enter writes Iraq', async () => {
      const start = `3. [${AL_QAIM.headline}](${AL_QAIM.path}) `;
      await page.keyboard.press('Enter');
      // The link goes in at once, as pasted; the context is typed key by key (the space after `:` asks for the tags).
      await page.keyboard.insertText(start.trimEnd());
      await page.keyboard.type(' _Context: Ira');
      const rows = await waitForFocusedSuggestion(page, 'Iraq');
      const labels = rows.map((r) => r.label);
      for (const tag of ['Iraq', 'Iraqi Civil War', 'Iraqi Kurdistan']) {
        if (!labels.includes(tag)) throw new Error(`the suggest widget lists ${JSON.stringify(labels)}`);
      }
      if (!rows[0].focused || labels[0] !== 'Iraq') throw new Error(`the first, focused row is not Iraq: ${JSON.stringify(rows)}`);
      await waitForEditorText(page, 'the typed item', (t) => t.endsWith(`${start}_Context: Ira`));
      await page.mouse.move(1000, 12);
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(outDir, 'completion.png') });
      await page.keyboard.press('Enter');
      await waitForEditorText(page, 'the accepted tag', (t) => t.endsWith(`${start}_Context: Iraq_`));
      return `${JSON.stringify(labels)}; completion.png saved`;
    });

    await check('accepting an event with no shared tag leaves the cursor in "_Context: _", where the tags are proposed', async () => {
      await page.keyboard.press('End');
      await page.keyboard.press('Enter');
      await page.keyboard.type('4. [Another event');
      await waitForFocusedSuggestion(page, NO_TAGS_HEADLINE);
      await page.keyboard.press('Enter');
      await waitForEditorText(page, 'the item with an empty context', (t) => t.endsWith(' _Context: _'));
      await page.keyboard.type('Ira');
      // Markdown turns quick suggestions off: unless the item asks for suggestions itself, a person presses Ctrl+Space.
      const opened = await page.locator(SUGGEST_ROWS).first().waitFor({ timeout: 1500 }).then(() => true, () => false);
      if (!opened) await page.keyboard.press('Control+Space');
      // The server's order stands (every proposal filters on `Ira`): the tag that starts with it comes first.
      const rows = await waitForFocusedSuggestion(page, 'Iraq');
      if (rows[0].label !== 'Iraq') throw new Error(`the first row is not Iraq: ${JSON.stringify(rows)}`);
      await page.keyboard.press('Enter');
      await waitForEditorText(page, 'the accepted tag', (t) => t.endsWith('-in-the-fixture.md) _Context: Iraq_'));
      await revertActiveEditor(page);
      await waitForEditorText(page, 'the reverted entry', (t) => !t.includes('2. ['));
      return opened ? 'the tag list opened by itself' : 'the tag list needed Ctrl+Space (no suggestions while typing in Markdown)';
    });

    await check('hovering a related link shows the preview of the linked entry', async () => {
      const title = page.locator(`${EDITOR} .view-line span span`, { hasText: 'The United States announces' }).first();
      await title.hover();
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'days before this entry' }).first();
      await hover.waitFor({ timeout: 15000 });
      const text = (await hover.innerText()).replace(/\s+/g, ' ');
      for (const part of [LINKED_HEADLINE, '2016-07-11 · 98 days before this entry', 'The US is to send 560 more military personnel', 'Sources: BBC', 'Tags: Iraq,', 'Linked from 1 entry']) {
        if (!text.includes(part)) throw new Error(`the hover lacks ${JSON.stringify(part)}: ${JSON.stringify(text)}`);
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: path.join(outDir, 'hover.png') });
      await page.mouse.move(1000, 12);
      return 'headline, date, preview, sources, tags and backlinks shown; hover.png saved';
    });

    await check('no editor is left modified', async () => {
      const dirty = await page.locator('.tab.dirty').count();
      if (dirty) throw new Error(`${dirty} modified editor(s)`);
    });
  } catch (e) {
    failed++;
    console.log(`FAIL ui flow -- ${String((e && e.message) || e).split('\n')[0]}`);
  } finally {
    if (failed) await page.screenshot({ path: path.join(outDir, 'ui-failure.png') }).catch(() => {});
    fs.writeFileSync(resultFile, JSON.stringify({ passed, failed }) + '\n');
    console.log(`ui: ${passed} passed, ${failed} failed`);
    await b.close();
  }
  process.exit(failed ? 1 : 0);
})().catch((e) => {
  console.error('ui checks: driver error:', e && e.stack ? e.stack : e);
  process.exit(3);
});
