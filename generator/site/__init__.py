"""Step 4, the site: Markdown pages from the model (`pages`, written with `generator.markup` and
`generator.diagrams`), the files it offers (`downloads`), MkDocs run on them (`publish`) — all
put together by `generate`."""

ENGINES = ("mkdocs", "zensical")  # what turns build/ into site/ (publish); MkDocs unless told
