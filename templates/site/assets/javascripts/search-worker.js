// The site's finder, run in the place of Material's search worker (generator/site/hooks.py puts it
// there): the seller keeps Material's box, result list and keys; what is found is ours. It speaks
// Material's worker protocol — SETUP with the index (search/search_index.json, which
// generator/site/finder.py builds and describes) answered by READY, then QUERY by RESULT.
const SETUP = 0
const READY = 1
const QUERY = 2
const RESULT = 3
const ENDING = 4 // letters an ending adds to a key: доставк + у
const TYPO_FROM = 5 // a word this long may have one typo in it
const SHOWN = 20
const PHRASE = 3 // a query that is one of a page's names outweighs its words found in the text

let finder = null

// The words of a text as the index keeps them: lower case, ё as е, no punctuation (finder.words)
function words(text) {
  return text.normalize("NFC").toLowerCase().replace(/ё/g, "е").match(/[\p{L}\p{N}]+/gu) || []
}

function prepare(index) {
  const postings = new Map(Object.entries(index.keys))
  return { pages: index.pages, names: index.names, postings, keys: Array.from(postings.keys()) }
}

// Whether `a` becomes `b` by at most one letter changed, added, dropped or two swapped
function withinOne(a, b) {
  if (Math.abs(a.length - b.length) > 1) return false
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  const rest = (x, y) => a.slice(x) === b.slice(y)
  return rest(i + 1, i + 1) || rest(i + 1, i) || rest(i, i + 1) ||
    (a[i] === b[i + 1] && a[i + 1] === b[i] && rest(i + 2, i + 2))
}

function oneTypo(word, key) {
  for (let cut = key.length - 1; cut <= key.length + 1; cut++) {
    if (cut <= word.length && word.length - cut <= ENDING && withinOne(word.slice(0, cut), key)) return true
  }
  return false
}

// The keys a query word may mean, each with how surely: 1 for the word itself, less for a key an
// ending away; a word that is not in the index may be the start of a longer one (the last word,
// still being typed) or one typo off another
function meanings(word, last) {
  const found = new Map()
  const note = (key, sure) => { if ((found.get(key) || 0) < sure) found.set(key, sure) }
  const known = finder.postings.has(word)
  if (known) note(word, 1)
  for (let cut = word.length - 1; cut >= Math.max(3, word.length - ENDING); cut--) {
    const key = word.slice(0, cut)
    if (finder.postings.has(key)) note(key, 0.6 + 0.4 * cut / word.length)
  }
  if (known) return found
  for (const key of finder.keys) {
    if (last && word.length >= 3 && key.length > word.length && key.startsWith(word)) {
      note(key, 0.3 + 0.4 * word.length / key.length)
    } else if (word.length >= TYPO_FROM && key.length >= TYPO_FROM - 1 && oneTypo(word, key)) {
      note(key, 0.5)
    }
  }
  return found
}

// How surely a word of a page's name is the query word that means these keys
function sameWord(word, meant) {
  let best = 0
  for (const [key, sure] of meant) {
    const form = word === key || (key.length >= 3 && word.startsWith(key) && word.length - key.length <= ENDING)
    if (form && sure > best) best = sure
  }
  return best
}

// The longest run of query words that reads as a run of the name's words, over the longer of the two
function phrase(name, asked) {
  let best = 0
  let previous = new Array(name.length + 1).fill(0)
  for (let i = 0; i < asked.length; i++) {
    const row = new Array(name.length + 1).fill(0)
    for (let j = 0; j < name.length; j++) {
      const sure = sameWord(name[j], asked[i].meant)
      if (sure > 0) row[j + 1] = previous[j] + sure
      if (row[j + 1] > best) best = row[j + 1]
    }
    previous = row
  }
  return best / Math.max(name.length, asked.length)
}

function search(query) {
  const typed = words(query)
  const asked = typed.map((word, i) => {
    const meant = meanings(word, i === typed.length - 1)
    const best = new Map() // page -> how well this word is found on it
    for (const [key, sure] of meant) {
      const list = finder.postings.get(key)
      for (let k = 0; k < list.length; k += 2) {
        const value = sure * list[k + 1] / 100
        if ((best.get(list[k]) || 0) < value) best.set(list[k], value)
      }
    }
    // how much the word counts: one on every page counts little (no word is dropped for it)
    const weight = best.size ? Math.log(1 + finder.pages.length / best.size) : 0
    return { word, meant, best, weight }
  }).filter((word) => word.weight > 0)
  const total = asked.reduce((sum, word) => sum + word.weight, 0)
  if (total === 0) return { items: [] }
  const phrases = new Map()
  for (const [page, name] of finder.names) {
    const value = phrase(name, asked)
    if (value > (phrases.get(page) || 0)) phrases.set(page, value)
  }
  const scored = []
  const candidates = new Set(asked.flatMap((word) => Array.from(word.best.keys())))
  for (const page of candidates) {
    let found = 0
    let covered = 0
    for (const word of asked) {
      const value = word.best.get(page) || 0
      found += value * word.weight
      if (value > 0) covered += word.weight
    }
    const coverage = covered / total
    const score = finder.pages[page][3] * (PHRASE * (phrases.get(page) || 0) + found / total) * coverage * coverage
    scored.push([score, page])
  }
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1])
  return {
    items: scored.slice(0, SHOWN).map(([score, page]) => {
      const [location, title, text] = finder.pages[page]
      // the words found on the page are highlighted there, the others listed as missing
      const terms = Object.fromEntries(asked.map((word) => [word.word, word.best.has(page)]))
      return [{ location, title, text, score, terms }]
    }),
  }
}

addEventListener("message", (event) => {
  const message = event.data
  if (message.type === SETUP) {
    finder = prepare(message.data.docs)
    postMessage({ type: READY })
  } else if (message.type === QUERY) {
    postMessage({ type: RESULT, data: finder ? search(message.data) : { items: [] } })
  }
})
