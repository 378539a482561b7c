// The editor's attribute form (see editor.js): generated from a layer of the page configuration (tiles/viewer/
// editing.py), checked as it is typed (required fields, codes against their table's pattern), read back as the JSON
// values the feature API takes; and the tables of a 412 (what changed) and of a feature's history.
(function () {
  "use strict";

  const $ = (id) => document.getElementById(id);
  const text = (value) => (value === null || value === undefined ? "" : String(value));

  function control(field, value, mode) {
    let input;
    if (field.choices) {
      input = document.createElement("select");
      const choices = field.kind_field && mode ? field.choices.filter((c) => c.mode === mode || c.value === value) : field.choices;
      const blank = document.createElement("option");
      blank.value = "";
      blank.textContent = "—";
      input.appendChild(blank);
      for (const choice of choices) {
        const option = document.createElement("option");
        option.value = choice.value;
        option.textContent = choice.label;
        input.appendChild(option);
      }
    } else {
      input = document.createElement("input");
      input.type = { integer: "number", number: "number", date: "date" }[field.type] || "text";
      if (field.type === "number") input.step = "any";
      if (field.max_length) input.maxLength = field.max_length;
    }
    input.name = field.name;
    input.id = `field-${field.name}`;
    input.value = value === null || value === undefined ? "" : String(value);
    input.disabled = !field.writable;
    input.required = field.required;
    return input;
  }

  // The form of `layer` (its fields as the page configuration gives them) holding `properties`; `mode` (the
  // drawing mode of the geometry) narrows the choices of a kind field (a component's category).
  function render(form, layer, properties, mode) {
    form.replaceChildren();
    for (const field of layer.fields) {
      const row = document.createElement("div");
      row.className = "field";
      row.dataset.field = field.name;
      const label = document.createElement("label");
      label.htmlFor = `field-${field.name}`;
      label.textContent = field.label + (field.required ? " *" : "") + (field.derived ? " (自动 derived)" : "");
      const input = control(field, properties[field.name], mode);
      input.addEventListener("input", () => checkField(field, input));
      const error = document.createElement("span");
      error.className = "error";
      error.id = `error-${field.name}`;
      row.append(label, input, error);
      form.appendChild(row);
    }
    form.hidden = false;
  }

  function fieldError(name, text) {
    const error = $(`error-${name}`);
    if (!error) return false;
    error.textContent = text || "";
    error.parentElement.classList.toggle("invalid", Boolean(text));
    return true;
  }

  // A code is checked as it is typed, against the pattern of its table; a required field must not be empty.
  function checkField(field, input) {
    const value = input.value.trim();
    let problem = "";
    if (field.required && !value) problem = "必填 required";
    else if (value && field.pattern && !new RegExp(field.pattern).test(value)) problem = `格式不符 must match ${field.pattern}`;
    fieldError(field.name, problem);
    return !problem;
  }

  function jsonValue(field, text) {
    const value = text.trim();
    if (!value) return field.nullable || field.type !== "string" ? null : "";
    if (field.type === "integer") return Number.parseInt(value, 10);
    if (field.type === "number") return Number(value);
    return value;
  }

  function sameValue(a, b) {
    const blank = (v) => v === null || v === undefined || v === "";
    return (blank(a) && blank(b)) || String(a) === String(b);
  }

  // The writable properties of the form as JSON values: those that differ from `base` (the properties as the
  // server gave them), or every one given for a new feature (`base` null); null when a field is marked wrong.
  function values(layer, base) {
    const out = {};
    let valid = true;
    for (const field of layer.fields.filter((f) => f.writable)) {
      const input = $(`field-${field.name}`);
      valid = checkField(field, input) && valid;
      const value = jsonValue(field, input.value);
      if (base) {
        if (!sameValue(value, base[field.name])) out[field.name] = value;
      } else if (value !== null && value !== "") {
        out[field.name] = value;
      }
    }
    return valid ? out : null;
  }

  function table(headings) {
    const element = document.createElement("table");
    const head = element.insertRow();
    for (const heading of headings) {
      const th = document.createElement("th");
      th.textContent = heading;
      head.appendChild(th);
    }
    return element;
  }

  function button(label, action) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.addEventListener("click", action);
    return element;
  }

  // What changed between the feature in hand (`mine`, version `v1`) and the current one (`theirs`, `v2`): a row per
  // differing property, and one for the geometry.
  function diffTable(mine, theirs, v1, v2, sameGeometry) {
    const element = table(["字段 field", `你的版本 yours (v${v1})`, `当前 current (v${v2})`]);
    element.className = "diff";
    const names = new Set([...Object.keys(mine.properties), ...Object.keys(theirs.properties)]);
    for (const name of names) {
      if (sameValue(mine.properties[name], theirs.properties[name])) continue;
      const row = element.insertRow();
      row.dataset.field = name;
      for (const value of [name, mine.properties[name], theirs.properties[name]]) row.insertCell().textContent = text(value);
    }
    if (!sameGeometry) {
      const row = element.insertRow();
      row.dataset.field = "geometry";
      for (const value of ["geometry", "…", "已改变 changed"]) row.insertCell().textContent = value;
    }
    return element;
  }

  // A feature's history (newest first): version, operation, when, who, path, changed fields, and a revert button on
  // every version but the current one (none once deleted: restore comes first).
  function historyTable(history, revert) {
    const element = table(["版本 v", "操作 operation", "时间 when", "谁 who", "途径 path", "字段 changed", ""]);
    for (const version of history.versions) {
      const row = element.insertRow();
      row.dataset.version = version.version;
      const when = new Date(version.changedAt).toLocaleString("zh-CN", { hour12: false });
      for (const value of [version.version, version.operation, when, version.actor.name || "—", version.path,
        (version.changedFields || []).join(", ")]) {
        row.insertCell().textContent = text(value);
      }
      const cell = row.insertCell();
      if (!history.deleted && version.version !== history.currentVersion && version.operation !== "delete") {
        cell.appendChild(button("恢复到此 revert", () => revert(version.version)));
      }
    }
    return element;
  }

  window.pingdingEditorForm = { render, values, fieldError, sameValue, diffTable, historyTable, button };
})();
