// The page: a hash router over three views. #/ studies, #/studies/{id} one study,
// #/compare?studies=a,b&baseline=a a comparison.
import {renderStudies} from './studies.js';
import {renderStudy} from './study.js';
import {renderCompare} from './compare.js';
import {setToken, takeTokenFromUrl, token, UNAUTHORIZED} from './api.js';
import {problemBox, setLive, showNeedsToken, ViewContext} from './view.js';
import {fill, h} from './dom.js';

const root = document.getElementById('view');
let current = null;
let first = true;

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return {parts: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(query)};
}

function route() {
  // A /#token=... link opened in a tab that shows the page already arrives here, not as a load.
  if (takeTokenFromUrl()) {
    showTokenState();
  }
  if (current) {
    current.dispose();
  }
  current = new ViewContext();
  setLive('off', '');
  const {parts, query} = parseHash();
  root.replaceChildren();
  let section = 'studies';
  if (parts.length === 0 || (parts[0] === 'studies' && parts.length === 1)) {
    renderStudies(root, current);
  } else if (parts[0] === 'studies' && parts.length === 2) {
    renderStudy(root, current, parts[1]);
  } else if (parts[0] === 'compare') {
    section = 'compare';
    renderCompare(root, current, query);
  } else {
    fill(root, problemBox('No such page', `#${parts.join('/')} is not a page of milotune.`,
      h('span', null, 'Go to the ', h('a', {href: '#/'}, 'list of studies'), '.')));
  }
  document.querySelectorAll('[data-nav]').forEach(a => {
    if (a.dataset.nav === section) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  });
  // Keyboard and screen-reader users land at the top of the new view, as after a page load.
  if (!first) {
    root.focus({preventScroll: false});
  }
  first = false;
}

// The token box in the header: a token pasted there replaces this tab's and the view loads again.
const tokenForm = document.getElementById('token-form');
const tokenInput = document.getElementById('token-input');

function showTokenState() {
  tokenInput.placeholder = token() ? 'API token set for this tab' : 'API token';
}

tokenForm.addEventListener('submit', e => {
  e.preventDefault();
  setToken(tokenInput.value);
  tokenInput.value = '';
  showTokenState();
  const banner = document.getElementById('banner');
  banner.hidden = true;
  banner.replaceChildren();
  route();
});
window.addEventListener(UNAUTHORIZED, showNeedsToken);

window.addEventListener('hashchange', route);
showTokenState();
route();
