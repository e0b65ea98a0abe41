// Chat widget: streams answer frames from /ws/chat/ and shows their citations.
(function () {
  "use strict";
  const root = document.getElementById("chat");
  if (!root) return;
  const log = document.getElementById("chat-log");
  const form = document.getElementById("chat-form");
  const input = document.getElementById("chat-input");
  const status = document.getElementById("chat-status");
  let socket = null;
  let conversation = sessionStorage.getItem("chat-conversation");
  let current = null;
  const queue = [];

  function connect() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}${root.dataset.wsPath}`);
    socket.onopen = () => { status.textContent = ""; while (queue.length) socket.send(queue.shift()); };
    socket.onclose = () => { status.textContent = "…"; setTimeout(connect, 1500); };
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

  function handle(frame) {
    if (frame.type === "delta") {
      if (!current) current = add("assistant", "");
      current.querySelector(".text").textContent += frame.text;
    } else if (frame.type === "answer") {
      if (!current) current = add("assistant", "");
      current.querySelector(".text").textContent = frame.text;
      current.dataset.kind = frame.kind;
      conversation = frame.conversation;
      sessionStorage.setItem("chat-conversation", conversation);
      if (frame.citations && frame.citations.length) {
        const list = document.createElement("ol");
        list.className = "citations";
        list.setAttribute("aria-label", "Sources");
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
        current.appendChild(list);
      }
      if (frame.kind === "quote" || frame.kind === "handoff") {
        const link = document.createElement("a");
        link.className = "button";
        const line = (frame.enquiry && frame.enquiry.product_line) || "";
        link.href = line ? `../enquiries/new/${line}/` : "../enquiries/";
        link.textContent = "→";
        current.appendChild(link);
      }
      current = null;
    } else if (frame.type === "error") {
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
  connect();
})();
