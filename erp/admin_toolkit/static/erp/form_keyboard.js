// Keyboard use of the admin's forms (issue 14, item 9): when a form opens, its first field has the focus
// (a search picker's box for an autocomplete), so the clerk types at once; Tab then follows the form and
// Enter in a field submits it (the browser's own implicit submission: the form's first button is Save).
// Loaded by erp/admin_toolkit/templates/admin/change_form.html and workflow_form.html; a file, not
// inline, for the Content-Security-Policy.
"use strict";
(function () {
  const FIELDS = "input:not([type=hidden]):not([type=submit]):not([type=button]), select, textarea";
  const WAIT = {};  // an autocomplete whose box select2 has not drawn yet

  function box(select) {
    const container = select.parentElement.querySelector(".select2-selection");
    return container && container.offsetParent !== null ? container : null;
  }

  function focusable(field) {
    // Select2 hides the real <select> (class admin-autocomplete) and draws its own box, which takes the focus.
    if (field.classList.contains("admin-autocomplete")) {
      return box(field) || WAIT;
    }
    return field.offsetParent !== null && !field.disabled && !field.readOnly ? field : null;
  }

  function start(tries) {
    const form = document.querySelector("#content-main form[method=post]:not(.step-form)");
    if (!form) {
      return;
    }
    const active = document.activeElement;
    const hiddenSelect = active && active.classList.contains("admin-autocomplete");
    if (active && active !== document.body && !hiddenSelect) {
      return; // something already has the focus (Django's own add-form focus)
    }
    // A form shown again with errors: the first field in error; otherwise the first field.
    const errored = form.querySelector(".errors input, .errors select, .errors textarea");
    const candidates = errored ? [errored, ...form.querySelectorAll(FIELDS)] : form.querySelectorAll(FIELDS);
    for (const field of candidates) {
      const target = focusable(field);
      if (target === WAIT) {
        if (tries > 0) {
          window.setTimeout(() => start(tries - 1), 50);
        }
        return;
      }
      if (target) {
        target.focus();
        return;
      }
    }
  }

  // A hidden select passes any focus it gets (a label's click, a script's) on to its select2 box.
  document.addEventListener("focusin", (event) => {
    const field = event.target;
    if (field.classList && field.classList.contains("admin-autocomplete")) {
      const target = box(field);
      if (target) {
        target.focus();
      }
    }
  });
  window.addEventListener("load", () => start(40));
})();
