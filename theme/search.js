// Search for playbook's /search/ page. It reads the index that
// builder/search.go writes under /search/ (the format is described there):
// meta.json, then only the shards that can hold the words typed, then the
// records of the results shown. No libraries, no inline code: the page's
// Content-Security-Policy allows scripts from the site only.
(() => {
  'use strict';
  const form = document.querySelector('form[data-index]');
  if (!form || !window.fetch) return;
  const input = form.querySelector('input[type=search]');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const moreBox = document.querySelector('.search-more');
  const more = document.getElementById('search-more');
  const hint = document.getElementById('search-hint');
  if (!input || !status || !list) return;
  if (hint) hint.hidden = false;

  const metaURL = new URL(form.dataset.index, location.href);
  const PAGE = 10; // results shown at a time
  const DELAY = 150; // ms after the last key press before searching

  // Terms, as searchTerms in builder/search.go splits and folds them.
  const FOLD = {
    'ß': 'ss', 'æ': 'ae', 'Æ': 'ae', 'ø': 'o', 'Ø': 'o', 'œ': 'oe', 'Œ': 'oe',
    'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd', 'ð': 'd', 'Ð': 'd', 'þ': 'th', 'Þ': 'th',
    'ı': 'i',
  };
  const MAX_RUNES = 32;
  const ACCENT = /\p{Mn}/u;
  const ASCII_WORD = /[A-Za-z0-9]/;
  const WORD = /[\p{L}\p{Nd}]/u;
  const terms = (s) => {
    const out = [];
    let w = '';
    let n = 0;
    const put = (c) => { if (n < MAX_RUNES) { w += c; n++; } };
    const flush = () => { if (w) { out.push(w); w = ''; n = 0; } };
    for (const c of s.normalize('NFKD')) {
      if (ACCENT.test(c)) continue;
      if (c.codePointAt(0) < 128) {
        if (ASCII_WORD.test(c)) put(c.toLowerCase()); else flush();
      } else if (FOLD[c]) {
        for (const f of FOLD[c]) put(f);
      } else if (WORD.test(c)) {
        put(c.toLowerCase());
      } else {
        flush();
      }
    }
    flush();
    return out;
  };

  // cmp orders strings by code point, as Go sorts the terms (JavaScript's
  // < compares UTF-16 units, which differs past U+FFFF).
  const fix = (u) => (u < 0xd800 ? u : u < 0xe000 ? u + 0x2000 : u - 0x800);
  const cmp = (a, b) => {
    const n = Math.min(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const x = a.charCodeAt(i);
      const y = b.charCodeAt(i);
      if (x !== y) return fix(x) - fix(y);
    }
    return a.length - b.length;
  };
  // first returns the first index i of the sorted list with ok(list[i]).
  const first = (arr, ok) => {
    let lo = 0;
    let hi = arr.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ok(arr[mid])) hi = mid; else lo = mid + 1;
    }
    return lo;
  };

  // Fetching: meta.json is asked for afresh, every other file with the
  // build id, so that the files of one query come from one build.
  let metaP = null;
  const files = new Map();
  const getJSON = (url, opts) => fetch(url, opts).then((r) => {
    if (!r.ok) throw new Error(`${r.status} for ${url.pathname}`);
    return r.json();
  });
  const meta = () => {
    if (!metaP) {
      metaP = getJSON(metaURL, { cache: 'no-cache' });
      metaP.catch(() => { metaP = null; });
    }
    return metaP;
  };
  const file = (m, name) => {
    let p = files.get(name);
    if (!p) {
      const u = new URL(name, metaURL);
      u.searchParams.set('v', m.build);
      p = getJSON(u);
      p.catch(() => files.delete(name));
      files.set(name, p);
    }
    return p;
  };

  // shardsFor lists the shards that can hold terms starting with w: the one
  // whose range holds w, and the next ones while they start with w, up to
  // meta's prefix_shards.
  const shardsFor = (m, w) => {
    const i = Math.max(first(m.shards, (s) => cmp(s, w) > 0) - 1, 0);
    const out = [i];
    for (let j = i + 1; j < m.shards.length && out.length < m.prefix_shards && m.shards[j].startsWith(w); j++) out.push(j);
    return out;
  };

  // scores gives each document that has a term starting with w its best
  // score: the weight of the tier where the term occurs, halved for a
  // longer term than w.
  const scores = (m, shards, w) => {
    const out = new Map();
    for (const sh of shards) {
      for (let k = first(sh.terms, (t) => cmp(t, w) >= 0); k < sh.terms.length && sh.terms[k].startsWith(w); k++) {
        const f = sh.terms[k] === w ? 1 : 0.5;
        let id = 0;
        for (const v of sh.postings[k]) {
          id += Math.floor(v / 4);
          const s = m.weights[v % 4] * f;
          if (!(out.get(id) >= s)) out.set(id, s);
        }
      }
    }
    return out;
  };

  // search returns the ids of the documents that match every word, best
  // first.
  const search = async (words) => {
    const m = await meta();
    const lists = words.map((w) => shardsFor(m, w));
    const shards = new Map();
    await Promise.all([...new Set(lists.flat())].map(async (i) => {
      shards.set(i, await file(m, `shard-${i}.json`));
    }));
    let total = null;
    words.forEach((w, k) => {
      const s = scores(m, lists[k].map((i) => shards.get(i)), w);
      if (!total) { total = s; return; }
      for (const [id, v] of total) {
        if (s.has(id)) total.set(id, v + s.get(id)); else total.delete(id);
      }
    });
    const ids = [...total.keys()];
    ids.sort((a, b) => total.get(b) - total.get(a) || a - b);
    return { m, ids };
  };

  // Showing results.
  const LABELS = { it: 'IT', 'it-led': 'IT-led' };
  const label = (s) => LABELS[s] || (s ? s[0].toUpperCase() + s.slice(1) : '');
  const RUN = /[\p{L}\p{M}\p{Nd}]+/gu;
  // highlight puts text into el, with the words that start with a query
  // word marked.
  const hit = (text, words) => terms(text).some((t) => words.some((w) => t.startsWith(w)));
  const highlight = (el, text, words) => {
    let last = 0;
    for (const r of text.matchAll(RUN)) {
      if (hit(r[0], words)) {
        const mark = document.createElement('mark');
        mark.textContent = r[0];
        el.append(text.slice(last, r.index), mark);
        last = r.index + r[0].length;
      }
    }
    el.append(text.slice(last));
  };
  const el = (tag, cls) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    return e;
  };
  const item = (doc, words) => {
    const li = el('li', 'search-result');
    const title = el('p', 'search-title');
    const a = el('a');
    if (/^(\/|https?:)/.test(doc.url)) a.href = doc.url;
    highlight(a, doc.title || doc.url, words);
    title.append(a);
    const info = el('p', 'search-kind');
    info.textContent = [label(doc.kind), label(doc.status), label(doc.approach)].filter(Boolean).join(' · ');
    li.append(title, info);
    // The goals, roles, KPIs and tags that matched, "KPI: Uptime", to show
    // why a brief is a result.
    const facts = (doc.facts || []).map((f) => {
      const i = f.indexOf(': ') + 2;
      return [f.slice(0, i), f.slice(i)];
    }).filter(([, text]) => hit(text, words)).slice(0, 3);
    if (facts.length) {
      const ul = el('ul', 'search-facts');
      for (const [name, text] of facts) {
        const fact = el('li');
        fact.append(name);
        highlight(fact, text, words);
        ul.append(fact);
      }
      li.append(ul);
    }
    if (doc.summary) {
      const p = el('p', 'search-snippet');
      highlight(p, doc.summary, words);
      li.append(p);
    }
    return li;
  };

  let seq = 0; // the number of the latest search; older ones are dropped
  let shown = null; // {q, words, m, ids, count}: what the list shows
  let pending = null; // {q, done}: the latest search, for Enter

  const setStatus = (text) => { status.textContent = text; };
  const quote = (q) => `“${q.trim()}”`;
  const report = () => {
    const n = shown.ids.length;
    let s = n === 0 ? `No results for ${quote(shown.q)}.` : `${n} result${n === 1 ? '' : 's'} for ${quote(shown.q)}`;
    if (n > shown.count) s += `, showing the first ${shown.count}`;
    if (n > 0) s += '.';
    setStatus(s);
  };

  // showMore adds the next PAGE results to the list and returns the first
  // link added.
  const showMore = async (mine) => {
    const { m, ids, words } = shown;
    const next = ids.slice(shown.count, shown.count + PAGE);
    const chunks = await Promise.all(next.map((id) => file(m, `docs-${Math.floor(id / m.docs_per_file)}.json`)));
    if (mine !== seq) return null;
    const items = next.map((id, k) => item(chunks[k][id % m.docs_per_file], words));
    list.append(...items);
    shown.count += next.length;
    list.hidden = shown.count === 0;
    if (moreBox) moreBox.hidden = shown.count >= ids.length;
    report();
    return items.length ? items[0].querySelector('a') : null;
  };

  const setURL = (q) => {
    const u = new URL(location.href);
    if (q.trim()) u.searchParams.set('q', q); else u.searchParams.delete('q');
    if (u.href !== location.href) history.replaceState(history.state, '', u);
  };

  const run = (q) => {
    const mine = ++seq;
    setURL(q);
    const words = terms(q);
    const done = (async () => {
      if (!words.length) {
        shown = null;
        list.textContent = '';
        list.hidden = true;
        if (moreBox) moreBox.hidden = true;
        setStatus('');
        return;
      }
      try {
        const { m, ids } = await search(words);
        if (mine !== seq) return;
        shown = { q, words, m, ids, count: 0 };
        list.textContent = '';
        if (!ids.length) {
          list.hidden = true;
          if (moreBox) moreBox.hidden = true;
          report();
          return;
        }
        await showMore(mine);
      } catch (err) {
        if (mine !== seq) return;
        shown = null;
        list.textContent = '';
        list.hidden = true;
        if (moreBox) moreBox.hidden = true;
        setStatus(`Search is not available right now: its index could not be loaded (${err.message}). Browse the briefs from the home page instead.`);
      }
    })();
    pending = { q, done };
    return done;
  };

  let timer = 0;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => run(input.value), DELAY);
  });

  // Enter goes to the first result.
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearTimeout(timer);
    const q = input.value;
    await (pending && pending.q === q ? pending.done : run(q));
    const a = shown && shown.q === q ? list.querySelector('a[href]') : null;
    if (a) location.assign(a.href);
  });

  // The down arrow moves from the box into the results, the arrows move
  // between them, and Escape goes back to the box.
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown') return;
    const a = list.querySelector('a');
    if (a) { e.preventDefault(); a.focus(); }
  });
  list.addEventListener('keydown', (e) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp' && e.key !== 'Escape') return;
    const links = [...list.querySelectorAll('a')];
    const i = links.indexOf(document.activeElement);
    if (i < 0) return;
    e.preventDefault();
    const j = e.key === 'Escape' ? -1 : e.key === 'ArrowDown' ? i + 1 : i - 1;
    if (j < 0) input.focus();
    else if (j < links.length) links[j].focus();
    else if (moreBox && !moreBox.hidden && more) more.focus();
  });
  if (more) {
    more.addEventListener('click', async () => {
      if (!shown) return;
      const a = await showMore(seq);
      if (a) a.focus();
    });
  }

  const q = new URLSearchParams(location.search).get('q');
  if (q) {
    input.value = q;
    run(q);
  } else {
    input.focus();
  }
})();
