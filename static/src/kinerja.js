// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("[data-autosubmit]")) {
    el.form.requestSubmit();
  }
});
// Forms with data-confirm ask before submitting (no inline handlers: the CSP forbids them).
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});
// A field shown only for some values of another field of its form:
// data-show-when="target_kind=number,range". Without JS every field stays visible.
function kinerjaShowWhen(root) {
  root.querySelectorAll("[data-show-when]").forEach((el) => {
    const [name, values] = el.dataset.showWhen.split("=");
    const control = el.closest("form")?.elements.namedItem(name);
    if (control) {
      el.hidden = !values.split(",").includes(control.value);
    }
  });
}
document.addEventListener("DOMContentLoaded", () => kinerjaShowWhen(document));
document.addEventListener("htmx:load", (event) => kinerjaShowWhen(event.target));
document.addEventListener("change", (event) => {
  if (event.target.form) {
    kinerjaShowWhen(event.target.form);
  }
});
// A button that puts a suggested text into a field: data-fill-target="<field id>"
// data-fill-text="...". It adds to what is there rather than replacing it.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-fill-target]");
  const field = button && document.getElementById(button.dataset.fillTarget);
  if (field) {
    const current = field.value.trim();
    field.value = current ? `${current}\n${button.dataset.fillText}` : button.dataset.fillText;
    field.focus();
  }
});
// Daily entries: choosing an indicator fills the unit field named by data-unit-source from the
// option's data-unit, unless the user typed a unit of their own.
document.addEventListener("change", (event) => {
  const select = event.target;
  if (!select.matches("select[data-unit-source]") || !select.form) {
    return;
  }
  const input = select.form.elements.namedItem(select.dataset.unitSource);
  const option = select.selectedOptions[0];
  if (input && (!input.value || input.value === input.dataset.autofilled)) {
    input.value = option?.dataset.unit || "";
    input.dataset.autofilled = input.value;
  }
});
// A checkbox with data-check-all="<group>" ticks every checkbox with data-check-group="<group>".
document.addEventListener("change", (event) => {
  const box = event.target;
  if (box.matches("input[data-check-all]")) {
    document.querySelectorAll("input[data-check-group]").forEach((b) => {
      if (b.dataset.checkGroup === box.dataset.checkAll && !b.disabled) {
        b.checked = box.checked;
      }
    });
  }
});
// Progress charts: <canvas data-progress-chart="<id>" data-chart-source="<json island id>">,
// drawn with Chart.js (loaded by the page) from {labels, charts: [{id, labels, realisation,
// plan, target}]}. Without Chart.js the numbers beside the canvas still tell the story.
function kinerjaProgressCharts(root) {
  if (!window.Chart) {
    return;
  }
  root.querySelectorAll("canvas[data-progress-chart]").forEach((canvas) => {
    const island = document.getElementById(canvas.dataset.chartSource);
    if (canvas.dataset.drawn || !island) {
      return;
    }
    const data = JSON.parse(island.textContent);
    const chart = data.charts.find((c) => c.id === canvas.dataset.progressChart);
    if (!chart) {
      return;
    }
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: [
          { label: data.labels.realisation, data: chart.realisation, borderColor: "#0b5394",
            backgroundColor: "rgba(11, 83, 148, 0.12)", fill: true, tension: 0.2 },
          { label: data.labels.plan, data: chart.plan, borderColor: "#6c757d", borderDash: [5, 4],
            pointRadius: 0, fill: false },
          { label: data.labels.target, data: chart.labels.map(() => chart.target),
            borderColor: "#198754", borderWidth: 1.5, pointRadius: 0, fill: false },
        ],
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { y: { beginAtZero: true } },
      },
    });
  });
}
document.addEventListener("DOMContentLoaded", () => kinerjaProgressCharts(document));
document.addEventListener("htmx:load", (event) => kinerjaProgressCharts(event.target));
// Predikat distribution per unit: <canvas data-predikat-chart='{"labels": [...], "datasets":
// [{"label", "data", "color"}]}'>, a stacked horizontal bar per unit drawn with Chart.js (loaded
// by the page). The table beside it holds the same numbers.
function kinerjaPredikatCharts(root) {
  if (!window.Chart) {
    return;
  }
  root.querySelectorAll("canvas[data-predikat-chart]").forEach((canvas) => {
    if (canvas.dataset.drawn) {
      return;
    }
    const data = JSON.parse(canvas.dataset.predikatChart);
    canvas.dataset.drawn = "1";
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: data.datasets.map((d) => ({ label: d.label, data: d.data, backgroundColor: d.color })),
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales: { x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }, y: { stacked: true } },
      },
    });
  });
}
document.addEventListener("DOMContentLoaded", () => kinerjaPredikatCharts(document));
document.addEventListener("htmx:load", (event) => kinerjaPredikatCharts(event.target));
// A submit button with data-confirm-button="..." asks before submitting its form.
document.addEventListener("submit", (event) => {
  const button = event.submitter;
  if (button?.dataset.confirmButton && !window.confirm(button.dataset.confirmButton)) {
    event.preventDefault();
  }
});
// The rater's form (form[data-matrix="<json island id>"]): the predikat preview follows the two
// rating selects through the matrix, and the departure reason is highlighted when the rating
// hasil kerja differs from the suggestion (data-suggested). The server decides either way.
function kinerjaRateForm(form) {
  const island = document.getElementById(form.dataset.matrix);
  if (!island) {
    return;
  }
  const lookup = JSON.parse(island.textContent);
  const hasil = form.elements.namedItem("hasil_kerja")?.value || "";
  const perilaku = form.elements.namedItem("perilaku")?.value || "";
  const preview = form.querySelector("[data-predikat-preview]");
  if (preview) {
    preview.textContent = lookup[`${hasil}|${perilaku}`] || preview.dataset.empty || "";
  }
  const departs = Boolean(form.dataset.suggested && hasil && hasil !== form.dataset.suggested);
  const box = form.querySelector("[data-departure]");
  if (box) {
    box.classList.toggle("border", departs);
    box.classList.toggle("border-warning", departs);
    box.classList.toggle("bg-warning-subtle", departs);
    box.querySelector("[data-departure-note]")?.classList.toggle("d-none", !departs);
  }
}
document.addEventListener("change", (event) => {
  const form = event.target.closest?.("form[data-matrix]");
  if (form) {
    kinerjaRateForm(form);
  }
});
