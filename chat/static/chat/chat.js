// Chat widget: streams answer frames from /ws/chat/, shows citations, and resumes after a dropped
// connection from the last frame it saw (frames are numbered per conversation), so nothing is lost or doubled.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  if (!root) return;
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const status = document.getElementById("chat-status");
  const clear = document.getElementById("chat-delete");
  const labels = JSON.parse(document.getElementById("chat-labels").textContent);
  const langPrefix = (location.pathname.match(/^\/(en|zh-hant|zh-hans)\//i) || ["", "en"])[1];
  let socket = null;
  let conversation = sessionStorage.getItem("chat-conversation");
  let lastSeq = Number(sessionStorage.getItem("chat-seq") || 0);
  let current = null;
  let retry = 500;
  const queue = [];

  function remember() {
    if (conversation) sessionStorage.setItem("chat-conversation", conversation);
    else sessionStorage.removeItem("chat-conversation");
    sessionStorage.setItem("chat-seq", String(lastSeq));
  }

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${root.dataset.wsPath}`);
    socket.onopen = () => {
      status.textContent = "";
      retry = 500;
      if (conversation) socket.send(JSON.stringify({ type: "resume", conversation, last_seq: lastSeq }));
      while (queue.length) socket.send(queue.shift());
    };
    socket.onclose = () => {
      status.textContent = labels.reconnecting;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
    socket.onmessage = (event) => handle(JSON.parse(event.data));
  }

  function add(role, text) {
    const item = document.createElement("li");
    item.className = `msg ${role}`;
    const body = document.createElement("div");
    body.className = "text";
    body.textContent = text;
    item.appendChild(body);
    log.appendChild(item);
    item.scrollIntoView({ block: "end" });
    return item;
  }

  function citations(frame) {
    const list = document.createElement("ol");
    list.className = "citations";
    list.setAttribute("aria-label", labels.sources);
    frame.citations.forEach((c) => {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = c.url;
      a.target = "_blank";
      a.rel = "noopener";
      a.textContent = `${c.title}${c.section ? " — " + c.section : ""}${c.page ? " (p. " + c.page + ")" : ""}`;
      li.appendChild(a);
      list.appendChild(li);
    });
    return list;
  }

  function enquiryLink(frame) {
    const fields = frame.enquiry || {};
    const params = new URLSearchParams();
    Object.entries(fields).forEach(([key, value]) => {
      if (key === "missing" || key === "product_line" || value === null) return;
      if (Array.isArray(value)) params.set(key, value.join(","));
      else if (typeof value === "object") params.set(key, Object.entries(value).map(([k, v]) => `${k}:${v}`).join(","));
      else params.set(key, String(value));
    });
    params.set("conversation", frame.conversation);
    const link = document.createElement("a");
    link.className = "button";
    link.href = `/${langPrefix}/enquiries/new/${fields.product_line || "general"}/?${params}`;
    link.textContent = frame.kind === "quote" ? labels.startEnquiry : labels.contactPerson;
    return link;
  }

  function feedback(frame) {
    const group = document.createElement("div");
    group.className = "feedback";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", labels.feedback);
    [["up", "👍", labels.helpful], ["down", "👎", labels.notHelpful]].forEach(([vote, icon, label]) => {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = icon;
      button.setAttribute("aria-label", label);
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", async () => {
        const reason = vote === "down" ? (window.prompt(labels.reason) || "") : "";
        const response = await fetch(`/api/chat/messages/${frame.message}/feedback/`, {
          method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ vote, reason }),
        });
        if (response.ok) group.querySelectorAll("button").forEach((b) => b.setAttribute("aria-pressed", String(b === button)));
      });
      group.appendChild(button);
    });
    return group;
  }

  function handle(frame) {
    if (typeof frame.seq === "number") {
      if (frame.seq <= lastSeq) return;  // already shown before the connection dropped
      lastSeq = frame.seq;
    }
    if (frame.conversation) conversation = frame.conversation;
    remember();
    if (frame.type === "delta") {
      if (!current) { current = add("assistant", ""); current.setAttribute("aria-busy", "true"); }
      current.querySelector(".text").textContent += frame.text;
    } else if (frame.type === "answer") {
      if (!current) current = add("assistant", "");
      current.querySelector(".text").textContent = frame.text;
      current.dataset.kind = frame.kind;
      current.setAttribute("aria-busy", "false");
      if (frame.citations && frame.citations.length) current.appendChild(citations(frame));
      if (frame.kind === "quote" || frame.kind === "handoff" || frame.kind === "no_answer") current.appendChild(enquiryLink(frame));
      current.appendChild(feedback(frame));
      current = null;
    } else if (frame.type === "error") {
      if (frame.code === "unknown_conversation") { conversation = null; lastSeq = 0; remember(); }
      add("error", frame.message);
      current = null;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    add("user", text);
    const frame = JSON.stringify({ type: "message", text, conversation: conversation || undefined });
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(frame); else queue.push(frame);
    input.value = "";
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  clear.addEventListener("click", async () => {
    if (conversation) await fetch(`/api/chat/conversations/${conversation}/`, { method: "DELETE" });
    conversation = null; lastSeq = 0; remember();
    log.replaceChildren();
    status.textContent = labels.deleted;
  });
  // The browser session owns the conversations: make sure it exists before the socket opens.
  fetch("/api/chat/session/", { method: "POST" }).finally(connect);
  window.chatWidget = { drop: () => socket && socket.close() };  // lets tests simulate a dropped network
})();
