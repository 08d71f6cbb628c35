// docgen local page: file drop, automatic upload, filter values, job progress. No external code.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll("input[data-autosubmit]")) {
    input.addEventListener("change", () => input.files.length && input.form.submit());
    const drop = input.closest(".drop");
    if (!drop) continue;
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer.files.length) { input.files = e.dataTransfer.files; input.form.submit(); }
    });
  }
  const choices = document.getElementById("filter-choices");
  const column = document.getElementById("filter-column");
  const value = document.getElementById("filter-value");
  if (choices && column && value) {
    const data = JSON.parse(choices.textContent);
    column.addEventListener("change", () => {
      value.replaceChildren(...(data[column.value] || []).map((v) => new Option(v, v)));
    });
  }
  const panel = document.querySelector(".job");
  if (panel) panel.scrollIntoView({ block: "start" });
  const job = document.querySelector(".job[data-state=running]");
  if (job) poll(job);
});

function poll(panel) {
  const id = panel.dataset.job;
  fetch(`/jobs/${id}`, { headers: { "X-Requested-With": "fetch" } })
    .then((r) => r.json())
    .then((s) => {
      if (s.state === "running") {
        const bar = panel.querySelector("progress");
        if (s.total) { bar.max = s.total; bar.value = s.done; }
        panel.querySelector(".count").textContent = s.done;
        panel.querySelector(".total").textContent = s.total || "?";
        setTimeout(() => poll(panel), 500);
      } else {
        location.reload();
      }
    })
    .catch(() => setTimeout(() => poll(panel), 1500));
}
