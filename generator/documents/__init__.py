"""Ready-to-use Word documents: check deal data, compute, and render .docx templates.

The public API is small::

    settings = Settings.from_playbook(playbook_data)            # currency, VAT rates, the seller
    document = Document.from_yaml("contract", document_data)    # standards/documents/contract.yml
    checked = Form(document, settings.vat).check(deal_data)     # .problems, or typed .values
    docx = render_document(template_bytes, document, deal_data, settings)  # or InvalidData

To render many documents keep a :class:`Template` (compiled once), as `playbook render` does.
"""

from generator.documents.context import Settings
from generator.documents.fields import Document, Form, Problem
from generator.documents.render import InvalidData, RenderError, Template, TemplateError, render_document

__all__ = [
    "Document",
    "Form",
    "InvalidData",
    "Problem",
    "RenderError",
    "Settings",
    "Template",
    "TemplateError",
    "render_document",
]
