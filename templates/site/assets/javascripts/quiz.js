// Self-tests: a quiz page's «start» link runs the quiz in place. The questions are drawn from the
// pool and shuffled, and so are their choices; one question at a time, then the score, each
// question with the right answer, its explanation and what to revise. The last result and the
// attempts taken are kept in this browser (localStorage); there is no server.
// The pool comes from the generator (generator/site/quizzes.py) as a small data file beside the
// pages, loaded by a <script src> only on a quiz page, which works from file:// and, once loaded,
// offline. Its texts are HTML the site's Markdown and allowlist made; nothing else reaches innerHTML.
;(function () {
  const loaded = new Map() // data file URL -> the promise of its data
  const registered = new Map() // data file URL -> its data, as the file handed it over
  window.playbookQuiz = (data) => { registered.set(document.currentScript.src, data) }

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

  function button(className, text, action) {
    const node = element("button", "playbook-quiz__button " + className, text)
    node.type = "button"
    node.addEventListener("click", action)
    return node
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole))
  }

  function shuffled(items) {
    const copy = items.slice()
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1))
      const swap = copy[i]
      copy[i] = copy[j]
      copy[j] = swap
    }
    return copy
  }

  // as the generator compares short answers (generator.kinds.quiz.normal): case, ё, punctuation aside
  function normal(text) {
    return (text.toLowerCase().replace(/ё/g, "е").match(/[\p{L}\p{N}_]+/gu) || []).join(" ")
  }

  function storageKey(url) { return "playbook:quiz:" + new URL(url).pathname }
  function saved(url) {
    try { return JSON.parse(localStorage.getItem(storageKey(url))) || {} } catch (error) { return {} }
  }
  function save(url, record) {
    try { localStorage.setItem(storageKey(url), JSON.stringify(record)) } catch (error) { /* private mode: the result is shown, not kept */ }
  }

  let quiz = null // this page's: {url, data, start, view, last, attempt, timer}

  // the right answer of a question, and whether a given answer is it
  function isRight(question, answer) {
    if (answer === null || answer === undefined) return false
    if (question.type === "single" || question.type === "multiple") {
      const right = question.choices.map((choice, index) => (choice.correct ? index : -1)).filter((i) => i >= 0)
      return answer.length === right.length && right.every((i) => answer.includes(i))
    }
    if (question.type === "true-false") return answer === question.answer
    if (question.type === "order") return answer.every((step, index) => step === index)
    return question.accept.includes(normal(answer))
  }

  function begin() {
    const { data } = quiz
    const record = saved(quiz.url)
    const taken = (record.attempts || 0) + 1
    const pool = shuffled(data.questions).slice(0, data.ask || data.questions.length)
    quiz.attempt = {
      number: taken,
      questions: pool.map((question) => ({
        question,
        choices: question.choices ? shuffled(question.choices.map((choice, index) => index)) : null,
        order: question.order ? unordered(question.order.length) : null,
        answer: null,
      })),
      at: 0,
      ends: data.time_limit ? Date.now() + data.time_limit * 60000 : null,
    }
    quiz.start.hidden = true
    if (quiz.last) quiz.last.hidden = true
    clearInterval(quiz.timer)
    if (quiz.attempt.ends) quiz.timer = setInterval(tick, 1000)
    ask()
  }

  // the steps' positions shuffled, never already in order
  function unordered(length) {
    const start = Array.from({ length }, (item, index) => index)
    let order = shuffled(start)
    while (length > 1 && order.every((step, index) => step === index)) order = shuffled(start)
    return order
  }

  function left() { return Math.max(0, quiz.attempt.ends - Date.now()) }
  function clock(ms) {
    const seconds = Math.ceil(ms / 1000)
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0")
  }
  function tick() {
    if (!quiz || !quiz.attempt || !quiz.attempt.ends) return
    const shown = quiz.view && quiz.view.querySelector(".playbook-quiz__time")
    if (shown) shown.textContent = quiz.data.labels.left + " " + clock(left())
    if (left() === 0) finish(true)
  }

  function header(text) {
    const { labels } = quiz.data
    const bar = element("div", "playbook-quiz__bar")
    bar.append(element("span", "playbook-quiz__progress", text))
    if (quiz.attempt.ends) {
      const time = element("span", "playbook-quiz__time", labels.left + " " + clock(left()))
      time.setAttribute("role", "timer")
      bar.append(time)
    }
    return bar
  }

  function view() {
    if (!quiz.view) {
      quiz.view = element("section", "playbook-quiz")
      quiz.view.setAttribute("aria-label", quiz.data.labels.dialog)
      quiz.start.closest("p").after(quiz.view)
    }
    quiz.view.replaceChildren()
    return quiz.view
  }

  function ask() {
    const { labels } = quiz.data
    const { attempt } = quiz
    const entry = attempt.questions[attempt.at]
    const { question } = entry
    const body = view()
    const attempts = quiz.data.attempts
    const which = attempts && attempt.number > attempts
      ? fill(labels.practice, { of: attempts })
      : attempts ? fill(labels.attempt, { n: attempt.number, of: attempts }) : ""
    body.append(header(labels.question + " " + (attempt.at + 1) + " / " + attempt.questions.length + (which ? " · " + which : "")))
    const form = element("form", "playbook-quiz__question")
    form.dataset.question = question.id
    const text = html("h2", "playbook-quiz__text", question.text)
    text.tabIndex = -1
    form.append(text)
    form.append(answers(entry, labels))
    const last = attempt.at === attempt.questions.length - 1
    const next = element("button", "playbook-quiz__button playbook-quiz__primary", last ? labels.finish : labels.next + " →")
    next.type = "submit"
    const stop = button("playbook-quiz__stop", labels.leave, () => finish(false))
    const actions = element("div", "playbook-quiz__actions")
    actions.append(next, stop)
    form.append(actions)
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      entry.answer = answered(entry, form)
      if (last) finish(false)
      else { attempt.at += 1; ask() }
    })
    body.append(form)
    text.focus({ preventScroll: false })
  }

  function answers(entry, labels) {
    const { question } = entry
    const group = element("fieldset", "playbook-quiz__answers")
    const hint = { single: labels.pick_one, multiple: labels.pick_many, "true-false": labels.pick_one, order: labels.pick_order, short: labels.short_label }
    group.append(element("legend", "playbook-quiz__hint", hint[question.type]))
    const name = "answer-" + question.id
    const option = (type, value, content) => {
      const label = element("label", "playbook-quiz__choice")
      const input = element("input")
      input.type = type
      input.name = name
      input.value = String(value)
      label.append(input, content)
      group.append(label)
    }
    if (question.type === "single" || question.type === "multiple") {
      for (const index of entry.choices) option(question.type === "single" ? "radio" : "checkbox", index, html("span", "", question.choices[index].text))
    } else if (question.type === "true-false") {
      option("radio", "true", element("span", "", labels.true))
      option("radio", "false", element("span", "", labels.false))
    } else if (question.type === "order") {
      group.append(ordering(entry, labels))
    } else {
      const input = element("input", "playbook-quiz__short")
      input.type = "text"
      input.name = name
      input.autocomplete = "off"
      input.setAttribute("aria-label", labels.short_label)
      group.append(input)
    }
    return group
  }

  // an ordering question: each step with buttons that move it up and down, the keyboard's too
  function ordering(entry, labels) {
    const list = element("ol", "playbook-quiz__order")
    const draw = (focus) => {
      list.replaceChildren()
      entry.order.forEach((step, position) => {
        const item = element("li", "playbook-quiz__step")
        item.dataset.step = String(step)
        item.append(html("span", "playbook-quiz__step-text", entry.question.order[step]))
        const move = (delta, text, mark) => {
          const control = button("playbook-quiz__move", mark, () => {
            const [moved] = entry.order.splice(position, 1)
            entry.order.splice(position + delta, 0, moved)
            draw({ step, delta })
          })
          control.setAttribute("aria-label", text + ": " + item.textContent)
          control.disabled = position + delta < 0 || position + delta >= entry.order.length
          control.dataset.move = String(delta)
          return control
        }
        item.append(move(-1, labels.up, "↑"), move(1, labels.down, "↓"))
        list.append(item)
      })
      if (focus) {
        const item = list.querySelector('[data-step="' + focus.step + '"]')
        const same = item.querySelector('[data-move="' + focus.delta + '"]')
        ;(same.disabled ? item.querySelector(".playbook-quiz__move:not([disabled])") : same).focus()
      }
    }
    draw(null)
    return list
  }

  function answered(entry, form) {
    const { question } = entry
    const inputs = Array.from(form.querySelectorAll("input"))
    if (question.type === "single" || question.type === "multiple") {
      const picked = inputs.filter((input) => input.checked).map((input) => Number(input.value))
      return picked.length ? picked : null
    }
    if (question.type === "true-false") {
      const picked = inputs.find((input) => input.checked)
      return picked ? picked.value === "true" : null
    }
    if (question.type === "order") return entry.order.slice()
    const text = inputs[0].value.trim()
    return text ? text : null
  }

  function finish(timeUp) {
    clearInterval(quiz.timer)
    const { data } = quiz
    const { labels } = data
    const { attempt } = quiz
    if (!attempt) return
    quiz.attempt = null
    const results = attempt.questions.map((entry) => ({ entry, right: isRight(entry.question, entry.answer) }))
    const right = results.filter((result) => result.right).length
    const total = results.length
    const percent = Math.round((100 * right) / total)
    const passed = right * 100 >= data.pass_mark * total
    save(quiz.url, { right, total, percent, passed, on: new Date().toISOString(), attempts: attempt.number })

    const body = view()
    const summary = element("div", "playbook-quiz__summary " + (passed ? "playbook-quiz--passed" : "playbook-quiz--failed"))
    const title = element("h2", "playbook-quiz__verdict", (passed ? "✓ " : "✗ ") + (passed ? labels.passed : labels.failed))
    title.tabIndex = -1
    summary.append(title)
    if (timeUp) summary.append(element("p", "playbook-quiz__time-up", labels.time_up))
    summary.append(element("p", "playbook-quiz__score", labels.result + ": " + fill(labels.score, { right, total, percent })))
    summary.append(element("p", "playbook-quiz__need", fill(labels.need, { mark: data.pass_mark })))
    summary.append(button("playbook-quiz__again playbook-quiz__primary", "↺ " + labels.again, begin))
    body.append(summary)

    const list = element("ol", "playbook-quiz__review")
    for (const { entry, right: correct } of results) list.append(reviewed(entry, correct, labels))
    body.append(list)
    title.focus()
  }

  // one question of the result: the question, the answer given, the right one, why, what to revise
  function reviewed(entry, correct, labels) {
    const { question, answer } = entry
    const item = element("li", "playbook-quiz__reviewed " + (correct ? "playbook-quiz--right" : "playbook-quiz--wrong"))
    item.dataset.question = question.id
    const text = html("p", "playbook-quiz__asked", question.text)
    text.prepend(element("span", "playbook-quiz__mark", correct ? "✓ " : "✗ "))
    item.append(text)
    const line = (label, nodes) => {
      const paragraph = element("p", "playbook-quiz__line")
      paragraph.append(element("strong", "", label + ": "))
      nodes.forEach((node, index) => { if (index) paragraph.append("; "); paragraph.append(node) })
      return paragraph
    }
    const given = answer === null ? [] : shownAnswer(question, answer, labels)
    item.append(line(labels.your_answer, given.length ? given : [element("em", "", labels.no_answer)]))
    if (!correct) item.append(line(labels.right_answer, shownAnswer(question, rightAnswer(question), labels)))
    if (question.explanation) item.append(html("p", "playbook-quiz__why", question.explanation))
    if (question.see.length) {
      item.append(line(labels.see, question.see.map((target) => {
        const link = html("a", "", target.text)
        link.href = new URL(target.href, quiz.url).href
        return link
      })))
    }
    return item
  }

  function rightAnswer(question) {
    if (question.type === "single" || question.type === "multiple") {
      return question.choices.map((choice, index) => (choice.correct ? index : -1)).filter((i) => i >= 0)
    }
    if (question.type === "true-false") return question.answer
    if (question.type === "order") return question.order.map((step, index) => index)
    return null // a short answer: its first accepted wording is shown
  }

  function shownAnswer(question, answer, labels) {
    if (question.type === "short") {
      if (answer === null) return [html("span", "", question.shown)]
      return [element("span", "", answer)]
    }
    if (answer === null || answer === undefined) return []
    if (question.type === "true-false") return [element("span", "", answer ? labels.true : labels.false)]
    const texts = question.type === "order" ? question.order : question.choices.map((choice) => choice.text)
    return answer.map((index, position) => html("span", "", (question.type === "order" ? position + 1 + ". " : "") + texts[index]))
  }

  function showLast() {
    const record = saved(quiz.url)
    if (!record.total) return
    const { labels } = quiz.data
    const when = new Date(record.on).toLocaleDateString(document.documentElement.lang || undefined)
    const text = labels.last + ": " + fill(labels.score, record) + " — " + (record.passed ? labels.passed : labels.failed) + ", " + when
    if (!quiz.last) {
      quiz.last = element("p", "playbook-quiz__last")
      quiz.start.closest("p").after(quiz.last)
    }
    quiz.last.textContent = text
    quiz.last.hidden = false
  }

  function prepare() {
    if (quiz) clearInterval(quiz.timer)
    quiz = null
    const start = document.querySelector("a.playbook-quiz-start")
    if (!start) return
    // the link MkDocs made to this quiz's data file becomes the quiz's entry
    if (!start.dataset.quiz) start.dataset.quiz = start.href
    start.href = "#"
    start.setAttribute("role", "button")
    const here = { url: start.dataset.quiz, data: null, start, view: null, last: null, attempt: null, timer: null }
    quiz = here
    const ready = load(here.url).then((data) => {
      here.data = data
      if (quiz === here) { showLast(); start.classList.add("playbook-quiz-ready") }
    }, (error) => console.error("playbook: the quiz's questions could not be loaded", error))
    start.addEventListener("click", (event) => {
      event.preventDefault()
      event.stopPropagation() // Material's instant navigation would follow the link itself
      ready.then(() => { if (quiz === here && here.data) begin() })
    })
  }
  onEveryPage(prepare)
})()
