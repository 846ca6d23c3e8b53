// Draws the playbook's diagrams (<pre class="playbook-diagram">) with Mermaid in the page's own
// DOM, so that the funnel's stages and a script's steps are links. Labels arrive as Mermaid
// entity codes, never as HTML; Material's own ```mermaid blocks are left to Material.
(function () {
  let drawn = 0
  async function draw() {
    const blocks = document.querySelectorAll("pre.playbook-diagram")
    if (blocks.length === 0 || typeof mermaid === "undefined") return
    mermaid.initialize({ startOnLoad: false, securityLevel: "antiscript", theme: "default" })
    for (const block of blocks) {
      const { svg, bindFunctions } = await mermaid.render(`playbook-diagram-${drawn++}`, block.textContent)
      const figure = document.createElement("div")
      figure.className = "playbook-diagram"
      figure.innerHTML = svg
      if (bindFunctions) bindFunctions(figure)
      block.replaceWith(figure)
    }
  }
  if (typeof document$ !== "undefined") document$.subscribe(draw) // Material's instant navigation
  else document.addEventListener("DOMContentLoaded", draw)
})()
