"""Markup shared by the steps: the HTML boundary every text of the standards passes on its way to
a page (`html`, which `validate` checks texts against and the site cleans pages by), and Markdown
written from the model (`markdown`: the site's pages, the changes' lists)."""
