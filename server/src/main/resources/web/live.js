// The first look at a running server: polls the API every two seconds with the token from the URL fragment
// (#token=...) or the login form, kept in this tab's sessionStorage only.
(function () {
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) { sessionStorage.setItem('anpr.token', fromHash); history.replaceState(null, '', location.pathname); }
  const status = document.getElementById('status');
  const form = document.getElementById('login');
  form.addEventListener('submit', e => {
    e.preventDefault();
    sessionStorage.setItem('anpr.token', document.getElementById('token').value.trim());
    refresh();
  });

  async function api(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + (sessionStorage.getItem('anpr.token') || '') } });
    if (res.status === 401) { form.hidden = false; throw new Error('log in with a token'); }
    if (!res.ok) throw new Error((await res.json()).reason || res.statusText);
    return res.json();
  }

  function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; }

  async function refresh() {
    try {
      const since = new Date(Date.now() - 3600e3).toISOString();
      const [reads, stats, cameras] = await Promise.all([
        api('/api/v1/passages?limit=25&from=' + encodeURIComponent(since)),
        api('/api/v1/passages/stats'),
        api('/api/v1/cameras')]);
      form.hidden = true;
      const body = document.querySelector('#reads tbody');
      body.replaceChildren();
      for (const p of reads.passages) {
        const row = body.insertRow();
        cell(row, new Date(p.time).toLocaleTimeString());
        cell(row, p.camera);
        cell(row, p.plate, 'plate');
        cell(row, p.country || '?');
        cell(row, (p.confidence * 100).toFixed(0) + '%');
      }
      const counts = Object.fromEntries(stats.cameras.map(c => [c.camera, c]));
      const cams = document.querySelector('#cameras tbody');
      cams.replaceChildren();
      for (const c of cameras) {
        const row = cams.insertRow();
        cell(row, c.id);
        cell(row, c.name);
        cell(row, counts[c.id] ? counts[c.id].reads : 0);
        cell(row, c.lastReadAt ? new Date(c.lastReadAt).toLocaleTimeString() : '—');
      }
      status.textContent = 'updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      status.textContent = e.message;
    }
  }
  refresh();
  setInterval(refresh, 2000);
})();
