// Chat widget: a launcher on every public page opens a panel that streams answers from /ws/chat/.
//
// The conversation (its id, the questions and the final answer frames) is kept in sessionStorage, so
// it survives page changes and reloads in this tab until the visitor deletes it; closing the tab
// forgets it on this device (a shared computer keeps nothing). Answers cut off by a reload or a dropped
// connection are fetched again with `resume` from the last stored answer's `seq`. Frames that arrive
// live are always new: the server's counter restarts at 1 after a restart or an idle hour, so only
// frames replayed for a `resume` are checked against the stored `seq`, and answers by message id.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  if (!root) return;
  const $ = (id) => document.getElementById(id);
  const panel = $("chat-panel");
  const launcher = $("chat-launcher");
  const log = $("chat-log");
  const form = $("chat-form");
  const input = $("chat-input");
  const send = $("chat-send");
  const answering = $("chat-answering");
  const status = $("chat-status");
  const announce = $("chat-announce");
  const start = $("chat-start");
  const body = $("chat-body");
  const removeButton = $("chat-delete");
  const confirmBox = $("chat-confirm");
  const contactForm = $("chat-contact");
  const labels = JSON.parse($("chat-labels").textContent);
  const pageLanguage = root.dataset.language || document.documentElement.lang || "en";
  const STORE = "chat-state-v2";

  // A citation opens the viewer in the page's language: the url the server gives names none, and
  // the browser's own language would pick it otherwise. (The original file's url stays as it is.)
  function inPageLanguage(url) {
    return /^\/documents\/[^/]+\/(?:[?#]|$)/.test(url) ? `/${pageLanguage.toLowerCase()}${url}` : url;
  }

  let state = load();
  let socket = null;
  let sessionReady = null;
  let replaying = false;
  let current = null; // the list item of the answer being streamed
  let retry = 500;
  let askedOn = null; // the socket the pending question went out on: its answer streams there
  let polls = 0;
  const queue = [];
  const rendered = new Set(); // answer message ids already on screen

  function load() {
    try {
      const saved = JSON.parse(sessionStorage.getItem(STORE) || "null");
      if (saved && Array.isArray(saved.items)) return saved;
    } catch (error) { /* a corrupt entry starts a fresh conversation */ }
    return { conversation: null, seq: 0, items: [], pending: false, open: false, votes: {} };
  }
  function save() { sessionStorage.setItem(STORE, JSON.stringify(state)); }
  function errorText(code) { return labels.errors[code] || labels.errors.default; }
  // Every call to the chat API carries the page's CSRF token; a network failure resolves to null.
  function request(url, options) {
    const token = contactForm.elements.csrfmiddlewaretoken;
    const headers = { ...(options.headers || {}), "X-CSRFToken": token ? token.value : "" };
    return fetch(url, { ...options, headers, credentials: "same-origin" }).catch(() => null);
  }

  // ---- rendering -------------------------------------------------------------------------------
  function addItem(role, build) {
    const item = document.createElement("li");
    item.className = `msg msg--${role}`;
    const who = document.createElement("p");
    who.className = "msg__who visually-hidden";
    who.textContent = role === "user" ? labels.you : labels.assistant;
    item.appendChild(who);
    build(item);
    log.appendChild(item);
    start.hidden = true;
    removeButton.hidden = false;
    if (role === "assistant") reveal(item);
    else body.scrollTop = body.scrollHeight;
    return item;
  }

  // An answer is read from its start: the log scrolls to put its top at the top of the view (as far
  // as the log goes), not to its end, which would leave the reader scrolling back up to begin.
  function reveal(item) {
    if (!item || panel.hidden) return;
    const gap = 8;
    body.scrollTop += item.getBoundingClientRect().top - body.getBoundingClientRect().top - gap;
  }
  function revealLatest() { reveal([...log.querySelectorAll(".msg--assistant")].pop()); }

  function textBlock(text) {
    const body = document.createElement("div");
    body.className = "msg__text";
    body.textContent = text;
    return body;
  }

  function renderUser(text) { return addItem("user", (item) => item.appendChild(textBlock(text))); }
  function renderNote(text, role) { return addItem(role, (item) => item.appendChild(textBlock(text))); }

  // The answer's text with each [n] a link to the n-th citation's place in its document, and each
  // quoted passage marked with the language of the document it comes from. `text` is a part of it.
  function answerText(frame, text = frame.text || "") {
    const body = document.createElement("div");
    body.className = "msg__text";
    if (frame.language) body.lang = frame.language;
    const cites = frame.citations || [];
    let last = 0;
    quoteRanges(text, cites).forEach(({ start, end, lang }) => {
      appendWithMarkers(body, text.slice(last, start), cites);
      const quote = document.createElement("span");
      quote.className = "msg__quote";
      quote.lang = lang;
      appendWithMarkers(quote, text.slice(start, end), cites);
      body.appendChild(quote);
      last = end;
    });
    appendWithMarkers(body, text.slice(last), cites);
    return body;
  }

  // Where the answer repeats a cited passage word for word: [{start, end, lang}], in order, apart.
  function quoteRanges(text, cites) {
    const ranges = [];
    cites.forEach((cite) => {
      const quote = passage(cite.quote);
      if (!quote || !cite.language) return;
      const start = text.indexOf(quote);
      if (start >= 0) ranges.push({ start, end: start + quote.length, lang: cite.language });
    });
    ranges.sort((a, b) => a.start - b.start);
    return ranges.filter((range, i) => i === 0 || range.start >= ranges[i - 1].end);
  }

  function appendWithMarkers(parent, text, cites) {
    let last = 0;
    for (const match of text.matchAll(/\[(\d+)\]/g)) {
      const cite = cites[Number(match[1]) - 1];
      if (!cite) continue;
      parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      const link = document.createElement("a");
      link.className = "cite";
      link.href = inPageLanguage(cite.url);
      link.textContent = match[0];
      link.setAttribute("aria-label", `${labels.source} ${match[1]}: ${cite.title}`);
      parent.appendChild(link);
      last = match.index + match[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // The answer: its text, with each table the frame carries shown as a table where the text has
  // its plain rendering (`table.text`); a table the text does not hold follows it.
  function answerBody(frame) {
    const box = document.createDocumentFragment();
    let rest = frame.text || "";
    const after = [];
    (frame.tables || []).forEach((table, index) => {
      const at = table.text ? rest.indexOf(table.text) : -1;
      if (at < 0) { after.push([table, index]); return; }
      const before = rest.slice(0, at).replace(/\n+$/, "");
      if (before.trim()) box.appendChild(answerText(frame, before));
      box.appendChild(tableBlock(frame, table, index));
      rest = rest.slice(at + table.text.length).replace(/^\n+/, "");
    });
    if (rest.trim() || !box.childNodes.length) box.appendChild(answerText(frame, rest));
    after.forEach(([table, index]) => box.appendChild(tableBlock(frame, table, index)));
    return box;
  }

  // A table with its caption, column and row headers (scope), each cell's source a [n] link (once
  // per run of cells citing the same passage); it scrolls sideways on a narrow screen.
  function tableBlock(frame, table, index) {
    // The title stays above the part that scrolls: a caption inside it was cut off at the
    // panel's edge with the table's right-hand columns. It names both the region and the table.
    const captionId = `chat-table-${frame.message || "new"}-${index}`;
    const title = document.createElement("p");
    title.className = "msg__tabletitle";
    title.id = captionId;
    title.textContent = table.caption;
    if (table.language) title.lang = table.language;
    const region = document.createElement("div");
    region.className = "msg__table";
    region.setAttribute("role", "region");
    region.tabIndex = 0; // a scrollable region must be reachable by keyboard (arrow keys scroll it)
    region.setAttribute("aria-labelledby", captionId);
    const element = document.createElement("table");
    if (table.language) element.lang = table.language;
    element.setAttribute("aria-labelledby", captionId);
    const headRow = element.createTHead().insertRow();
    table.columns.forEach((column) => {
      const th = document.createElement("th");
      th.scope = "col";
      fillCell(th, column, table, frame, false);
      headRow.appendChild(th);
    });
    const body = element.createTBody();
    table.rows.forEach((row) => {
      const tr = body.insertRow();
      const cells = [row.header, ...row.cells];
      cells.forEach((cell, at) => {
        const next = cells[at + 1];
        const place = at === 0 ? document.createElement("th") : document.createElement("td");
        if (at === 0) place.scope = "row";
        fillCell(place, cell, table, frame, !(next && next.cite === cell.cite));
        tr.appendChild(place);
      });
    });
    region.appendChild(element);
    const box = document.createElement("div");
    box.className = "msg__tablebox";
    box.appendChild(title);
    box.appendChild(region);
    (table.notes || []).forEach((note) => {
      const p = document.createElement("p");
      p.className = "msg__note";
      p.textContent = note;
      box.appendChild(p);
    });
    return box;
  }

  function fillCell(place, cell, table, frame, withSource) {
    const text = document.createElement("span");
    text.textContent = cell.text;
    if (cell.lang && cell.lang !== table.language) text.lang = cell.lang;
    place.appendChild(text);
    const cite = cell.cite && (frame.citations || [])[cell.cite - 1];
    if (!cite || !withSource) return;
    place.appendChild(document.createTextNode(" "));
    const link = document.createElement("a");
    link.className = "cite";
    link.href = inPageLanguage(cite.url);
    link.textContent = `[${cell.cite}]`;
    link.setAttribute("aria-label", `${labels.source} ${cell.cite}: ${cite.title}`);
    place.appendChild(link);
  }

  // Citations of one passage (the same url and quote) are one source: the answer's markers are
  // renumbered so each passage has one number, counted in the order the answer first cites them, and
  // a run of the same marker ("[1][1]") reads as one.
  function mergeCitations(frame) {
    const cites = frame.citations || [];
    const text = frame.text || "";
    const mentioned = [...text.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1]) - 1);
    const order = [...mentioned, ...cites.keys()].filter((i, at, all) => cites[i] && all.indexOf(i) === at);
    const merged = [];
    const numberOf = new Map(); // old index -> new number
    const byPassage = new Map();
    order.forEach((i) => {
      const cite = cites[i];
      const key = `${cite.url}|${passage(cite.quote)}`;
      if (!byPassage.has(key)) { merged.push(cite); byPassage.set(key, merged.length); }
      numberOf.set(i, byPassage.get(key));
    });
    const renumber = (part) => part
      .replace(/\[(\d+)\]/g, (marker, n) => (numberOf.has(Number(n) - 1) ? `[${numberOf.get(Number(n) - 1)}]` : marker))
      .replace(/(\[\d+\])(?:\s*\1)+/g, "$1");
    // A table's cells cite by number too, and its plain rendering is a part of the text.
    const cell = (c) => ({ ...c, cite: c.cite && numberOf.has(c.cite - 1) ? numberOf.get(c.cite - 1) : c.cite });
    const tables = (frame.tables || []).map((table) => ({
      ...table,
      text: renumber(table.text || ""),
      rows: table.rows.map((row) => ({ header: cell(row.header), cells: row.cells.map(cell) })),
    }));
    return { ...frame, text: renumber(text), citations: merged, tables };
  }

  // A quoted passage as the answer would repeat it: without a list bullet or surrounding space.
  function passage(quote) { return (quote || "").replace(/^[\s•·\-*]+/, "").trim(); }

  // Headings compared as a reader sees them: "SILVER HARBOUR PLAN" is the title "Silver Harbour Plan".
  function plain(text) { return (text || "").toLocaleLowerCase().replace(/[\s\p{P}\p{S}]+/gu, " ").trim(); }

  // Where in its document a unit is: its heading path without the document's own title (already
  // shown above it, perhaps in capitals or with its name in another language).
  function sectionLabel(cite) {
    const title = plain(cite.title);
    return (cite.section || "").split(" > ")
      .filter((part) => plain(part) && !(title && (plain(part).includes(title) || title.includes(plain(part)))))
      .join(" › ");
  }

  // One numbered link per cited passage, grouped under its document, whose title is shown once.
  function sources(frame) {
    const documents = new Map();
    frame.citations.forEach((cite, index) => {
      if (!documents.has(cite.doc_id)) documents.set(cite.doc_id, { cite, units: [] });
      documents.get(cite.doc_id).units.push({ cite, number: index + 1 });
    });
    const box = document.createElement("div");
    box.className = "sources";
    const heading = document.createElement("p");
    heading.className = "sources__title";
    heading.textContent = labels.sources;
    box.appendChild(heading);
    const list = document.createElement("ul");
    list.className = "sources__docs";
    documents.forEach(({ cite, units }) => {
      const doc = document.createElement("li");
      const title = document.createElement("a");
      title.href = inPageLanguage(cite.url.split("#")[0]);
      title.textContent = cite.title;
      if (cite.language) title.lang = cite.language;
      doc.appendChild(title);
      if (cite.insurer) doc.appendChild(document.createTextNode(` · ${cite.insurer}`));
      const unitList = document.createElement("ul");
      unitList.className = "sources__units";
      // Passages of one section follow each other on one line ("[2] [3] 3. Benefits"): the
      // heading once, each passage still its own numbered link.
      let entry = null;
      let lastPlace = null;
      units.forEach(({ cite: unit, number }) => {
        const place = [sectionLabel(unit), unit.page ? `${labels.page} ${unit.page}` : ""].filter(Boolean).join(", ");
        if (!entry || place !== lastPlace) {
          entry = document.createElement("li");
          entry.appendChild(document.createElement("span")).className = "sources__links";
          if (place) {
            const where = document.createElement("span");
            where.className = "sources__where";
            where.textContent = ` ${place}`;
            if (unit.language) where.lang = unit.language;
            entry.appendChild(where);
          }
          unitList.appendChild(entry);
          lastPlace = place;
        }
        const links = entry.querySelector(".sources__links");
        const link = document.createElement("a");
        link.href = inPageLanguage(unit.url);
        link.textContent = `[${number}]`;
        link.setAttribute("aria-label", `${labels.source} ${number}`);
        if (links.childNodes.length) links.appendChild(document.createTextNode(" "));
        links.appendChild(link);
        // The passage itself, unless the answer already quotes it word for word.
        if (unit.quote && !(frame.text || "").includes(passage(unit.quote))) {
          const quote = document.createElement("q");
          quote.className = "sources__quote";
          quote.textContent = unit.quote;
          quote.lang = unit.language || frame.language || pageLanguage;
          entry.appendChild(quote);
        }
      });
      doc.appendChild(unitList);
      list.appendChild(doc);
    });
    box.appendChild(list);
    return box;
  }

  function enquiryLink(frame) {
    const fields = frame.enquiry || {};
    const params = new URLSearchParams();
    Object.entries(fields).forEach(([key, value]) => {
      // "converted" is the reply's note of a currency conversion, not a field of the form.
      if (key === "missing" || key === "converted" || key === "product_line" || value === null) return;
      if (Array.isArray(value)) params.set(key, value.join(","));
      else if (typeof value === "object") params.set(key, Object.entries(value).map(([k, v]) => `${k}:${v}`).join(","));
      else params.set(key, String(value));
    });
    params.set("conversation", frame.conversation);
    const link = document.createElement("a");
    link.className = "button button--small";
    link.href = `/${pageLanguage}/enquiries/new/${fields.product_line || "general"}/?${params}`;
    link.textContent = labels.startEnquiry;
    return link;
  }

  function contactButton() {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary button--small";
    button.textContent = labels.contactPerson;
    button.addEventListener("click", openContact);
    return button;
  }

  // A vote is stored when it is clicked; a reason sent afterwards is added to that same vote (the
  // server keeps the reason of a repeated vote that has none). `keepBox`: the reason box stays open.
  async function vote(frame, direction, reason, group, keepBox = false) {
    const response = await request(`/api/chat/messages/${frame.message}/feedback/`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ vote: direction, reason }),
    });
    if (!response || !response.ok) { status.textContent = errorText("default"); return; }
    state.votes[frame.message] = direction;
    save();
    group.querySelectorAll("button[data-vote]").forEach((b) => b.setAttribute("aria-pressed", String(b.dataset.vote === direction)));
    const box = group.querySelector(".feedback__reason");
    if (keepBox) { status.textContent = labels.thanks; return; }
    const wasInBox = box && box.contains(document.activeElement);
    if (box) box.hidden = true;
    // The reason box goes away: focus moves to the vote it belongs to, not to the page's body.
    if (wasInBox) group.querySelector(`button[data-vote="${direction}"]`).focus();
    status.textContent = labels.thanks;
  }

  function feedback(frame) {
    const group = document.createElement("div");
    group.className = "feedback";
    group.setAttribute("role", "group");
    const question = document.createElement("span");
    question.className = "feedback__question";
    question.id = `chat-feedback-${frame.message}`;
    question.textContent = labels.feedback;
    group.setAttribute("aria-labelledby", question.id);
    group.appendChild(question);
    const reasonBox = document.createElement("div");
    reasonBox.className = "feedback__reason";
    reasonBox.hidden = true;
    const reasonId = `chat-reason-${frame.message}`;
    reasonBox.innerHTML = `<label for="${reasonId}"></label><textarea id="${reasonId}" rows="2" maxlength="500"></textarea>`;
    reasonBox.querySelector("label").textContent = labels.reason;
    const sendReason = document.createElement("button");
    sendReason.type = "button";
    sendReason.className = "button button--small";
    sendReason.textContent = labels.send;
    sendReason.addEventListener("click", () => vote(frame, "down", reasonBox.querySelector("textarea").value.trim(), group));
    reasonBox.appendChild(sendReason);
    [["up", labels.helpful], ["down", labels.notHelpful]].forEach(([direction, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "button button--secondary button--small";
      button.dataset.vote = direction;
      button.setAttribute("aria-pressed", String(state.votes[frame.message] === direction));
      button.textContent = label;
      button.addEventListener("click", () => {
        if (direction === "up") { vote(frame, "up", "", group); return; }
        reasonBox.hidden = false;
        reasonBox.querySelector("textarea").focus();
        vote(frame, "down", "", group, true);
      });
      group.appendChild(button);
    });
    group.appendChild(reasonBox);
    return group;
  }

  function renderAnswer(frame, item) {
    const shown = mergeCitations(frame);
    item.replaceChildren(item.firstChild);
    item.appendChild(answerBody(shown));
    item.dataset.kind = frame.kind;
    item.dataset.message = frame.message;
    item.removeAttribute("aria-busy");
    if (shown.citations.length) item.appendChild(sources(shown));
    const actions = document.createElement("div");
    actions.className = "msg__actions";
    if (frame.kind === "quote") actions.appendChild(enquiryLink(frame));
    if (["handoff", "no_answer", "complaint", "refusal"].includes(frame.kind)) actions.appendChild(contactButton());
    if (actions.childNodes.length) item.appendChild(actions);
    if (frame.message) item.appendChild(feedback(frame));
    rendered.add(frame.message);
    return item;
  }

  function setPending(pending) {
    state.pending = pending;
    answering.hidden = !pending;
    send.disabled = pending;
    log.setAttribute("aria-busy", String(pending));
  }

  function renderAll() {
    log.replaceChildren();
    rendered.clear();
    state.items.forEach((entry) => {
      if (entry.role === "user") renderUser(entry.text);
      else if (entry.role === "assistant") renderAnswer(entry.frame, addItem("assistant", () => {}));
      else renderNote(entry.text, entry.role);
    });
    start.hidden = state.items.length > 0;
    removeButton.hidden = state.items.length === 0;
    setPending(state.pending);
  }

  // ---- the connection --------------------------------------------------------------------------
  function ensureSession() {
    if (!sessionReady) sessionReady = request("/api/chat/session/", { method: "POST" });
    return sessionReady;
  }

  let connecting = false;
  function connect() {
    if (socket || connecting) return;
    connecting = true;
    ensureSession().then(() => { connecting = false; open(); });
  }

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    const ws = new WebSocket(`${scheme}://${location.host}${root.dataset.wsPath}`);
    socket = ws;
    ws.onopen = () => {
      status.textContent = "";
      retry = 500;
      if (state.conversation) {
        // Whatever was streaming is fetched again from the last stored answer.
        if (current) { current.remove(); current = null; }
        replaying = true;
        ws.send(JSON.stringify({ type: "resume", conversation: state.conversation, last_seq: state.seq }));
      }
      while (queue.length) { ws.send(queue.shift()); askedOn = ws; }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      status.textContent = labels.reconnecting;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
    ws.onmessage = (event) => handle(JSON.parse(event.data));
  }

  function transmit(frame) {
    const text = JSON.stringify(frame);
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(text); askedOn = socket; }
    else { queue.push(text); connect(); }
  }

  function handle(frame) {
    if (frame.type === "resumed") { replaying = false; if (state.pending && askedOn !== socket) awaitElsewhere(); return; }
    if (frame.type === "error") { handleError(frame); return; }
    if (frame.conversation && frame.conversation !== state.conversation) { state.conversation = frame.conversation; state.seq = 0; }
    if (typeof frame.seq === "number") {
      if (replaying && frame.seq <= state.seq) return; // shown before the reload or the drop
    }
    if (frame.type === "delta") {
      if (!current && !replaying && typeof frame.seq === "number") {
        // The first frame of a new answer: what came before it is stored. Following the server's own
        // numbering keeps a later resume right after its counter restarted.
        state.seq = frame.seq - 1;
        save();
      }
      if (!current) { current = addItem("assistant", () => {}); current.setAttribute("aria-busy", "true"); current.appendChild(textBlock("")); }
      current.querySelector(".msg__text").textContent += frame.text;
    } else if (frame.type === "answer") {
      if (typeof frame.seq === "number") state.seq = frame.seq;
      polls = 0;
      if (rendered.has(frame.message)) { if (current) current.remove(); current = null; save(); return; }
      const shown = renderAnswer(frame, current || addItem("assistant", () => {}));
      current = null;
      reveal(shown);
      state.items.push({ role: "assistant", frame });
      setPending(false);
      save();
      announce.textContent = `${labels.assistant}: ${mergeCitations(frame).text}`;
    }
  }

  // The pending question was sent before a reload or a drop: its answer is produced for the old
  // connection and kept for replay, so ask for it again shortly. After a server restart it is gone.
  function awaitElsewhere() {
    if (polls++ > 20) { handleError({ code: "internal_error" }); return; }
    setTimeout(() => {
      if (!state.pending || !socket || socket.readyState !== WebSocket.OPEN) return;
      if (current) { current.remove(); current = null; }
      replaying = true;
      socket.send(JSON.stringify({ type: "resume", conversation: state.conversation, last_seq: state.seq }));
    }, 1000);
  }

  function handleError(frame) {
    polls = 0;
    replaying = false;
    if (current) { current.remove(); current = null; }
    if (frame.code === "unknown_conversation" || frame.code === "invalid_conversation") {
      state = { ...state, conversation: null, seq: 0, items: [], pending: false, votes: {} };
      renderAll();
      save();
      status.textContent = labels.expired;
      return;
    }
    const text = errorText(frame.code);
    renderNote(text, "error");
    state.items.push({ role: "error", text });
    setPending(false);
    save();
    announce.textContent = text;
  }

  // ---- asking ----------------------------------------------------------------------------------
  function ask(text) {
    if (state.pending || !text.trim()) return;
    renderUser(text.trim());
    state.items.push({ role: "user", text: text.trim() });
    setPending(true);
    save();
    sendQuestion(text.trim());
  }

  // A new conversation is created over HTTP before its first question goes out, and its id is
  // stored at once: a reload at any moment after that resumes it, and the visitor can delete it.
  async function sendQuestion(text) {
    if (!state.conversation) {
      await ensureSession(); // the session, not this page, owns the conversation
      const response = await request("/api/chat/conversations/", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: "{}",
      });
      const body = response ? await response.json().catch(() => ({})) : {};
      if (!response || response.status !== 201 || !body.conversation) { handleError({ code: body.code || "default" }); return; }
      state.conversation = body.conversation;
      state.seq = 0;
      save();
    }
    transmit({ type: "message", text, conversation: state.conversation });
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (state.pending) return;
    const text = input.value;
    if (!text.trim()) { status.textContent = errorText("empty_message"); input.focus(); return; }
    ask(text);
    input.value = "";
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) { event.preventDefault(); form.requestSubmit(); }
  });

  // ---- opening and closing ---------------------------------------------------------------------
  // On a phone the panel covers the page: it is modal there, and the page behind it is inert.
  const narrow = window.matchMedia("(max-width: 40rem)");
  const header = document.querySelector(".site-header");
  function setModal() {
    const modal = !panel.hidden && narrow.matches;
    panel.setAttribute("aria-modal", String(modal));
    document.documentElement.classList.toggle("chat-modal", modal);
    placePanel();
    [...document.body.children].forEach((el) => { if (el !== root && el.tagName !== "SCRIPT") el.inert = modal; });
  }
  // Beside the page, the panel starts below the site header while it is in view (its language
  // switch and notice stay usable), and takes the window's height once the page has scrolled it away.
  function placePanel() {
    if (header) root.style.setProperty("--chat-top", `${Math.max(0, Math.round(header.getBoundingClientRect().bottom))}px`);
  }
  narrow.addEventListener("change", setModal);
  window.addEventListener("resize", () => { if (!panel.hidden) setModal(); });
  let placing = false;
  window.addEventListener("scroll", () => {
    if (panel.hidden || placing) return;
    placing = true;
    requestAnimationFrame(() => { placing = false; placePanel(); });
  }, { passive: true });

  function setOpen(isOpen, focus) {
    panel.hidden = !isOpen;
    setModal();
    launcher.setAttribute("aria-expanded", String(isOpen));
    root.classList.toggle("chat--open", isOpen);
    state.open = isOpen;
    save();
    if (isOpen) {
      connect();
      revealLatest();
      if (focus) input.focus({ preventScroll: true });
    } else if (focus) launcher.focus();
  }
  launcher.addEventListener("click", () => setOpen(panel.hidden, true));
  // The page's second skip link opens the panel at its question box (without script it moves the
  // Tab starting point to the launcher, so the next Tab reaches it).
  document.querySelectorAll("[data-chat-skip]").forEach((link) => link.addEventListener("click", (event) => {
    event.preventDefault();
    setOpen(true, true);
  }));
  $("chat-close").addEventListener("click", () => setOpen(false, true));

  // The controls Tab can reach in the panel now (hidden parts and disabled buttons are skipped).
  function tabbable() {
    return [...panel.querySelectorAll("a[href], button, input, textarea, select, [tabindex]")].filter((el) =>
      el.tabIndex >= 0 && !el.disabled && el.getClientRects().length > 0
      && !(el.type === "radio" && !el.checked && contactForm.elements[el.name]));
  }
  // Focus belongs to the panel when it is in it, or when it fell to the page's body because the
  // control that had it was just hidden (a sent reason box, an answered confirmation).
  function focusInPanel() {
    const active = document.activeElement;
    return panel.contains(active) || !active || active === document.body;
  }
  document.addEventListener("keydown", (event) => {
    if (panel.hidden || event.defaultPrevented) return;
    if (event.key === "Escape" && (focusInPanel() || panel.getAttribute("aria-modal") === "true")) {
      event.preventDefault();
      // Escape backs out of one step at a time: an open delete confirmation first, then the panel.
      if (!confirmBox.hidden) keepConversation();
      else setOpen(false, true);
      return;
    }
    // A modal dialog keeps Tab inside it: past the last control is the first, and back again.
    if (event.key !== "Tab" || panel.getAttribute("aria-modal") !== "true") return;
    const controls = tabbable();
    if (!controls.length) return;
    const first = controls[0];
    const last = controls[controls.length - 1];
    const inside = panel.contains(document.activeElement);
    if (event.shiftKey && (!inside || document.activeElement === first)) { event.preventDefault(); last.focus(); }
    else if (!event.shiftKey && (!inside || document.activeElement === last)) { event.preventDefault(); first.focus(); }
  });
  // Whatever moves focus out of a modal panel (a script, a click on the edge), it comes back.
  document.addEventListener("focusin", (event) => {
    if (panel.getAttribute("aria-modal") === "true" && !panel.contains(event.target)) (tabbable()[0] || panel).focus();
  });
  document.querySelectorAll("[data-chat-open]").forEach((button) => button.addEventListener("click", () => setOpen(true, true)));

  // Starter questions for this page (the page's template supplies them).
  const starters = $("chat-starters");
  if (starters) $("chat-starter-list").appendChild(starters.content.cloneNode(true));
  $("chat-starter-list").addEventListener("click", (event) => {
    const button = event.target.closest("[data-chat-ask]");
    if (button) { ask(button.textContent); input.focus(); }
  });

  // ---- deleting, with a confirmation -----------------------------------------------------------
  removeButton.addEventListener("click", () => {
    confirmBox.hidden = false;
    removeButton.hidden = true;
    $("chat-confirm-no").focus(); // the safe choice first: Enter by habit keeps the conversation
  });
  function keepConversation() {
    confirmBox.hidden = true;
    removeButton.hidden = false;
    removeButton.focus();
  }
  $("chat-confirm-no").addEventListener("click", keepConversation);
  $("chat-confirm-yes").addEventListener("click", async () => {
    if (state.conversation) {
      const response = await request(`/api/chat/conversations/${state.conversation}/`, { method: "DELETE" });
      if (!response || (!response.ok && response.status !== 404)) { status.textContent = errorText("default"); return; }
    }
    state = { conversation: null, seq: 0, items: [], pending: false, open: true, votes: {} };
    if (current) current = null;
    save();
    renderAll();
    confirmBox.hidden = true;
    status.textContent = labels.deleted;
    input.focus();
  });

  // ---- contact a person ------------------------------------------------------------------------
  // While the contact form is open it is the one task in the panel: the question box steps aside.
  function openContact() {
    contactForm.hidden = false;
    form.hidden = true;
    $("chat-contact-open").hidden = true;
    const lastQuestion = [...state.items].reverse().find((entry) => entry.role === "user");
    const question = contactForm.elements.question;
    // The last question starts the message on a line of its own: what the visitor adds goes on the
    // next line, not run on after the question mark.
    if (!question.value && lastQuestion) question.value = `${lastQuestion.text}\n`;
    $("chat-contact-title").focus();
  }
  function closeContact() {
    contactForm.hidden = true;
    form.hidden = false;
    $("chat-contact-open").hidden = false;
    $("chat-contact-open").focus();
  }
  $("chat-contact-open").addEventListener("click", openContact);
  $("chat-contact-cancel").addEventListener("click", closeContact);
  contactForm.elements.channel.forEach((radio) => radio.addEventListener("change", () => {
    contactForm.elements.contact.autocomplete = radio.value === "email" ? "email" : "tel";
  }));
  contactForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(contactForm);
    data.set("language", pageLanguage);
    if (state.conversation) data.set("conversation", state.conversation);
    contactForm.querySelectorAll(".errors").forEach((p) => { p.textContent = ""; });
    contactForm.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    const response = await request(root.dataset.contactUrl, { method: "POST", body: data });
    const body = response ? await response.json().catch(() => ({})) : {};
    if (!response || !response.ok) {
      let first = null;
      Object.entries(body.errors || {}).forEach(([field, messages]) => {
        const slot = $(`chat-contact-${field}-error`);
        if (slot) slot.textContent = messages.join(" ");
        const control = contactForm.elements[field];
        if (control && control.setAttribute) { control.setAttribute("aria-invalid", "true"); first = first || control; }
      });
      status.textContent = body.errors ? errorText("invalid_form") : errorText("default");
      (first || $("chat-contact-title")).focus();
      return;
    }
    const note = labels.contactSent.replace("{reference}", body.reference);
    contactForm.reset();
    contactForm.hidden = true;
    form.hidden = false;
    $("chat-contact-open").hidden = false;
    state.items.push({ role: "note", text: note });
    save();
    renderNote(note, "note");
    status.textContent = note;
    input.focus();
  });

  // Following a link from the panel (a source, the enquiry form) shows that page, not the panel again.
  panel.addEventListener("click", (event) => {
    if (event.target.closest("a[href]")) { state.open = false; save(); }
  });

  // ---- start -----------------------------------------------------------------------------------
  renderAll();
  // The panel reopens on the next page only where it leaves the page visible beside it, and never
  // over a page showing a cited passage (a source opened from an answer, however it was opened:
  // a click, a new tab, a bookmark): the passage is what the visitor came to read, and the
  // conversation is one press of the launcher away.
  const showsCitation = document.querySelector(".cited") !== null;
  if (state.open && !showsCitation && window.matchMedia("(min-width: 40.01rem)").matches) setOpen(true, false);
  else if (state.pending) connect(); // an answer was streaming when the page changed
  if (state.pending && !state.conversation) {
    // The page went away before the conversation was created, so the question never left: send it.
    const question = [...state.items].reverse().find((entry) => entry.role === "user");
    if (question) sendQuestion(question.text);
    else setPending(false);
  }
  window.chatWidget = { drop: () => socket && socket.close(), state: () => state };  // lets tests simulate a dropped network
})();
