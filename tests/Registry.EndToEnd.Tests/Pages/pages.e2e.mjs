// Drives the registry's web pages in headless Chromium with playwright-core (started by PackageRegistryPagesTests,
// which seeds the host and passes what it seeded in the environment). Exits non-zero on the first failed check.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import path from 'node:path';

const env = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
};
const require = createRequire(import.meta.url);
const { chromium } = require(env('PLAYWRIGHT_CORE'));
const base = env('BASE_URL');
const token = env('TOKEN');
const privateProject = env('PRIVATE_PROJECT');
const publicProject = env('PUBLIC_PROJECT');
const publicPackage = env('PUBLIC_PACKAGE');
const group = env('GROUP');
const name = env('PACKAGE_NAME');
const sha256 = env('PACKAGE_SHA256');
const screenshots = env('SCREENSHOT_DIR');

const step = (text) => console.log(`step: ${text}`);
const origins = new Set();
const pageErrors = [];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

async function newPage(context) {
  const page = await context.newPage();
  page.on('request', (request) => origins.add(new URL(request.url()).origin));
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

/** Waits until the page has rendered its data (pages.js sets data-ready once a load finished). */
const ready = (page) => page.waitForSelector('body[data-ready="true"]');

async function open(page, url) {
  await page.goto(url);
  await ready(page);
}

async function signIn(page) {
  await page.getByLabel('Personal access token').fill(token);
  await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Sign in' }).click()]);
  await ready(page);
}

const listed = (page) => page.$$eval('.packages li', (items) => items.map((li) => ({
  name: li.querySelector('a.name').textContent,
  version: li.querySelector('.meta span').textContent.replace('Version ', ''),
})));

async function applied(page, action) {
  await action();
  await page.waitForFunction(() => document.body.dataset.ready === 'true');
  await ready(page);
}

try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  const page = await newPage(context);
  const listUrl = `${base}/${privateProject}/-/packages`;

  step('an anonymous visitor is refused the private project');
  await open(page, listUrl);
  assert.equal(await page.locator('.packages li').count(), 0);
  const refusal = await page.locator('[role="alert"]').innerText();
  assert.match(refusal, /could not be found|Sign in/);

  step('signing in with a personal access token lists the packages');
  await signIn(page);
  const all = await listed(page);
  assert.ok(all.length >= 5, `listed ${JSON.stringify(all)}`);
  assert.equal(await page.locator('#count').innerText(), `${all.length} packages`);
  const unlabelled = await page.$$eval('input, select', (fields) => fields.filter((f) => f.labels.length === 0 && !f.getAttribute('aria-label')).map((f) => f.id));
  assert.deepEqual(unlabelled, [], 'every field has a label');
  await page.screenshot({ path: path.join(screenshots, 'package-list.png') });

  step('search by name from the keyboard');
  await applied(page, async () => {
    await page.getByLabel('Search by name').fill(name);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('search') === name);
  });
  const searched = await listed(page);
  assert.ok(searched.length >= 3, JSON.stringify(searched));
  assert.ok(searched.every((p) => p.name.includes(name)), JSON.stringify(searched));

  step('sort by version, ascending');
  await applied(page, async () => {
    await page.getByLabel('Sort by').selectOption('version');
    await page.waitForURL((url) => url.searchParams.get('order_by') === 'version');
  });
  await applied(page, async () => {
    await page.getByLabel('Order').selectOption('asc');
    await page.waitForURL((url) => url.searchParams.get('sort') === 'asc');
  });
  const sorted = (await listed(page)).map((p) => p.version);
  assert.deepEqual(sorted, ['1.0.0', '1.1.0', '2.0.0']);

  step('filter by type, and back');
  await applied(page, async () => {
    await page.getByLabel('Type').selectOption('npm');
    await page.waitForURL((url) => url.searchParams.get('type') === 'npm');
  });
  assert.equal(await page.locator('.packages li').count(), 0);
  assert.equal(await page.locator('#count').innerText(), 'No packages match these filters.');
  await applied(page, () => page.goBack());
  assert.deepEqual((await listed(page)).map((p) => p.version), ['1.0.0', '1.1.0', '2.0.0']);

  step('a shared URL opens the same view in a new page');
  const shared = page.url();
  assert.match(shared, /search=/);
  assert.match(shared, /order_by=version/);
  assert.match(shared, /sort=asc/);
  const second = await newPage(context);
  await open(second, shared);
  await signIn(second); // sessionStorage is per tab: the new tab signs in and stays on the shared URL
  assert.equal(second.url(), shared);
  assert.deepEqual(await listed(second), await listed(page));
  assert.equal(await second.getByLabel('Search by name').inputValue(), name);
  assert.equal(await second.getByLabel('Sort by').inputValue(), 'version');
  assert.equal(await second.getByLabel('Order').inputValue(), 'asc');
  await second.close();

  step('narrow screen: nothing scrolls sideways');
  await page.setViewportSize({ width: 375, height: 800 });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'list fits a narrow screen');
  await page.setViewportSize({ width: 1280, height: 900 });

  step('open a package');
  await Promise.all([page.waitForURL(/\/-\/packages\/\d+$/), page.locator('.packages li', { hasText: '2.0.0' }).locator('a.name').click()]);
  await ready(page);
  const packageUrl = page.url();
  assert.match(await page.locator('h1').innerText(), new RegExp(name));
  const file = page.locator('tbody tr').first();
  assert.equal(await file.locator('td.hash code').innerText(), sha256);
  const versions = await page.$$eval('#versions li[data-version]', (items) => items.map((li) => li.dataset.version));
  assert.deepEqual(versions.sort(), ['1.0.0', '1.1.0']);
  assert.ok(await page.locator('.activity li').count() >= 1);
  await page.screenshot({ path: path.join(screenshots, 'package-page.png'), fullPage: true });

  step('copy a snippet');
  const copy = page.locator('button[data-copy]').first();
  const expected = await page.locator(`#${await copy.getAttribute('data-copy')}`).innerText();
  await copy.click();
  await page.waitForFunction(() => document.querySelector('button[data-copy]').textContent === 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);

  step('delete a version: cancel, then confirm');
  await page.getByRole('button', { name: 'Delete version 1.0.0' }).click();
  assert.ok(await page.locator('dialog#confirm').evaluate((d) => d.open));
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('#versions li[data-version="1.0.0"]').count(), 1, 'cancelled: still there');
  await page.getByRole('button', { name: 'Delete version 1.0.0' }).click();
  await page.locator('#confirm-ok').click();
  await page.waitForSelector('#versions li[data-version="1.0.0"]', { state: 'detached' });
  const remaining = await page.evaluate(async ({ project, name, token }) => {
    const response = await fetch(`/api/v4/projects/${encodeURIComponent(project)}/packages?package_name=${name}`, { headers: { 'PRIVATE-TOKEN': token } });
    return (await response.json()).map((p) => p.version).sort();
  }, { project: privateProject, name, token });
  assert.deepEqual(remaining, ['1.1.0', '2.0.0']);

  step('the group lists its projects\' packages');
  await open(page, `${base}/groups/${group}/-/packages?search=${name}`);
  assert.ok((await listed(page)).every((p) => p.name.includes(name)));
  assert.ok(await page.locator('.packages li a', { hasText: privateProject }).count() >= 1);

  step('the Infrastructure Registry lists Terraform modules only');
  await open(page, `${base}/${privateProject}/-/infrastructure_registry`);
  assert.equal(await page.locator('h1').innerText(), 'Infrastructure Registry');
  assert.equal(await page.locator('.packages li').count(), 0, 'the generic packages are not Terraform modules');
  assert.equal(await page.locator('#count').innerText(), 'There are no packages yet.');

  step('an anonymous visitor sees a public project');
  const anonymous = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const visitor = await newPage(anonymous);
  await open(visitor, `${base}/${publicProject}/-/packages`);
  assert.deepEqual((await listed(visitor)).map((p) => p.name), [publicPackage]);
  await Promise.all([visitor.waitForURL(/\/-\/packages\/\d+$/), visitor.locator('a.name').first().click()]);
  await ready(visitor);
  assert.match(await visitor.locator('h1').innerText(), new RegExp(publicPackage));
  assert.equal(await visitor.getByRole('button', { name: /Delete/ }).count(), 0, 'no delete for an anonymous visitor');

  step('... and is refused a private package page');
  await open(visitor, packageUrl);
  assert.match(await visitor.locator('[role="alert"]').innerText(), /could not be found|Sign in/);
  assert.equal(await visitor.locator('#versions').count(), 0);

  assert.deepEqual([...origins].filter((o) => o !== base && o !== 'null'), [], 'no request to another host');
  assert.deepEqual(pageErrors, [], 'no script errors');
  console.log('all browser checks passed');
} finally {
  await browser.close();
}
