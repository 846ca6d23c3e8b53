// Draws the playbook's diagrams (<pre class="playbook-diagram">) with Mermaid in the page's own
// DOM, so that the funnel's stages and a script's steps are links. Labels arrive as Mermaid
// entity codes, never as HTML; Material's own ```mermaid blocks are left to Material.
// Runs `work` on each page shown: on every page Material's instant navigation brings, or once.
function onEveryPage(work) {
  if (typeof document$ !== "undefined") document$.subscribe(work)
  else document.addEventListener("DOMContentLoaded", work)
}

// Mermaid (3.6 MB) is loaded only on a page that has a diagram, once, from beside this script.
(function () {
  let drawn = 0
  const library = new URL("mermaid.min.js", document.currentScript.src).href
  let loading = null
  function load() {
    loading = loading || new Promise((resolve, reject) => {
      const script = document.createElement("script")
      script.src = library
      script.onload = resolve
      script.onerror = reject
      document.head.appendChild(script)
    })
    return loading
  }
  async function draw() {
    const blocks = document.querySelectorAll("pre.playbook-diagram")
    if (blocks.length === 0) return
    await load()
    // past Mermaid's defaults (500 arrows, 50,000 characters); generator/site/diagrams.py
    // has the same numbers, and `playbook check` warns about a script past them
    mermaid.initialize({
      startOnLoad: false, securityLevel: "antiscript", theme: "default",
      maxEdges: 3000, maxTextSize: 300000,
    })
    for (const block of blocks) {
      const figure = document.createElement("div")
      figure.className = "playbook-diagram"
      try {
        const { svg, bindFunctions } = await mermaid.render(`playbook-diagram-${drawn++}`, block.textContent)
        figure.innerHTML = svg
        if (bindFunctions) bindFunctions(figure)
      } catch (error) {
        console.error("playbook: a diagram could not be drawn", error) // the page's text still says it all
      }
      block.replaceWith(figure)
    }
  }
  onEveryPage(draw)
})()

// Checklists a seller ticks on screen: the ticks of each checklist page are kept in this browser
// (localStorage, by the page's address), and its button clears them.
;(function () {
  function prepare() {
    for (const list of document.querySelectorAll(".playbook-checklist")) {
      const boxes = Array.from(list.querySelectorAll("input[type=checkbox]"))
      const key = "playbook:ticks:" + location.pathname
      let ticks = []
      try { ticks = JSON.parse(localStorage.getItem(key) || "[]") } catch (error) { ticks = [] }
      const save = () => localStorage.setItem(key, JSON.stringify(boxes.map((box) => box.checked)))
      boxes.forEach((box, index) => {
        box.disabled = false
        box.checked = ticks[index] === true
        box.addEventListener("change", save)
        // the whole item is the tap target on a phone, not only the box; a link in it stays a link
        box.closest("li").addEventListener("click", (event) => {
          if (event.target.closest("a, label")) return
          box.checked = !box.checked
          save()
        })
      })
      const reset = list.querySelector("button.playbook-reset")
      if (reset) reset.addEventListener("click", () => {
        boxes.forEach((box) => { box.checked = false })
        localStorage.removeItem(key)
      })
    }
  }
  onEveryPage(prepare)
})()

// Names for what Material leaves unnamed to a screen reader: the search dialog, and each task-list
// box (its label holds only the box; the item's text is beside it).
;(function () {
  function name() {
    const search = document.querySelector(".md-search[role=dialog]")
    const input = document.querySelector("input.md-search__input")
    if (search && input && !search.hasAttribute("aria-label")) {
      search.setAttribute("aria-label", input.getAttribute("aria-label") || input.placeholder)
    }
    for (const box of document.querySelectorAll(".task-list-item input[type=checkbox]")) {
      const text = box.closest("li").textContent.trim().replace(/\s+/g, " ")
      box.setAttribute("aria-label", text.slice(0, 200))
    }
  }
  onEveryPage(name)
})()
