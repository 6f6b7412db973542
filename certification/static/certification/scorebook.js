/* The scorebook on a tablet with a weak connection.
 *
 * Every change is kept on the device (localStorage) the moment it is typed, then sent,
 * one criterion at a time, to the save address; each save names the revision it started
 * from, so a stale one is refused (409) instead of overwriting a newer entry. What could
 * not be sent is sent again on the "online" event and on a timer that backs off (1 s,
 * 2 s, 4 s … at most a minute). Reloading the page, even after the tablet slept, puts the
 * unsent changes back into the fields and sends them. Without this script the page is a
 * plain form with a Save button.
 */
(function () {
  "use strict";
  var form = document.getElementById("scorebook");
  if (!form || !window.fetch || !window.FormData) return;
  var url = form.dataset.saveUrl;
  var key = "saduak:scorebook:" + form.dataset.key;
  var book = form.dataset.book;
  var msg = {
    pending: form.dataset.msgPending,
    saving: form.dataset.msgSaving,
    offline: form.dataset.msgOffline,
    refused: form.dataset.msgRefused,
    keep: form.dataset.msgKeep,
    discard: form.dataset.msgDiscard,
    banner: form.dataset.msgBanner
  };
  var tokenInput = form.querySelector("input[name=csrfmiddlewaretoken]");
  var token = tokenInput ? tokenInput.value : "";
  var banner = document.getElementById("book-banner");
  var pending = load();
  var busy = false;
  var timer = null;
  var backoff = 1000;
  var stalled = false; /* the last send failed for want of a network */

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "{}") || {};
    } catch (e) {
      return {};
    }
  }

  function store() {
    try {
      if (Object.keys(pending).length) {
        window.localStorage.setItem(key, JSON.stringify(pending));
      } else {
        window.localStorage.removeItem(key);
      }
    } catch (e) {
      /* storage full or refused: the change is still in memory and on the screen */
    }
    showBanner();
  }

  function box(id) {
    return form.querySelector('[data-criterion="' + id + '"]');
  }

  function revisionInput(id) {
    return form.querySelector('input[name="c' + id + '-revision"]');
  }

  function setState(id, state, text) {
    var fieldset = box(id);
    if (!fieldset) return;
    var el = fieldset.querySelector("[data-save-state]");
    el.dataset.state = state;
    el.textContent = text;
    return el;
  }

  function showBanner() {
    if (!banner) return;
    var ids = Object.keys(pending);
    /* Shown only while changes wait for the network, and laid over the page (fixed):
       appearing must not move the field under the assessor's finger. */
    if (!ids.length || (navigator.onLine && !stalled)) {
      banner.hidden = true;
      banner.textContent = "";
      return;
    }
    var codes = ids.map(function (id) {
      var fieldset = box(id);
      var legend = fieldset && fieldset.querySelector("legend");
      return legend ? legend.firstChild.textContent.trim() : id;
    });
    banner.hidden = false;
    banner.textContent = msg.banner + " " + codes.join(", ") +
      (navigator.onLine ? "" : " · " + msg.offline);
  }

  function changed(event) {
    var input = event.target;
    var field = input.dataset && input.dataset.field;
    if (!field) return;
    if (input.type === "radio" && !input.checked) return;
    var fieldset = input.closest("[data-criterion]");
    var id = fieldset.dataset.criterion;
    var entry = pending[id];
    if (!entry) {
      entry = pending[id] = { rev: revisionInput(id).value, fields: {} };
    }
    if (entry.fields[field] === input.value && event.type === "change") {
      schedule(0);
      return;
    }
    entry.fields[field] = input.value;
    delete entry.paused;
    store();
    setState(id, "unsaved", navigator.onLine ? msg.pending : msg.offline);
    schedule(event.type === "change" ? 0 : 800);
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    timer = window.setTimeout(flush, delay);
  }

  function flush() {
    if (busy) return;
    var ids = Object.keys(pending).filter(function (id) {
      return !pending[id].paused;
    });
    if (!ids.length) return;
    send(ids[0]);
  }

  function waitForNetwork() {
    stalled = true;
    Object.keys(pending).forEach(function (id) {
      if (!pending[id].paused) setState(id, "unsaved", msg.offline);
    });
    showBanner();
    schedule(backoff);
    backoff = Math.min(backoff * 2, 60000);
  }

  function send(id) {
    var entry = pending[id];
    var sent = JSON.stringify(entry.fields);
    var body = new FormData();
    body.append("csrfmiddlewaretoken", token);
    body.append("criterion", id);
    body.append("revision", entry.rev);
    body.append("book", book);
    Object.keys(entry.fields).forEach(function (name) {
      body.append(name, entry.fields[name]);
    });
    busy = true;
    setState(id, "saving", msg.saving);
    fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token }
    })
      .then(function (response) {
        return response.json().catch(function () {
          return {};
        }).then(function (data) {
          return { status: response.status, data: data };
        });
      })
      .then(function (answer) {
        busy = false;
        handle(id, sent, answer.status, answer.data);
      })
      .catch(function () {
        busy = false;
        waitForNetwork();
      });
  }

  function handle(id, sent, status, data) {
    var entry = pending[id];
    if (status === 200 && typeof data.revision !== "number") {
      /* Not the save address's answer: the session ended and the sign-in page came
         back instead. Keep the change on the device; it is sent after signing in. */
      status = 401;
    }
    if (status === 200) {
      backoff = 1000;
      stalled = false;
      revisionInput(id).value = data.revision;
      var progress = document.getElementById("book-progress");
      if (progress && data.progress) progress.textContent = data.progress;
      if (entry && JSON.stringify(entry.fields) === sent) {
        delete pending[id];
        setState(id, "saved", data.status);
      } else if (entry) {
        entry.rev = String(data.revision); /* typed more meanwhile: send that too */
      }
      store();
      schedule(0);
    } else if (status === 409) {
      entry.paused = true;
      entry.conflictRev = String(data.revision);
      store();
      var el = setState(id, "conflict", data.message);
      offer(el, msg.keep, function () {
        entry.rev = entry.conflictRev;
        delete entry.paused;
        store();
        schedule(0);
      });
      offer(el, msg.discard, function () {
        delete pending[id];
        store();
        window.location.reload();
      });
      schedule(0);
    } else if (status === 422) {
      /* A value refused (out of range …) is dropped from the queue, still on screen;
         a refusal that names no field sent (a closed book) drops the whole change, so
         it is not sent again and again. */
      var dropped = 0;
      Object.keys(data.errors || {}).forEach(function (name) {
        if (name in entry.fields) {
          delete entry.fields[name];
          dropped += 1;
        }
      });
      if (!dropped || !Object.keys(entry.fields).length) delete pending[id];
      store();
      setState(id, "error", data.message || msg.refused);
      schedule(0);
    } else if (status === 0 || status === 408 || status === 429 || status >= 500) {
      waitForNetwork();
    } else {
      /* 403, 404, a signed-out session: sending again would not help; the change stays
         on this device until the page is reloaded. */
      entry.paused = true;
      store();
      setState(id, "error", data.message || msg.refused);
      schedule(0);
    }
  }

  function offer(el, text, action) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = text;
    button.addEventListener("click", action);
    el.appendChild(button);
  }

  function restore() {
    Object.keys(pending).forEach(function (id) {
      var fieldset = box(id);
      var entry = pending[id];
      if (!fieldset || fieldset.disabled || !entry || !entry.fields) {
        delete pending[id];
        return;
      }
      Object.keys(entry.fields).forEach(function (name) {
        var value = entry.fields[name];
        fieldset.querySelectorAll('[data-field="' + name + '"]').forEach(function (input) {
          if (input.type === "radio") {
            input.checked = input.value === value;
          } else {
            input.value = value;
          }
        });
      });
      delete entry.paused;
      setState(id, "unsaved", navigator.onLine ? msg.pending : msg.offline);
    });
    store();
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    /* With the script, the button sends whatever is still waiting. */
    event.preventDefault();
    backoff = 1000;
    schedule(0);
  });
  window.addEventListener("online", function () {
    backoff = 1000;
    showBanner();
    schedule(0);
  });
  window.addEventListener("offline", function () {
    Object.keys(pending).forEach(function (id) {
      if (!pending[id].paused) setState(id, "unsaved", msg.offline);
    });
    showBanner();
  });
  restore();
  schedule(0);
})();
