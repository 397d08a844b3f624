'use strict';
// The feed page: parses "tick=N time=T subscribers=S price=P" lines and draws the price.
(() => {
  const $ = id => document.getElementById(id);
  const prices = [];
  const socket = new WebSocket(wsUrl('feed'));

  function draw() {
    const canvas = $('chart');
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    if (prices.length < 2) return;
    const lo = Math.min(...prices) - 0.5;
    const hi = Math.max(...prices) + 0.5;
    const step = canvas.width / (prices.length - 1);
    g.strokeStyle = '#0b6bcb';
    g.lineWidth = 2;
    g.beginPath();
    prices.forEach((p, i) => {
      const y = canvas.height - (p - lo) / (hi - lo) * canvas.height;
      i === 0 ? g.moveTo(0, y) : g.lineTo(i * step, y);
    });
    g.stroke();
  }

  socket.onopen = () => showStatus($('status'), 'open', 'subscribed');
  socket.onclose = event => showStatus($('status'), 'closed', closeText(event));
  socket.onmessage = event => {
    const fields = Object.fromEntries(event.data.split(' ').map(pair => pair.split('=')));
    $('time').textContent = fields.time;
    $('price').textContent = fields.price;
    $('tick').textContent = fields.tick;
    $('subscribers').textContent = fields.subscribers;
    prices.push(parseFloat(fields.price));
    if (prices.length > 120) prices.shift();
    draw();
    const log = $('log');
    logLine(log, 'received', event.data);
    while (log.children.length > 50) log.firstChild.remove();
  };
})();
