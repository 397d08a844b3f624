'use strict';
// The chat page: one plain-text WebSocket client of /chat/{room}?name=..., like any other.
(() => {
  const $ = id => document.getElementById(id);
  const log = $('log');
  const status = $('status');
  let socket = null;

  function connected(on) {
    $('join').disabled = on;
    $('room').disabled = on;
    $('name').disabled = on;
    $('leave').disabled = !on;
    $('text').disabled = !on;
    $('say').disabled = !on;
  }

  function showMembers(line) {
    const list = $('members');
    list.replaceChildren();
    for (const name of line.substring('* members: '.length).split(', ').filter(n => n)) {
      const item = document.createElement('li');
      item.textContent = name;
      list.appendChild(item);
    }
  }

  $('join-form').onsubmit = event => {
    event.preventDefault();
    const room = $('room').value.trim();
    const name = $('name').value.trim();
    socket = new WebSocket(wsUrl('chat/' + encodeURIComponent(room) + '?name=' + encodeURIComponent(name)));
    showStatus(status, '', 'connecting…');
    socket.onopen = () => {
      showStatus(status, 'open', 'in room ' + room + ' as ' + name);
      connected(true);
      $('text').focus();
    };
    socket.onmessage = event => {
      const line = event.data;
      if (line.startsWith('* members: ')) {
        showMembers(line);
      } else {
        logLine(log, line.startsWith('* ') ? 'notice' : 'received', line);
      }
    };
    socket.onclose = event => {
      showStatus(status, 'closed', closeText(event));
      $('members').replaceChildren();
      connected(false);
    };
  };

  $('leave').onclick = () => socket && socket.close(1000, 'left');

  $('say-form').onsubmit = event => {
    event.preventDefault();
    const text = $('text');
    if (text.value && socket && socket.readyState === WebSocket.OPEN) {
      socket.send(text.value);   // the room echoes it back to us as "name: text"
      text.value = '';
    }
  };
})();
