// The Print button of a printed document (erp/admin_toolkit/templates/erp/documents/base.html); no inline script (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const button = document.getElementById("print-document");
  if (button) button.addEventListener("click", () => window.print());
});
