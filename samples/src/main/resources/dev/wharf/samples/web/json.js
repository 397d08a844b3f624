'use strict';
// The JSON page: sends notes as JSON text and shows the server's notes.
(() => {
  const $ = id => document.getElementById(id);
  const log = $('log');
  const socket = new WebSocket(wsUrl('json'));

  function send(text) {
    socket.send(text);
    logLine(log, 'sent', '→ ' + text);
  }

  socket.onopen = () => showStatus($('status'), 'open', 'connected');
  socket.onclose = event => showStatus($('status'), 'closed', closeText(event));
  socket.onmessage = event => logLine(log, 'received', '← ' + event.data);
  $('form').onsubmit = event => {
    event.preventDefault();
    send(JSON.stringify({type: $('type').value, text: $('text').value}));
  };
  $('send-raw').onclick = () => send('{"type": "echo", "text": ');
})();
