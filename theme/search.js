// Search for playbook's pages: the box in the header of every page, whose
// results open under it as you type, and the /search/ page. It reads the
// index that the builder writes under /search/ (the format is described in
// package builder/search): meta.json, then only the shards that can hold
// the words typed, then the records of the results shown; nothing is
// fetched before the first key press. Press / anywhere to search. No
// libraries, no inline code: the page's Content-Security-Policy allows
// scripts from the site only.
(() => {
  'use strict';
  const forms = [...document.querySelectorAll('form[data-index]')];
  if (!forms.length || !window.fetch) return;
  const metaURL = new URL(forms[0].dataset.index, location.href);
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

  // suggest returns up to three terms of the index near w, for a word that
  // matched nothing: those sharing the longest start with it (a typo after
  // the first letters), at least two letters.
  const suggest = async (w) => {
    const m = await meta();
    const sh = await file(m, `shard-${shardsFor(m, w)[0]}.json`);
    const k = first(sh.terms, (t) => cmp(t, w) >= 0);
    const common = (t) => {
      let i = 0;
      while (i < t.length && i < w.length && t[i] === w[i]) i++;
      return i;
    };
    const near = sh.terms.slice(Math.max(k - 4, 0), k + 4)
      .map((t) => [t, common(t)])
      .filter(([t, n]) => n >= 2 && t !== w)
      .sort((a, b) => b[1] - a[1] || sh.postings[sh.terms.indexOf(b[0])].length - sh.postings[sh.terms.indexOf(a[0])].length);
    return near.slice(0, 3).map(([t]) => t);
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
  // item is one result: its title, kind and state, the goals, roles, KPIs
  // and tags that matched ("KPI: Uptime", to show why a brief is a
  // result), and its summary; facts at most maxFacts.
  const item = (doc, words, maxFacts) => {
    const li = el('li', 'search-result');
    const title = el('p', 'search-title');
    const a = el('a');
    if (/^(\/|https?:)/.test(doc.url)) a.href = doc.url;
    highlight(a, doc.title || doc.url, words);
    title.append(a);
    const info = el('p', 'search-kind');
    info.textContent = [label(doc.kind), label(doc.status), label(doc.approach)].filter(Boolean).join(' · ');
    li.append(title, info);
    const facts = (doc.facts || []).map((f) => {
      const i = f.indexOf(': ') + 2;
      return [f.slice(0, i), f.slice(i)];
    }).filter(([, text]) => hit(text, words)).slice(0, maxFacts);
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
    // A page found by its text alone says so, with the words it holds.
    if (!hit(doc.title || '', words) && !facts.length && !hit(doc.summary || '', words)) {
      const p = el('p', 'search-why');
      p.append(`The ${doc.kind === 'brief' ? 'brief' : 'page'}’s text mentions `);
      words.forEach((w, i) => {
        if (i) p.append(i === words.length - 1 ? ' and ' : ', ');
        const mark = document.createElement('mark');
        mark.textContent = w;
        p.append(mark);
      });
      p.append('.');
      li.append(p);
    }
    return li;
  };
  const quote = (q) => `“${q.trim()}”`;

  // attach makes form a search box. On the /search/ page (no .search-pop
  // in the form) results fill the page, ten at a time, and the query is
  // kept in the URL; in the header they open under the box, five of them
  // and a link to all.
  const attach = (form) => {
    const input = form.querySelector('input[type=search]');
    const pop = form.querySelector('.search-pop');
    const status = pop ? pop.querySelector('.search-status') : document.getElementById('search-status');
    const list = pop ? pop.querySelector('.search-results') : document.getElementById('search-results');
    const moreBox = pop ? null : document.querySelector('.search-more');
    const more = pop ? null : document.getElementById('search-more');
    const all = pop ? pop.querySelector('.search-all a') : null;
    const hint = document.getElementById('search-hint');
    if (!input || !status || !list) return null;
    if (hint && !pop) hint.hidden = false;
    const PAGE = pop ? 5 : 10; // results shown at a time
    const FACTS = pop ? 1 : 3;

    let seq = 0; // the number of the latest search; older ones are dropped
    let shown = null; // {q, words, m, ids, count}: what the list shows
    let pending = null; // {q, done}: the latest search, for Enter

    const open = (yes) => {
      if (!pop) return;
      pop.hidden = !yes;
    };
    const setStatus = (text) => { status.textContent = text; };
    const clear = () => {
      list.textContent = '';
      list.hidden = true;
      if (moreBox) moreBox.hidden = true;
    };
    const report = () => {
      const n = shown.ids.length;
      let s = `${n} result${n === 1 ? '' : 's'} for ${quote(shown.q)}`;
      if (n > shown.count) s += pop ? `, the first ${shown.count} shown` : `, showing the first ${shown.count}`;
      setStatus(`${s}.`);
    };

    // noResults says so, and offers what may work instead: each word
    // alone when there are several, close terms of the index for a word
    // that matches nothing. A suggestion runs that search.
    const noResults = async (q, words, mine) => {
      const p = el('span');
      p.append(`No results for ${quote(q)}.`);
      const tries = [];
      if (words.length > 1) {
        for (const w of words) {
          const { ids } = await search([w]);
          if (ids.length) tries.push(w);
        }
      }
      if (!tries.length) {
        for (const w of words) {
          for (const t of await suggest(w)) {
            tries.push(words.map((x) => (x === w ? t : x)).join(' '));
          }
        }
      }
      if (mine !== seq) return;
      if (tries.length) {
        p.append(words.length > 1 && tries.every((t) => words.includes(t)) ? ' No page has every one of these words. Try ' : ' Try ');
        tries.slice(0, 3).forEach((t, i) => {
          const b = el('button', 'search-try');
          b.type = 'button';
          b.textContent = t;
          b.addEventListener('click', () => { input.value = t; input.focus(); run(t); });
          if (i) p.append(i === Math.min(tries.length, 3) - 1 ? ' or ' : ', ');
          p.append(b);
        });
        p.append('.');
      } else {
        p.append(' Check the spelling, or use fewer words.');
      }
      status.textContent = '';
      status.append(p);
    };

    // showMore adds the next PAGE results to the list and returns the
    // first link added.
    const showMore = async (mine) => {
      const { m, ids, words } = shown;
      const next = ids.slice(shown.count, shown.count + PAGE);
      const chunks = await Promise.all(next.map((id) => file(m, `docs-${Math.floor(id / m.docs_per_file)}.json`)));
      if (mine !== seq) return null;
      const items = next.map((id, k) => item(chunks[k][id % m.docs_per_file], words, FACTS));
      list.append(...items);
      shown.count += next.length;
      list.hidden = shown.count === 0;
      if (moreBox) moreBox.hidden = shown.count >= ids.length;
      report();
      return items.length ? items[0].querySelector('a') : null;
    };

    const setURL = (q) => {
      if (pop) {
        if (all) all.href = `${form.action}${q.trim() ? `?q=${encodeURIComponent(q)}` : ''}`;
        return;
      }
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
          clear();
          setStatus('');
          open(false);
          return;
        }
        try {
          const { m, ids } = await search(words);
          if (mine !== seq) return;
          shown = { q, words, m, ids, count: 0 };
          list.textContent = '';
          open(true);
          if (!ids.length) {
            clear();
            await noResults(q, words, mine);
            return;
          }
          await showMore(mine);
        } catch (err) {
          if (mine !== seq) return;
          shown = null;
          clear();
          open(true);
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
    // between them, and Escape goes back to the box (and, in the header,
    // then closes the results).
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && pop && !pop.hidden) {
        e.preventDefault();
        open(false);
        return;
      }
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
      else if (all) all.focus();
    });
    if (more) {
      more.addEventListener('click', async () => {
        if (!shown) return;
        const a = await showMore(seq);
        if (a) a.focus();
      });
    }
    if (pop) {
      // The results close when the focus leaves the box and them, and open
      // again when it comes back to a box that holds a query.
      form.addEventListener('focusout', (e) => {
        if (!form.contains(e.relatedTarget)) open(false);
      });
      input.addEventListener('focus', () => { if (shown && input.value === shown.q) open(true); });
    }
    return { form, input, pop, run };
  };

  const boxes = forms.map(attach).filter(Boolean);
  // The page's own box, on /search/, or the header's.
  const main = boxes.find((b) => !b.pop) || boxes[0];
  if (!main) return;

  // / focuses the search box from anywhere but a field being typed in.
  document.addEventListener('keydown', (e) => {
    if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    const t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    const box = boxes.find((b) => b.input.offsetParent !== null);
    if (box) {
      e.preventDefault();
      box.input.focus();
      box.input.select();
    } else {
      location.assign(main.form.action);
    }
  });

  if (!main.pop) {
    const q = new URLSearchParams(location.search).get('q');
    if (q) {
      main.input.value = q;
      main.run(q);
    } else {
      main.input.focus();
    }
  }
})();
