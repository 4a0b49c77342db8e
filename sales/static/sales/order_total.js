// The order form's live total (sales/admin.py, SalesOrderCreateForm): quantity × unit price − discount,
// with the product's sale price when the unit price is left empty. The server computes the order's real
// amounts (sales.services); this only shows the clerk what they will be. A file, not inline: the CSP.
"use strict";
(function () {
  function number(id) {
    const field = document.getElementById(id);
    const value = field ? parseFloat(field.value) : NaN;
    return Number.isFinite(value) ? value : null;
  }

  function start() {
    const form = document.getElementById("workflow-form");
    const product = document.getElementById("id_showroom_product");
    if (!form || !product || !form.dataset.priceUrl) {
      return;
    }
    const shown = document.createElement("p");
    shown.id = "order-live-total";
    shown.setAttribute("aria-live", "polite");
    form.querySelector(".submit-row").before(shown);
    let salePrice = null;

    function draw() {
      const quantity = number("id_quantity");
      const unit = number("id_unit_price") ?? salePrice;
      const discount = number("id_discount_amount") ?? 0;
      if (quantity === null || unit === null) {
        shown.textContent = "Total: choose a product and a quantity.";
        return;
      }
      const total = quantity * unit;
      shown.textContent = `Total: ${quantity} × ${unit.toFixed(2)} = ${total.toFixed(2)}; ` +
        `final amount after the discount: ${(total - discount).toFixed(2)}`;
    }

    function productChanged() {
      salePrice = null;
      draw();
      if (!product.value) {
        return;
      }
      fetch(`${form.dataset.priceUrl}?product=${encodeURIComponent(product.value)}`, {credentials: "same-origin"})
        .then((response) => (response.ok ? response.json() : null))
        .then((data) => {
          salePrice = data && data.sale_price !== null ? parseFloat(data.sale_price) : null;
          draw();
        });
    }

    for (const id of ["id_quantity", "id_unit_price", "id_discount_amount"]) {
      const field = document.getElementById(id);
      if (field) {
        field.addEventListener("input", draw);
      }
    }
    // Select2 (the admin's autocomplete) announces a choice through jQuery's events, not the DOM's.
    if (window.django && window.django.jQuery) {
      window.django.jQuery(product).on("change", productChanged);
    }
    product.addEventListener("change", productChanged);
    productChanged();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
