// Custodian workspace: the idle warning, CSRF for htmx, and trend charts. No inline script anywhere
// (the Content-Security-Policy forbids it), so everything the pages need is wired up here.
(function () {
  'use strict';

  // htmx requests carry the page's CSRF token.
  document.addEventListener('htmx:configRequest', function (event) {
    var header = document.querySelector('meta[name="csrf-header"]');
    var token = document.querySelector('meta[name="csrf-token"]');
    if (header && token) {
      event.detail.headers[header.content] = token.content;
    }
  });

  // Idle time-out: the server ends the session after data-idle-seconds without a request; a minute
  // before that, a dialog offers to stay signed in, and at the end the page leaves for sign-in so no
  // patient data stays on an unattended screen.
  function idleWarning() {
    var idle = parseInt(document.body.dataset.idleSeconds || '0', 10);
    var dialog = document.getElementById('idle-warning');
    if (!idle || !dialog) {
      return;
    }
    var warnBefore = Math.min(60, Math.floor(idle / 2));
    var lastActivity = Date.now();
    var left = document.getElementById('idle-left');
    function restart() {
      lastActivity = Date.now();
      if (dialog.open) {
        dialog.close();
      }
    }
    document.body.addEventListener('htmx:afterRequest', restart);
    document.getElementById('idle-stay').addEventListener('click', function () {
      var header = document.querySelector('meta[name="csrf-header"]').content;
      var headers = {};
      headers[header] = document.querySelector('meta[name="csrf-token"]').content;
      fetch('/session/keepalive', {method: 'POST', headers: headers, credentials: 'same-origin'}).then(function (r) {
        if (r.ok) {
          restart();
        } else {
          window.location.assign('/signin?timedout');
        }
      });
    });
    setInterval(function () {
      var remaining = idle - Math.floor((Date.now() - lastActivity) / 1000);
      if (remaining <= 0) {
        document.body.innerHTML = '';
        window.location.assign('/signin?timedout');
      } else if (remaining <= warnBefore) {
        left.textContent = String(remaining);
        if (!dialog.open) {
          dialog.showModal();
          document.getElementById('idle-stay').focus();
        }
      }
    }, 1000);
  }

  // Trend charts: each figure.trend carries its times (epoch seconds) and values as data attributes.
  function trends() {
    if (typeof uPlot === 'undefined') {
      return;
    }
    document.querySelectorAll('figure.trend').forEach(function (figure) {
      var times = figure.dataset.times.split(',').map(Number);
      var values = figure.dataset.values.split(',').map(Number);
      var plot = figure.querySelector('.plot');
      var width = Math.max(240, plot.clientWidth || 320);
      new uPlot({
        width: width,
        height: 160,
        legend: {show: false},
        cursor: {drag: {x: false, y: false}},
        scales: {x: {time: true}},
        axes: [{}, {size: 50}],
        series: [{}, {label: figure.dataset.name, stroke: '#1d4f91', width: 2, points: {show: times.length < 60}}]
      }, [times, values], plot);
      figure.classList.add('drawn');
    });
  }

  // A page laid out to print (a certificate of destruction) offers its own Print button.
  function printButtons() {
    document.querySelectorAll('button[data-print]').forEach(function (button) {
      button.addEventListener('click', function () {
        window.print();
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    idleWarning();
    trends();
    printButtons();
  });
})();
