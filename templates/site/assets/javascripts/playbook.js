// Draws the playbook's diagrams (<pre class="playbook-diagram">) with Mermaid in the page's own
// DOM, so that the funnel's stages and a script's steps are links. Labels arrive as Mermaid
// entity codes, never as HTML; Material's own ```mermaid blocks are left to Material.
// Runs `work` on each page shown: on every page Material's instant navigation brings, or once.
// (From file:// Material has no instant navigation, and its document$ ends without telling of a page.)
function onEveryPage(work) {
  if (typeof document$ !== "undefined" && location.protocol !== "file:") document$.subscribe(work)
  else document.addEventListener("DOMContentLoaded", work)
}

// The elements call mode and the self-tests build (call.js and quiz.js, loaded after this file)
function element(tag, className, text) {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text !== undefined) node.textContent = text
  return node
}

// HTML of the standards' texts, made and cleaned by the generator
function html(tag, className, cleaned) {
  const node = element(tag, className)
  node.innerHTML = cleaned
  return node
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

// A diagram's full-screen view. On a phone the page fits a diagram to its width and the text
// shrinks to a few pixels; the view shows it at the size Mermaid draws it (16 px text), scrolled
// with a finger or the mouse, larger or smaller by its buttons or the + and − keys, closed by its
// button or Escape. The page's buttons carry the words, in the page's language.
;(function () {
  const SCALES = [0.5, 0.75, 1, 1.25, 1.5, 2, 3] // 1: the drawn size
  const views = new WeakMap() // an open view -> its diagram, where it came from, its scale

  function open(figure) {
    const svg = figure.querySelector("div.playbook-diagram svg")
    if (!svg) return
    const view = document.createElement("dialog")
    view.className = "playbook-diagram-view"
    view.setAttribute("aria-label", figure.querySelector(".playbook-diagram-open").textContent)
    const bar = document.createElement("div")
    bar.className = "playbook-diagram-bar"
    for (const name of ["smaller", "larger", "close"]) {
      bar.appendChild(figure.querySelector(".playbook-diagram-" + name).cloneNode(true))
    }
    const area = document.createElement("div")
    area.className = "playbook-diagram-area"
    area.tabIndex = 0 // the arrow keys scroll it too
    view.append(bar, area)
    const state = {
      svg, home: svg.parentNode, width: svg.viewBox.baseVal.width || svg.getBoundingClientRect().width,
      style: svg.getAttribute("style"), attribute: svg.getAttribute("width"), scale: SCALES.indexOf(1),
    }
    views.set(view, state)
    area.appendChild(svg)
    size(view)
    figure.appendChild(view) // inside the page's content, so another page shown replaces it too
    view.addEventListener("close", () => restore(view))
    view.addEventListener("keydown", (event) => {
      if (event.key === "+" || event.key === "=") zoom(view, 1)
      else if (event.key === "-" || event.key === "−") zoom(view, -1)
    })
    drag(area)
    view.showModal()
    // start where the diagram starts: its first node, at the top and in the middle of the screen
    const first = svg.querySelector("g.node")
    if (first) {
      const node = first.getBoundingClientRect()
      const screen = area.getBoundingClientRect()
      area.scrollLeft += node.left + node.width / 2 - (screen.left + screen.width / 2)
      area.scrollTop += node.top - screen.top - 16
    }
  }

  function size(view) {
    const state = views.get(view)
    state.svg.style.maxWidth = "none"
    state.svg.setAttribute("width", String(Math.round(state.width * SCALES[state.scale])))
  }

  function zoom(view, step) {
    const state = views.get(view)
    const next = Math.min(SCALES.length - 1, Math.max(0, state.scale + step))
    if (next === state.scale) return
    const area = view.querySelector(".playbook-diagram-area")
    // keep the point at the middle of the screen where it is
    const x = (area.scrollLeft + area.clientWidth / 2) / area.scrollWidth
    const y = (area.scrollTop + area.clientHeight / 2) / area.scrollHeight
    state.scale = next
    size(view)
    area.scrollLeft = x * area.scrollWidth - area.clientWidth / 2
    area.scrollTop = y * area.scrollHeight - area.clientHeight / 2
  }

  function restore(view) {
    const state = views.get(view)
    if (!state) return
    views.delete(view)
    if (state.style === null) state.svg.removeAttribute("style")
    else state.svg.setAttribute("style", state.style)
    if (state.attribute === null) state.svg.removeAttribute("width")
    else state.svg.setAttribute("width", state.attribute)
    state.home.appendChild(state.svg)
    const figure = view.closest(".playbook-figure")
    view.remove()
    if (figure) figure.querySelector(".playbook-diagram-open").focus()
  }

  // the mouse moves the diagram as a finger does (a finger scrolls the area by itself)
  function drag(area) {
    let from = null
    area.addEventListener("pointerdown", (event) => {
      if (event.pointerType !== "mouse" || event.target.closest("a")) return
      from = { x: event.clientX, y: event.clientY, left: area.scrollLeft, top: area.scrollTop }
    })
    area.addEventListener("pointermove", (event) => {
      if (!from) return
      area.scrollLeft = from.left - (event.clientX - from.x)
      area.scrollTop = from.top - (event.clientY - from.y)
    })
    for (const end of ["pointerup", "pointerleave"]) area.addEventListener(end, () => { from = null })
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest("button")
    const view = event.target.closest("dialog.playbook-diagram-view")
    if (view && event.target.closest("a")) { view.close(); return } // a step or a stage: go there
    if (!button) return
    if (button.matches(".playbook-diagram-open")) open(button.closest(".playbook-figure"))
    else if (view && button.matches(".playbook-diagram-close")) view.close()
    else if (view && button.matches(".playbook-diagram-larger")) zoom(view, 1)
    else if (view && button.matches(".playbook-diagram-smaller")) zoom(view, -1)
  })
})()

// On a phone a table of many columns becomes a card per row (the stylesheet does it below 600 px):
// each cell is labelled with its column's heading. The CRM matrix stays a table: its marks are
// read against the stages across.
;(function () {
  function label() {
    for (const table of document.querySelectorAll(".md-typeset table")) {
      if (table.closest(".playbook-matrix") || table.hasAttribute("data-cards")) continue
      const heads = Array.from(table.querySelectorAll("thead th"), (th) => th.textContent.trim())
      if (heads.length < 3) continue // two columns already fit a phone
      for (const row of table.querySelectorAll("tbody tr")) {
        Array.from(row.cells).forEach((cell, index) => cell.setAttribute("data-label", heads[index] || ""))
      }
      table.setAttribute("data-cards", "")
    }
  }
  onEveryPage(label)
})()
