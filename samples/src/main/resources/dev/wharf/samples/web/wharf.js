// Helpers shared by the sample pages.
'use strict';

// ws:// (or wss://) URL of an endpoint, relative to this page, so the pages work at / and under a WAR's context path.
function wsUrl(path) {
  const url = new URL(path, location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

// Appends a line to a <ul class="log">; kind is sent, received or notice.
function logLine(list, kind, text) {
  const item = document.createElement('li');
  item.className = kind;
  item.textContent = text;
  list.appendChild(item);
  list.scrollTop = list.scrollHeight;
  return item;
}

// Shows a socket's state in an element with class "status".
function showStatus(element, state, text) {
  element.className = 'status ' + state;
  element.textContent = text;
}

function closeText(event) {
  return 'closed: ' + event.code + (event.reason ? ' ' + event.reason : '');
}
