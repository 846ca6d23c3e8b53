// Call mode: a script one step at a time while the client is on the line. What to say in large
// type, the client's answers as big buttons (keys 1–9), the next step on a tap (Enter), back
// (Backspace), start over, the path so far and, at the end, the outcome and what to record in
// the CRM; an answer that is an objection opens its best answer in place.
// The steps come from the generator (generator/site/calls.py) as a small data file beside the
// pages, loaded by a <script src> only on a page with the «start the call» link, which works from
// file:// too. Their texts are HTML the site's Markdown and allowlist made; nothing else reaches
// innerHTML. The path is the URL's hash (#call=greeting/reason-for-call), so a reload and the
// browser's back button keep the call where it was.
;(function () {
  const CALL = "#call"
  const loaded = new Map() // data file URL -> the promise of its data
  const registered = new Map() // data file URL -> its data, as the file handed it over
  window.playbookCall = (data) => { registered.set(document.currentScript.src, data) }

  function load(url) {
    if (!loaded.has(url)) {
      loaded.set(url, new Promise((resolve, reject) => {
        const tag = document.createElement("script")
        tag.src = url
        tag.onload = () => resolve(registered.get(tag.src))
        tag.onerror = reject
        document.head.appendChild(tag)
      }))
    }
    return loaded.get(url)
  }

  let call = null // this page's script: {url, start, ready, data, steps, path, view, hidden}
  // the history entries of the call, so that its Back is the browser's back whenever the entry
  // before is the step before; kept for the tab (sessionStorage), since a reload keeps the history
  let entries = []
  let at = -1
  function remembered() { return "playbook:call:" + location.pathname }
  function remember() {
    try {
      sessionStorage.setItem(remembered(), JSON.stringify({ entries, at }))
    } catch (error) { /* storage refused: Back still works, by replacing the entry */ }
  }
  function recall() {
    let saved = null
    try { saved = JSON.parse(sessionStorage.getItem(remembered())) } catch (error) { saved = null }
    const fits = saved && Array.isArray(saved.entries) && saved.entries[saved.at] === location.hash
    entries = fits ? saved.entries : [location.hash]
    at = fits ? saved.at : 0
  }

  // the state of the call's history entries. Not null: on a popstate with a null state and a hash,
  // Material scrolls to the hash by clicking a link to it, a frame or more later — by then the
  // seller may have taken the next step, and that click would take them back
  const ENTRY = { call: true }

  function isCall(hash) { return hash === CALL || hash.startsWith(CALL + "=") }
  function hashOf(path) { return path.length === 1 ? CALL : CALL + "=" + path.join("/") }

  // the steps the hash names, as far as each follows from the one before
  function pathOf(hash) {
    const ids = hash.slice(CALL.length + 1).split("/")
    const path = [call.data.steps[0].id]
    for (const id of ids.slice(1)) {
      const step = call.steps.get(path[path.length - 1])
      const follows = step.next === id || (step.options || []).some((option) => option.next === id)
      if (!follows) break
      path.push(id)
    }
    return path
  }

  // the browser goes back in a task of its own: what the seller asks meanwhile waits for it
  let waiting = null
  function traverse(delta) {
    const mine = waiting = []
    history.go(delta)
    setTimeout(() => { if (waiting === mine) settled() }, 500) // in case the browser had nowhere to go
  }
  function settled() {
    const queued = waiting || []
    waiting = null
    for (const action of queued) action()
  }
  function whenSettled(action) {
    return (...args) => (waiting ? waiting.push(() => action(...args)) : action(...args))
  }

  function go(path) {
    const hash = hashOf(path)
    history.pushState(ENTRY, "", hash)
    entries = entries.slice(0, at + 1).concat(hash)
    at += 1
    remember()
    show()
  }

  const back = whenSettled(() => {
    if (call.path.length < 2) return
    const parent = hashOf(call.path.slice(0, -1))
    if (at > 0 && entries[at - 1] === parent) {
      traverse(-1) // popstate shows it
    } else {
      history.replaceState(ENTRY, "", parent)
      entries[at] = parent
      remember()
      show()
    }
  })

  const restart = whenSettled(() => go(call.path.slice(0, 1)))

  const leave = whenSettled(() => {
    const page = location.pathname + location.search
    if (at > 0 && !isCall(entries[0])) traverse(-at) // to the page as it was before the call
    else {
      history.replaceState(null, "", page)
      entries[at] = ""
      remember()
      show()
    }
  })

  window.addEventListener("popstate", () => {
    if (!call) return
    const hash = location.hash
    if (entries[at] !== hash) { // the same move may be told twice (Material's instant navigation)
      if (entries[at - 1] === hash) at -= 1
      else if (entries[at + 1] === hash) at += 1
      else { entries = [hash]; at = 0 }
    }
    remember()
    show()
    settled()
  })
  window.addEventListener("hashchange", () => show())

  // the call as the hash says, or the page when the hash is not a call
  function show() {
    if (!call || !call.data || !isCall(location.hash)) { close(); return }
    call.path = pathOf(location.hash)
    const hash = hashOf(call.path)
    if (hash !== location.hash) { // a step that does not follow: the call stops before it
      history.replaceState(ENTRY, "", hash)
      entries[at] = hash
      remember()
    }
    render()
  }

  function button(className, text, action) {
    const node = element("button", "playbook-call__button " + className, text)
    node.type = "button"
    node.addEventListener("click", action)
    return node
  }

  function open() {
    const { labels } = call.data
    const view = element("div", "playbook-call")
    view.setAttribute("role", "dialog")
    view.setAttribute("aria-modal", "true")
    view.setAttribute("aria-label", labels.dialog)
    const bar = element("div", "playbook-call__bar")
    bar.append(html("span", "playbook-call__name", call.data.name))
    bar.append(button("playbook-call__leave", "✕ " + labels.leave, leave))
    const body = element("div", "playbook-call__body")
    const controls = element("div", "playbook-call__controls")
    controls.append(button("playbook-call__back", "← " + labels.back, back))
    controls.append(button("playbook-call__restart", "↺ " + labels.restart, restart))
    controls.append(element("p", "playbook-call__keys", labels.keys))
    view.append(bar, body, controls)
    // the page behind is out of reach while the call is on: no tab, no screen reader, no scroll
    call.hidden = Array.from(document.body.children).filter((child) => !child.inert)
    for (const child of call.hidden) child.inert = true
    document.documentElement.classList.add("playbook-call-open")
    document.body.append(view)
    call.view = view
  }

  function close() {
    if (!call || !call.view) return
    call.view.remove()
    call.view = null
    for (const child of call.hidden) child.inert = false
    document.documentElement.classList.remove("playbook-call-open")
    if (call.start.isConnected) call.start.focus()
    left = Date.now()
  }
  // when the call was left: should Material then show the page again (its instant navigation may,
  // after going back), the new page's entry gets the focus the old one had
  let left = 0

  function render() {
    if (!call.view) open()
    const { labels, steps } = call.data
    const step = call.steps.get(call.path[call.path.length - 1])
    const body = call.view.querySelector(".playbook-call__body")
    body.replaceChildren()

    if (call.path.length > 1) {
      const trail = element("ol", "playbook-call__path")
      trail.setAttribute("aria-label", labels.path)
      for (const id of call.path) {
        const item = html("li", "", call.steps.get(id).title)
        if (id === step.id) item.setAttribute("aria-current", "step")
        trail.append(item)
      }
      body.append(trail)
    }
    const heading = element("h2", "playbook-call__step", labels.step + " " + (steps.indexOf(step) + 1) + ". ")
    heading.append(html("span", "", step.title))
    heading.tabIndex = -1
    body.append(heading, element("p", "playbook-call__label", labels.says))
    body.append(html("blockquote", "playbook-call__say", step.say))

    const hint = (label, text) => {
      const note = html("p", "playbook-call__note", text)
      note.prepend(element("strong", "", label + ": "))
      return note
    }
    if (step.outcome) {
      const outcome = element("div", "playbook-call__outcome")
      const line = html("p", "playbook-call__result", step.outcome)
      line.prepend(element("strong", "", labels.outcome + ": "))
      outcome.append(line)
      if (step.note) outcome.append(hint(labels.record, step.note))
      body.append(outcome, button("playbook-call__again playbook-call__primary", "↺ " + labels.restart, restart))
    } else if (step.note) {
      body.append(hint(labels.note, step.note))
    }
    if (step.options) {
      body.append(element("p", "playbook-call__label", labels.client_answers))
      const answers = element("ol", "playbook-call__answers")
      step.options.forEach((option, index) => {
        const item = element("li")
        const answer = button("playbook-call__answer", "", () => choose(index))
        if (index < 9) answer.append(element("kbd", "playbook-call__key", String(index + 1)))
        answer.append(html("span", "", option.answer))
        item.append(answer)
        if (option.objection) item.append(objection(option.objection, labels))
        answers.append(item)
      })
      body.append(answers)
    } else if (step.next) {
      const next = button("playbook-call__next playbook-call__primary", labels.next + " →", advance)
      next.append(element("kbd", "playbook-call__key", "Enter"))
      body.append(next)
    }
    // nothing to go back to on the first step; an outcome has its own, bigger «start over»
    call.view.classList.toggle("playbook-call--first", call.path.length === 1)
    call.view.querySelector(".playbook-call__restart").hidden = Boolean(step.outcome)
    body.scrollTop = 0
    heading.focus({ preventScroll: true }) // a screen reader reads the new step from its title
  }

  function objection(answer, labels) {
    const disclosure = element("details", "playbook-call__objection")
    const summary = element("summary", "", labels.best_answer + " ")
    summary.append(html("span", "", answer.name))
    const approach = html("p", "playbook-call__approach", answer.approach)
    const more = element("a", "playbook-call__more", labels.all_answers)
    more.href = new URL(answer.href, call.url).href
    disclosure.append(summary, approach, html("blockquote", "playbook-call__say", answer.say), more)
    return disclosure
  }

  const choose = whenSettled((index) => {
    const step = call.steps.get(call.path[call.path.length - 1])
    const option = (step.options || [])[index]
    if (option) go(call.path.concat(option.next))
  })

  const advance = whenSettled(() => {
    const step = call.steps.get(call.path[call.path.length - 1])
    if (step.next) go(call.path.concat(step.next))
  })

  document.addEventListener("keydown", (event) => {
    if (!call || !call.view || event.ctrlKey || event.metaKey || event.altKey) return
    // a focused button, summary or link does what Enter and Space do to it
    const control = event.target.closest && event.target.closest("button, summary, a")
    let handled = true
    if (/^[1-9]$/.test(event.key)) choose(Number(event.key) - 1)
    else if ((event.key === "Enter" || event.key === " ") && !control) advance()
    else if (event.key === "Backspace") back()
    else if (event.key === "Escape") leave()
    else handled = false
    if (handled) event.preventDefault()
    event.stopPropagation() // Material's own keys (search, next page) wait until the call is left
  })

  function prepare() {
    close()
    call = null
    const start = document.querySelector("a.playbook-call-start")
    if (!start) return
    recall()
    // the link MkDocs made to this script's data file becomes the call's entry
    if (!start.dataset.calls) start.dataset.calls = start.href
    start.href = CALL
    start.classList.add("playbook-call-ready")
    const here = { url: start.dataset.calls, start, data: null, steps: null, path: [], view: null, hidden: [] }
    call = here
    if (Date.now() - left < 3000) start.focus()
    here.ready = load(here.url).then((data) => {
      here.data = data
      here.steps = new Map(data.steps.map((step) => [step.id, step]))
      if (call === here) show()
    }, (error) => {
      start.classList.remove("playbook-call-ready")
      console.error("playbook: the call's steps could not be loaded", error)
    })
  }
  onEveryPage(prepare)

  // before Material's instant navigation, which would push the link's hash itself
  document.addEventListener("click", (event) => {
    const start = event.target.closest && event.target.closest("a.playbook-call-start")
    if (!start || !call || call.start !== start) return
    event.preventDefault()
    event.stopPropagation()
    const here = call
    here.ready.then(() => {
      if (call !== here || !here.data) return
      entries = [location.hash] // the page, without the call
      at = 0
      go([here.data.steps[0].id])
    })
  }, true)
})()
