// Package registry pages (MapPackageRegistryPages): rendered in the browser from the registry's own /api/v4, with the
// visitor's credentials (the host's sign-in cookie, or a personal access token kept in this tab's sessionStorage and
// sent as PRIVATE-TOKEN). No framework, no build step, no request to any other host. Text from the API is only ever
// inserted as text (never as HTML).

const body = document.body;
const base = body.dataset.base || '';
const view = body.dataset.view;
const fullPath = body.dataset.fullPath;
const packageId = body.dataset.packageId;
const infrastructure = body.dataset.infrastructure === 'true';
const types = JSON.parse(body.dataset.types || '[]');
const main = document.getElementById('main');
const statusRegion = document.getElementById('status');
const TOKEN_KEY = 'registry.privateToken';
const FLASH_KEY = 'registry.flash';
const PER_PAGE = 20;
const registryName = infrastructure ? 'Infrastructure Registry' : 'Package Registry';
const section = infrastructure ? 'infrastructure_registry' : 'packages';

/** Creates an element: attributes (on* are listeners, true is an empty attribute, null/false are left out), then children. */
function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else if (name === 'class') element.className = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  fill(element, children);
  return element;
}

/** Appends children (arrays flattened; null, undefined and false left out). */
function fill(element, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children, as fill appends them. */
function replace(element, ...children) {
  element.replaceChildren();
  fill(element, children);
}

function announce(text) {
  // Cleared first so the same message is announced again.
  statusRegion.textContent = '';
  window.setTimeout(() => { statusRegion.textContent = text; }, 50);
}

const token = () => sessionStorage.getItem(TOKEN_KEY);

/** Calls the registry's API with the visitor's credentials; the header keeps browsers from prompting on a 401. */
function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (!headers.has('Accept')) headers.set('Accept', 'application/json');
  headers.set('X-Requested-With', 'XMLHttpRequest');
  const current = token();
  if (current) headers.set('PRIVATE-TOKEN', current);
  return fetch(`${base}/api/v4${path}`, { ...options, headers, credentials: 'same-origin' });
}

async function messageOf(response) {
  try {
    const json = await response.json();
    const message = json.message ?? json.error ?? json.detail;
    return typeof message === 'string' ? message : JSON.stringify(message);
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

/** What a refused request means to the visitor: 401/404 never tell whether a private project exists. */
async function failureNotice(response, what) {
  let text;
  if (response.status === 401) text = `Sign in to see ${what}.`;
  else if (response.status === 404) text = `${what[0].toUpperCase()}${what.slice(1)} could not be found. It may not exist, or you may need to sign in to see it.`;
  else if (response.status === 403) text = `You do not have permission to see ${what}.`;
  else text = `The registry answered: ${await messageOf(response)}`;
  announce(text);
  return h('div', { class: 'notice error', role: 'alert' }, h('p', {}, text),
    !token() && (response.status === 401 || response.status === 404) ? h('p', {}, 'Enter a personal access token above to sign in.') : null);
}

const projectApi = () => `/projects/${encodeURIComponent(fullPath)}`;
const groupUrl = (path) => `${base}/groups/${path}/-/${section}`;
const projectUrl = (path) => `${base}/${path}/-/${section}`;

function time(value) {
  if (!value) return '—';
  const date = new Date(value);
  return h('time', { datetime: value }, date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }));
}

function size(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

function renderSession() {
  const session = document.getElementById('session');
  replace(session);
  if (token()) {
    session.append(h('span', {}, 'Signed in with a personal access token'),
      h('button', { type: 'button', class: 'small', onclick: () => { sessionStorage.removeItem(TOKEN_KEY); window.location.reload(); } }, 'Sign out'));
    return;
  }

  const input = h('input', { id: 'token-input', name: 'token', type: 'password', autocomplete: 'off', required: true, 'aria-describedby': 'token-hint' });
  session.append(h('form', {
    onsubmit: (event) => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN_KEY, input.value.trim());
      window.location.reload();
    },
  }, h('label', { for: 'token-input' }, 'Personal access token'), input,
  h('button', { type: 'submit', class: 'small' }, 'Sign in'),
  h('span', { id: 'token-hint', class: 'visually-hidden' }, 'Kept in this browser tab only, and sent to this registry alone.')));
}

function renderCrumbs(extra) {
  const crumbs = document.getElementById('crumbs');
  const segments = fullPath.split('/');
  const group = view === 'group-list';
  const items = segments.map((segment, index) => {
    const path = segments.slice(0, index + 1).join('/');
    const isProject = !group && index === segments.length - 1;
    return h('li', {}, h('a', { href: isProject ? projectUrl(path) : groupUrl(path) }, segment));
  });
  const listUrl = group ? groupUrl(fullPath) : projectUrl(fullPath);
  items.push(h('li', {}, h('a', { href: listUrl, 'aria-current': extra ? null : 'page' }, registryName)));
  if (extra) items.push(h('li', {}, h('span', { 'aria-current': 'page' }, extra)));
  replace(crumbs, ...items);
}

function takeFlash() {
  const flash = sessionStorage.getItem(FLASH_KEY);
  sessionStorage.removeItem(FLASH_KEY);
  return flash;
}

// ---- Lists -----------------------------------------------------------------------------------------------------

const ORDERS = [['created_at', 'Published'], ['name', 'Name'], ['version', 'Version'], ['type', 'Type']];

function listParameters() {
  const query = new URLSearchParams(window.location.search);
  const page = Number.parseInt(query.get('page') || '1', 10);
  return {
    search: query.get('search') || '',
    type: query.get('type') || (infrastructure ? types[0] || '' : ''),
    order_by: query.get('order_by') || 'created_at',
    sort: query.get('sort') || 'desc',
    page: Number.isFinite(page) && page > 0 ? page : 1,
  };
}

/** The page's URL for a view: every filter in the query (defaults left out), so a shared link opens the same view. */
function listHref(parameters) {
  const query = new URLSearchParams();
  if (parameters.search) query.set('search', parameters.search);
  if (parameters.type && !(infrastructure && parameters.type === types[0])) query.set('type', parameters.type);
  if (parameters.order_by !== 'created_at') query.set('order_by', parameters.order_by);
  if (parameters.sort !== 'desc') query.set('sort', parameters.sort);
  if (parameters.page > 1) query.set('page', String(parameters.page));
  const text = query.toString();
  return window.location.pathname + (text ? `?${text}` : '');
}

function select(id, name, label, options, value) {
  return h('div', { class: 'field' }, h('label', { for: id }, label),
    h('select', { id, name }, options.map(([optionValue, text]) => h('option', { value: optionValue, selected: optionValue === value }, text))));
}

function renderListFrame() {
  const group = view === 'group-list';
  const parameters = listParameters();
  const orders = group ? [...ORDERS, ['project_path', 'Project']] : ORDERS;
  const typeOptions = infrastructure ? types.map((t) => [t, t]) : [['', 'All types'], ...types.map((t) => [t, t])];
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter packages', id: 'filters' },
    h('div', { class: 'field grow' }, h('label', { for: 'f-search' }, 'Search by name'),
      h('input', { id: 'f-search', name: 'search', type: 'search', value: parameters.search, autocomplete: 'off' })),
    select('f-type', 'type', 'Type', typeOptions, parameters.type),
    select('f-order', 'order_by', 'Sort by', orders, parameters.order_by),
    select('f-sort', 'sort', 'Order', [['desc', 'Descending'], ['asc', 'Ascending']], parameters.sort),
    h('button', { type: 'submit', class: 'primary' }, 'Search'));
  const apply = (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const next = { search: String(data.get('search') || '').trim(), type: String(data.get('type') || ''), order_by: String(data.get('order_by')), sort: String(data.get('sort')), page: 1 };
    window.history.pushState(null, '', listHref(next));
    loadList();
  };
  form.addEventListener('submit', apply);
  for (const element of form.querySelectorAll('select')) element.addEventListener('change', apply);

  const flash = takeFlash();
  replace(main,
    h('h1', { id: 'title', tabindex: '-1' }, registryName),
    flash ? h('div', { class: 'notice', role: 'status' }, flash) : null,
    form,
    h('div', { id: 'results' }));
  if (flash) announce(flash);
}

function syncForm(parameters) {
  const form = document.getElementById('filters');
  form.elements.search.value = parameters.search;
  form.elements.type.value = parameters.type;
  form.elements.order_by.value = parameters.order_by;
  form.elements.sort.value = parameters.sort;
}

async function loadList() {
  const group = view === 'group-list';
  const parameters = listParameters();
  syncForm(parameters);
  const results = document.getElementById('results');
  body.dataset.ready = 'false';
  results.setAttribute('aria-busy', 'true');
  const query = new URLSearchParams({ order_by: parameters.order_by, sort: parameters.sort, page: String(parameters.page), per_page: String(PER_PAGE) });
  if (parameters.search) query.set('package_name', parameters.search);
  if (parameters.type) query.set('package_type', parameters.type);
  const path = group ? `/groups/${encodeURIComponent(fullPath)}/packages` : `${projectApi()}/packages`;
  const response = await api(`${path}?${query}`);
  results.removeAttribute('aria-busy');
  if (!response.ok) {
    replace(results, await failureNotice(response, group ? `the packages of group ${fullPath}` : `the packages of project ${fullPath}`));
    body.dataset.ready = 'true';
    return;
  }

  const packages = await response.json();
  const total = Number.parseInt(response.headers.get('X-Total') || String(packages.length), 10);
  const pages = Math.max(1, Number.parseInt(response.headers.get('X-Total-Pages') || '1', 10));
  const filtered = parameters.search || (parameters.type && !infrastructure);
  const count = total === 0
    ? (filtered ? 'No packages match these filters.' : 'There are no packages yet.')
    : `${total} ${total === 1 ? 'package' : 'packages'}`;
  replace(results,
    h('p', { class: 'count', id: 'count' }, count),
    packages.length ? h('ul', { class: 'packages', 'aria-label': 'Packages' }, packages.map((p) => packageItem(p, group))) : null,
    pages > 1 ? pager(parameters, pages) : null);
  announce(count + (pages > 1 ? `, page ${parameters.page} of ${pages}` : ''));
  body.dataset.ready = 'true';
}

function packageItem(p, group) {
  const pipeline = p.pipelines && p.pipelines[0];
  return h('li', { 'data-package-id': p.id },
    h('div', {},
      h('a', { class: 'name', href: p._links.web_path }, p.name), ' ',
      h('span', { class: 'badge' }, p.package_type),
      h('div', { class: 'meta' },
        h('span', {}, `Version ${p.version}`),
        group && p.project_path ? h('span', {}, h('a', { href: projectUrl(p.project_path) }, p.project_path)) : null,
        p.status !== 'default' ? h('span', { class: 'badge' }, p.status) : null,
        pipeline ? h('span', {}, `Pipeline #${pipeline.id ?? '?'}${pipeline.sha ? ` · commit ${pipeline.sha.slice(0, 8)}` : ''}`) : null)),
    h('div', { class: 'meta' }, h('span', {}, 'Published ', time(p.created_at))));
}

function pager(parameters, pages) {
  const link = (page, text, rel) => h('a', {
    href: listHref({ ...parameters, page }),
    rel,
    class: 'button',
    onclick: (event) => {
      event.preventDefault();
      window.history.pushState(null, '', listHref({ ...parameters, page }));
      loadList().then(() => document.getElementById('title').focus());
    },
  }, text);
  return h('nav', { class: 'pager', 'aria-label': 'Pagination' },
    parameters.page > 1 ? link(parameters.page - 1, 'Previous', 'prev') : null,
    h('span', { 'aria-current': 'page' }, `Page ${parameters.page} of ${pages}`),
    parameters.page < pages ? link(parameters.page + 1, 'Next', 'next') : null);
}

// ---- One package -----------------------------------------------------------------------------------------------

/** Asks to confirm a deletion in a modal dialog (focus stays in it, Escape cancels); resolves true to go ahead. */
function confirmDeletion(text, action) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-ok').textContent = action;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
    dialog.showModal();
  });
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: fall back to a selection copy.
    }
  }
  const area = h('textarea', { readonly: true, class: 'visually-hidden', 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  return copied;
}

/** Top-level scalar metadata (and one level of nested objects), for the details list; long and internal fields left out. */
function metadataEntries(metadata) {
  const entries = [];
  const skip = new Set(['name', 'version', 'readme', 'description_html']);
  const visit = (object, prefix, depth) => {
    for (const [key, value] of Object.entries(object)) {
      if (entries.length >= 40 || key.startsWith('_') || (depth === 0 && skip.has(key))) continue;
      const label = prefix + key;
      if (value === null || value === undefined) continue;
      if (['string', 'number', 'boolean'].includes(typeof value)) {
        const text = String(value);
        if (text.length) entries.push([label, text.length > 500 ? `${text.slice(0, 500)}…` : text]);
      } else if (Array.isArray(value)) {
        const scalars = value.filter((v) => ['string', 'number', 'boolean'].includes(typeof v));
        if (scalars.length && scalars.length === value.length) entries.push([label, scalars.slice(0, 20).join(', ')]);
      } else if (typeof value === 'object' && depth === 0) {
        visit(value, `${label}.`, 1);
      }
    }
  };
  if (metadata && typeof metadata === 'object') visit(metadata, '', 0);
  return entries;
}

async function deleteRequest(path, what) {
  const response = await api(path, { method: 'DELETE' });
  if (response.ok) return true;
  const text = `Could not delete ${what}: ${await messageOf(response)}`;
  announce(text);
  document.getElementById('errors').replaceChildren(h('div', { class: 'notice error', role: 'alert' }, text));
  return false;
}

async function loadPackage() {
  renderCrumbs(`#${packageId}`);
  const [packageResponse, detailsResponse] = await Promise.all([
    api(`${projectApi()}/packages/${packageId}`),
    api(`${projectApi()}/packages/${packageId}/details`),
  ]);
  if (!packageResponse.ok || !detailsResponse.ok) {
    const failed = packageResponse.ok ? detailsResponse : packageResponse;
    replace(main, h('h1', { id: 'title' }, 'Package'), await failureNotice(failed, `this package of project ${fullPath}`));
    return;
  }

  const pkg = await packageResponse.json();
  const details = await detailsResponse.json();
  const mayDelete = Boolean(pkg._links.delete_api_path);
  const listUrl = projectUrl(fullPath);
  document.title = `${pkg.name} ${pkg.version} · ${registryName} · ${fullPath}`;
  renderCrumbs(`${pkg.name} ${pkg.version}`);

  const deletePackage = async () => {
    if (!(await confirmDeletion(`Delete ${pkg.name} version ${pkg.version} and its ${details.files.length} file(s)? This cannot be undone.`, 'Delete package'))) return;
    if (await deleteRequest(`${projectApi()}/packages/${pkg.id}`, `${pkg.name} ${pkg.version}`)) {
      sessionStorage.setItem(FLASH_KEY, `Deleted ${pkg.name} version ${pkg.version}.`);
      window.location.assign(listUrl);
    }
  };

  replace(main,
    h('div', { class: 'heading' },
      h('h1', { id: 'title' }, pkg.name, ' ', h('span', { class: 'badge' }, pkg.version)),
      mayDelete ? h('button', { type: 'button', class: 'danger', onclick: deletePackage }, 'Delete package') : null),
    h('div', { id: 'errors' }),
    h('p', { class: 'meta' }, h('span', { class: 'badge' }, pkg.package_type), h('span', {}, 'Published ', time(pkg.created_at)),
      pkg.status !== 'default' ? h('span', { class: 'badge' }, pkg.status) : null),
    detailsSection(pkg, details),
    snippetsSection(details.snippets),
    activitySection(pkg),
    versionsSection(pkg, mayDelete),
    filesSection(pkg, details.files, mayDelete));
}

function detailsSection(pkg, details) {
  const rows = [
    ['Project', fullPath],
    ['Type', pkg.package_type],
    ['Version', pkg.version],
    ['Status', pkg.status],
    ['Published', time(pkg.created_at)],
    ['Last downloaded', time(pkg.last_downloaded_at)],
    pkg.tags && pkg.tags.length ? ['Tags', pkg.tags.join(', ')] : null,
    ...metadataEntries(details.metadata),
  ].filter(Boolean);
  return h('section', { 'aria-labelledby': 'h-details' }, h('h2', { id: 'h-details' }, 'Details'),
    h('dl', { class: 'details' }, rows.map(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])));
}

function snippetsSection(snippets) {
  if (!snippets || !snippets.length) return null;
  return h('section', { 'aria-labelledby': 'h-install' }, h('h2', { id: 'h-install' }, 'Installation'),
    snippets.map((snippet, index) => {
      const id = `snippet-${index}`;
      const button = h('button', {
        type: 'button',
        class: 'small',
        'aria-label': `Copy ${snippet.title}`,
        'data-copy': id,
        onclick: async () => {
          const copied = await copyText(snippet.code);
          button.textContent = copied ? 'Copied' : 'Copy failed';
          announce(copied ? `${snippet.title} copied to the clipboard.` : `Could not copy ${snippet.title}.`);
          window.setTimeout(() => { button.textContent = 'Copy'; }, 2000);
        },
      }, 'Copy');
      return h('div', { class: 'snippet' },
        h('div', { class: 'bar' }, h('h3', { id: `${id}-title` }, snippet.title), button),
        h('pre', { 'aria-labelledby': `${id}-title`, tabindex: '0' }, h('code', { id, 'data-language': snippet.language }, snippet.code)));
    }));
}

function pipelineItem(pipeline, label) {
  return h('li', {},
    h('span', {}, label, pipeline.id != null ? ` by pipeline #${pipeline.id}` : '',
      pipeline.ref ? ` on ${pipeline.ref}` : '', pipeline.sha ? `, commit ${pipeline.sha.slice(0, 12)}` : '',
      pipeline.user ? `, triggered by user #${pipeline.user.id}` : ''),
    h('span', { class: 'meta' }, time(pipeline.created_at)));
}

function activitySection(pkg) {
  // GitLab keeps the last five builds of a package.
  const pipelines = (pkg.pipelines || []).slice(0, 5);
  return h('section', { 'aria-labelledby': 'h-activity' }, h('h2', { id: 'h-activity' }, 'Activity'),
    h('ul', { class: 'activity' },
      pipelines.length
        ? pipelines.map((pipeline, index) => pipelineItem(pipeline, index === pipelines.length - 1 ? 'Published' : 'Updated'))
        : h('li', {}, h('span', {}, `Published version ${pkg.version}`), h('span', { class: 'meta' }, time(pkg.created_at)))));
}

function versionsSection(pkg, mayDelete) {
  const versions = [...(pkg.versions || [])].reverse();
  const list = h('ul', { class: 'versions', id: 'versions' });
  const heading = h('h2', { id: 'h-versions', tabindex: '-1' }, 'Other versions');
  const empty = () => h('li', {}, 'There are no other versions of this package.');
  for (const version of versions) {
    const href = window.location.pathname.replace(/\/\d+$/, `/${version.id}`);
    const remove = async () => {
      if (!(await confirmDeletion(`Delete ${pkg.name} version ${version.version}? This cannot be undone.`, 'Delete version'))) return;
      if (await deleteRequest(`${projectApi()}/packages/${version.id}`, `version ${version.version}`)) {
        item.remove();
        if (!list.children.length) list.append(empty());
        heading.focus();
        announce(`Deleted ${pkg.name} version ${version.version}.`);
      }
    };
    const item = h('li', { 'data-version': version.version },
      h('span', {}, h('a', { href }, version.version), ' ', version.tags && version.tags.length ? h('span', { class: 'badge' }, version.tags.join(', ')) : null),
      h('span', { class: 'meta' }, time(version.created_at),
        mayDelete ? h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete version ${version.version}`, onclick: remove }, 'Delete') : null));
    list.append(item);
  }
  if (!versions.length) list.append(empty());
  return h('section', { 'aria-labelledby': 'h-versions' }, heading, list);
}

/** Downloads through fetch when a token signs the visitor in (a plain link would go without it). */
async function download(event, href, fileName) {
  if (!token()) return;
  event.preventDefault();
  const response = await api(href.slice(`${base}/api/v4`.length), { headers: { Accept: '*/*' } });
  if (!response.ok) {
    announce(`Could not download ${fileName}: ${await messageOf(response)}`);
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: fileName.split('/').pop() });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function filesSection(pkg, files, mayDelete) {
  const heading = h('h2', { id: 'h-files', tabindex: '-1' }, 'Files');
  const rows = files.map((file) => {
    const href = `${base}/api/v4${projectApi()}/packages/${pkg.id}/package_files/${file.id}/download`;
    const remove = async () => {
      if (!(await confirmDeletion(`Delete the file ${file.file_name} of ${pkg.name} ${pkg.version}? This cannot be undone.`, 'Delete file'))) return;
      if (await deleteRequest(`${projectApi()}/packages/${pkg.id}/package_files/${file.id}`, file.file_name)) {
        row.remove();
        heading.focus();
        announce(`Deleted the file ${file.file_name}.`);
      }
    };
    const row = h('tr', { 'data-file-id': file.id },
      h('td', {}, h('a', { href, onclick: (event) => download(event, href, file.file_name) }, file.file_name)),
      h('td', {}, size(file.size)),
      h('td', { class: 'hash' }, h('code', {}, file.file_sha256)),
      h('td', { class: 'optional' }, time(file.created_at)),
      mayDelete ? h('td', {}, h('button', { type: 'button', class: 'small danger', 'aria-label': `Delete file ${file.file_name}`, onclick: remove }, 'Delete')) : null);
    return row;
  });
  return h('section', { 'aria-labelledby': 'h-files' }, heading,
    h('div', { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'h-files' },
      h('table', {},
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Size'), h('th', { scope: 'col' }, 'SHA-256'),
          h('th', { scope: 'col', class: 'optional' }, 'Created'), mayDelete ? h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')) : null)),
        h('tbody', {}, rows))));
}

// ---- Start -----------------------------------------------------------------------------------------------------

async function start() {
  renderSession();
  if (view === 'package') {
    await loadPackage();
  } else {
    renderCrumbs(null);
    renderListFrame();
    window.addEventListener('popstate', () => { loadList(); });
    await loadList();
  }
  body.dataset.ready = 'true';
}

start().catch((error) => {
  replace(main, h('div', { class: 'notice error', role: 'alert' }, `The page could not load: ${error.message}`));
  body.dataset.ready = 'true';
});
