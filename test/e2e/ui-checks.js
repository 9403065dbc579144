// node ui-checks.js BASE_URL FOLDER EXT_DEV_PATH OUT_DIR RESULT_JSON [STATE_DIR]
// DOM checks of what a person sees in the workbench with the extension loaded from source:
// the status bar item, squiggles, the Problems panel. Saves screenshots in OUT_DIR, among them
// diagnostics.png (the README picture), and writes {passed, failed} to RESULT_JSON.
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
const ENTRIES_IN_FIXTURE = 5;
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
