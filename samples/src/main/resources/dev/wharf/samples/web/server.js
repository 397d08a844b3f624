'use strict';
// The server page: one JSON snapshot of the container's meters per second (see StatsJson), drawn as small charts.
(() => {
  const $ = id => document.getElementById(id);
  const KEEP = 60; // samples on a chart: the last minute
  const series = {open: [], in: [], out: [], queue: []};
  let previous = null;
  let count = 0;

  function push(list, value) {
    list.push(value);
    if (list.length > KEEP) list.shift();
  }

  function lines(id, lists, colours) {
    const canvas = $(id);
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const hi = Math.max(1, ...lists.flat());
    const step = canvas.width / (KEEP - 1);
    lists.forEach((list, n) => {
      g.strokeStyle = colours[n];
      g.lineWidth = 2;
      g.beginPath();
      list.forEach((v, i) => {
        const x = (KEEP - list.length + i) * step;
        const y = canvas.height - 2 - v / hi * (canvas.height - 4);
        i === 0 ? g.moveTo(x, y) : g.lineTo(x, y);
      });
      g.stroke();
    });
  }

  function bars(id, counts) {
    const canvas = $(id);
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const codes = Object.keys(counts);
    if (codes.length === 0) return;
    const hi = Math.max(...Object.values(counts));
    const width = canvas.width / codes.length;
    g.font = '11px sans-serif';
    codes.forEach((code, i) => {
      const h = counts[code] / hi * (canvas.height - 28);
      g.fillStyle = '#0b6bcb';
      g.fillRect(i * width + 4, canvas.height - 14 - h, width - 8, h);
      g.fillStyle = '#333';
      g.fillText(code, i * width + 4, canvas.height - 2);
      g.fillText(String(counts[code]), i * width + 4, canvas.height - 18 - h);
    });
  }

  function endpoints(list) {
    const body = $('endpoints').tBodies[0];
    body.replaceChildren(...list.map(e => {
      const row = document.createElement('tr');
      row.dataset.path = e.path;
      const rtt = e.pings ? e.rttP50Ms + ' / ' + e.rttP99Ms : '–';
      [e.path, e.open, e.messagesIn, e.messagesOut, rtt].forEach(v => {
        const cell = document.createElement('td');
        cell.textContent = v;
        row.appendChild(cell);
      });
      return row;
    }));
  }

  function show(s) {
    const seconds = previous ? Math.max(0.001, (s.time - previous.time) / 1000) : 1;
    const rateIn = previous ? (s.messagesIn - previous.messagesIn) / seconds : 0;
    const rateOut = previous ? (s.messagesOut - previous.messagesOut) / seconds : 0;
    previous = s;
    push(series.open, s.open);
    push(series.in, rateIn);
    push(series.out, rateOut);
    push(series.queue, s.queueBytes);
    $('open').textContent = s.open;
    $('rate-in').textContent = rateIn.toFixed(1);
    $('rate-out').textContent = rateOut.toFixed(1);
    $('queue').textContent = s.queueBytes;
    $('queue-max').textContent = s.queueBytesMax;
    $('handshakes').textContent = s.handshakes;
    $('refused').textContent = s.refused;
    $('behind').textContent = s.behind;
    $('threads').textContent = s.threads;
    $('samples').textContent = ++count;
    lines('connections', [series.open], ['#0b6bcb']);
    lines('messages', [series.in, series.out], ['#0b6bcb', '#d9822b']);
    lines('queued', [series.queue], ['#b3261e']);
    bars('closes', s.closes);
    endpoints(s.endpoints);
  }

  const socket = new WebSocket(wsUrl('server-stats'));
  socket.onopen = () => showStatus($('status'), 'open', 'live');
  socket.onclose = event => showStatus($('status'), 'closed', closeText(event));
  socket.onmessage = event => show(JSON.parse(event.data));
})();
