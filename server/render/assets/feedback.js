/* global document, window, fetch, setTimeout */
// Feedback on a published release (flow 7). Optional: the page reads fully without it.
// Served as a file (CSP script-src 'self'); it never runs anything from the content.
(function () {
  'use strict';
  var body = document.body;
  var slug = body.getAttribute('data-workspace');
  var version = body.getAttribute('data-version');
  var lang = body.getAttribute('data-lang');
  if (!slug || !version || !window.fetch) return;
  var t = function (key) { return body.getAttribute('data-fb-' + key) || key; };
  var api = '/api/public/releases/' + encodeURIComponent(slug) + '/' + encodeURIComponent(version);
  var info = null;
  var button = null;
  var form = null;
  var status = document.createElement('p');
  status.className = 'fb-status';
  status.setAttribute('role', 'status');
  body.appendChild(status);

  function say(text) {
    status.textContent = text;
    setTimeout(function () { if (status.textContent === text) status.textContent = ''; }, 6000);
  }
  function blockOf(node) {
    var el = node && (node.nodeType === 1 ? node : node.parentElement);
    while (el && el !== body) {
      if (el.id && el.id.indexOf('b-') === 0 && el.parentElement && el.parentElement.className === 'blk') return el;
      el = el.parentElement;
    }
    return null;
  }
  function removeButton() { if (button) { button.remove(); button = null; } }
  function closeForm() { if (form) { form.remove(); form = null; } }

  function openForm(block, quote, before) {
    closeForm();
    form = document.createElement('form');
    form.className = 'fb-form';
    form.setAttribute('aria-label', t('leave'));
    var q = document.createElement('blockquote');
    q.textContent = quote;
    var remarkLabel = document.createElement('label');
    remarkLabel.textContent = t('remark');
    var remark = document.createElement('textarea');
    remark.name = 'body'; remark.required = true; remark.maxLength = 2000; remark.rows = 4;
    remarkLabel.appendChild(remark);
    var nameLabel = document.createElement('label');
    nameLabel.textContent = t('name');
    var name = document.createElement('input');
    name.name = 'name'; name.required = true; name.maxLength = 120; name.autocomplete = 'name';
    if (info && info.name) name.value = info.name;
    nameLabel.appendChild(name);
    var actions = document.createElement('div');
    actions.className = 'fb-actions';
    var send = document.createElement('button');
    send.type = 'submit'; send.textContent = t('send');
    var cancel = document.createElement('button');
    cancel.type = 'button'; cancel.textContent = t('cancel');
    cancel.addEventListener('click', closeForm);
    actions.appendChild(send); actions.appendChild(cancel);
    form.appendChild(q); form.appendChild(remarkLabel); form.appendChild(nameLabel); form.appendChild(actions);
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      send.disabled = true;
      var sectionEl = block.closest('section[id^="s-"]');
      fetch(api + '/feedback', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ lang: (sectionEl && sectionEl.getAttribute('lang')) || lang, blockId: block.id.slice(2), quote: quote, context: before.slice(-4000), body: remark.value, name: name.value }),
      }).then(function (res) {
        return res.json().catch(function () { return null; }).then(function (data) {
          if (res.ok) { closeForm(); say(data && data.status === 'pending' ? t('moderated') : t('thanks')); }
          else { send.disabled = false; say(res.status === 429 ? t('limited') : t('failed')); }
        });
      }, function () { send.disabled = false; say(t('failed')); });
    });
    body.appendChild(form);
    remark.focus();
  }

  function onSelection() {
    var selection = window.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return removeButton();
    var range = selection.getRangeAt(0);
    var block = blockOf(range.startContainer);
    if (!block || block !== blockOf(range.endContainer)) return removeButton();
    var quote = selection.toString().replace(/\s+/g, ' ').trim().slice(0, 1000);
    if (!quote) return removeButton();
    // The passage's text before the selection tells the server which occurrence was meant.
    var pre = document.createRange();
    pre.selectNodeContents(block);
    pre.setEnd(range.startContainer, range.startOffset);
    var before = pre.toString();
    removeButton();
    var rect = range.getBoundingClientRect();
    button = document.createElement('button');
    button.type = 'button';
    button.className = 'fb-button';
    button.textContent = t('leave');
    button.style.top = window.scrollY + rect.bottom + 6 + 'px';
    button.style.left = window.scrollX + Math.max(rect.left, 8) + 'px';
    button.addEventListener('mousedown', function (event) { event.preventDefault(); });
    button.addEventListener('click', function () { removeButton(); openForm(block, quote, before); });
    body.appendChild(button);
  }

  fetch(api, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(function (res) { return res.ok ? res.json() : null; })
    .then(function (data) {
      info = data;
      if (!info || !info.mayLeaveFeedback) return;
      // Tells styles (and tests) that selecting a passage now offers feedback.
      body.setAttribute('data-feedback', 'on');
      document.addEventListener('mouseup', function () { setTimeout(onSelection, 0); });
      document.addEventListener('keyup', function (event) { if (event.shiftKey) onSelection(); });
    }, function () { /* reading works without feedback */ });
})();
