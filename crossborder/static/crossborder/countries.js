// Country picker: progressive enhancement of a plain text input that already accepts names in
// English or Chinese and codes ("UK, 德國, de"). Adds an ARIA 1.2 combobox suggesting countries for
// the name being typed (searched in all three languages) and says how the list will be read.
(function () {
  "use strict";
  var source = document.getElementById("country-data");
  if (!source) return;
  var countries = JSON.parse(source.textContent);
  var SEPARATORS = /[,、;，；]/;

  function fold(text) {
    return text.normalize("NFKC").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/^the\s+/, "").replace(/\s+/g, " ").trim();
  }
  countries.forEach(function (c) { c.keys = c.search.split(" | "); });

  function exact(token) {
    var key = fold(token);
    return countries.find(function (c) { return c.keys.indexOf(key) !== -1; });
  }

  function suggest(query) {
    if (!query) return [];
    var starts = [], contains = [];
    countries.forEach(function (c) {
      if (c.keys.some(function (k) { return k.indexOf(query) === 0; })) starts.push(c);
      else if (c.keys.some(function (k) { return k.indexOf(query) !== -1; })) contains.push(c);
    });
    return starts.concat(contains).slice(0, 8);
  }

  function setup(box) {
    var input = box.querySelector("input");
    var list = document.createElement("ul");
    var reading = document.createElement("p");
    var matches = [], active = -1;
    list.id = input.id + "_suggestions";
    list.className = "country-suggestions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", box.dataset.listLabel);
    list.hidden = true;
    reading.id = input.id + "_reading";
    reading.className = "country-reading";
    reading.setAttribute("aria-live", "polite");
    box.appendChild(list);
    box.appendChild(reading);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    var described = input.getAttribute("aria-describedby");
    input.setAttribute("aria-describedby", (described ? described + " " : "") + reading.id);

    function tokens() { return input.value.split(SEPARATORS); }

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function render() {
      list.textContent = "";
      matches.forEach(function (c, i) {
        var item = document.createElement("li");
        item.id = list.id + "_" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", i === active ? "true" : "false");
        item.textContent = c.name;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      if (!matches.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      if (active >= 0) input.setAttribute("aria-activedescendant", list.id + "_" + active);
      else input.removeAttribute("aria-activedescendant");
    }

    function describe() {
      var found = [], missing = [];
      tokens().forEach(function (t) {
        if (!t.trim()) return;
        var c = exact(t);
        if (c) found.push(c.name); else missing.push(t.trim());
      });
      var text = found.length ? box.dataset.reading + " " + found.join(", ") : "";
      if (missing.length && document.activeElement !== input) text += (text ? ". " : "") + box.dataset.unknown + " " + missing.join(", ");
      reading.textContent = text;
    }

    function choose(i) {
      var parts = tokens();
      parts[parts.length - 1] = " " + matches[i].name;
      input.value = parts.join(",").replace(/^\s+/, "") + ", ";
      close();
      describe();
      input.focus();
    }

    input.addEventListener("input", function () {
      var parts = tokens();
      matches = suggest(fold(parts[parts.length - 1]));
      active = -1;
      render();
      describe();
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        var step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + matches.length) % matches.length;
        render();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();  // choosing a suggestion does not send the form
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { close(); describe(); });
    describe();
  }

  document.querySelectorAll("[data-country-picker]").forEach(setup);
})();
