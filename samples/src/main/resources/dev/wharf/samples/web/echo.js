'use strict';
// The echo page: shows each message sent and each one received, text or binary.
(() => {
  const log = document.getElementById('log');
  const input = document.getElementById('message');
  const status = document.getElementById('status');
  const buttons = [document.getElementById('send'), document.getElementById('send-binary')];
  const socket = new WebSocket(wsUrl('echo'));
  socket.binaryType = 'arraybuffer';

  const hex = bytes => Array.from(bytes, b => b.toString(16).padStart(2, '0')).join(' ');

  socket.onopen = () => {
    showStatus(status, 'open', 'connected');
    buttons.forEach(b => b.disabled = false);
  };
  socket.onclose = event => {
    showStatus(status, 'closed', closeText(event));
    buttons.forEach(b => b.disabled = true);
  };
  socket.onmessage = event => {
    if (typeof event.data === 'string') {
      logLine(log, 'received', '← text: ' + event.data);
    } else {
      const bytes = new Uint8Array(event.data);
      logLine(log, 'received', '← binary ' + bytes.length + ' bytes: ' + hex(bytes)
          + ' ("' + new TextDecoder().decode(bytes) + '")');
    }
  };

  document.getElementById('form').onsubmit = event => {
    event.preventDefault();
    socket.send(input.value);
    logLine(log, 'sent', '→ text: ' + input.value);
  };
  document.getElementById('send-binary').onclick = () => {
    const bytes = new TextEncoder().encode(input.value);
    socket.send(bytes);
    logLine(log, 'sent', '→ binary ' + bytes.length + ' bytes: ' + hex(bytes));
  };
})();
