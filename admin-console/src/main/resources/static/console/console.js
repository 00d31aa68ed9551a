// Small enhancements only: every page works without this script.
(function () {
  'use strict';
  // GOV.UK pattern: move focus to the error summary so keyboard and screen reader users hear what is wrong first.
  var summary = document.querySelector('[data-focus-on-load]');
  if (summary) {
    summary.focus();
  }
  // Copy buttons: shown only when the browser can copy; the text stays selectable by hand either way.
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll('[data-copy]').forEach(function (button) {
      var label = button.textContent;
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        navigator.clipboard.writeText(source.textContent).then(function () {
          button.textContent = button.getAttribute('data-copied') || label;
          window.setTimeout(function () { button.textContent = label; }, 3000);
        });
      });
    });
  }
})();
