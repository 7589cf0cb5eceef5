/* global YogaGraphiQL, document, localStorage, location, history, self */
// GraphiQL's boot script: the page holds no key, so anyone may load it; the key is typed once
// (or handed over as /graphql#key=…, a fragment never reaches the server or its logs), kept in
// this browser's localStorage and sent as a header by GraphiQL's fetcher, not shown in its
// headers editor.
(function () {
  'use strict';
  var STORAGE = 'redstream.graphql.key';
  var config = JSON.parse(document.getElementById('rs-graphiql').textContent);

  var handed = /(?:^#|&)key=([^&]*)/.exec(location.hash);
  if (handed) {
    var fromFragment = decodeURIComponent(handed[1]).trim();
    if (fromFragment) localStorage.setItem(STORAGE, fromFragment);
    history.replaceState(null, '', location.pathname + location.search);
  }

  var stored = localStorage.getItem(STORAGE);
  if (stored) render(stored);
  else askForKey();

  function askForKey() {
    var form = document.getElementById('key-form');
    form.hidden = false;
    var input = document.getElementById('key');
    input.focus();
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var key = input.value.trim();
      if (!key) return;
      localStorage.setItem(STORAGE, key);
      form.hidden = true;
      render(key);
    });
  }

  function render(key) {
    self.MonacoEnvironment = {
      globalAPI: false,
      getWorkerUrl: function (_moduleId, label) {
        return config.workers[label] || config.workers.editorWorkerService;
      },
    };
    YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), {
      endpoint: config.endpoint,
      title: config.title,
      defaultTabs: config.tabs,
      additionalHeaders: { Authorization: 'Bearer ' + key },
    });
    var change = document.getElementById('change-key');
    change.hidden = false;
    change.addEventListener('click', function () {
      localStorage.removeItem(STORAGE);
      location.reload();
    });
  }
})();
