"""Ready-to-use Word documents: check deal data, compute, and render .docx templates.

The public API is small::

    seller = playbook.seller                                    # requisites, currency, VAT rates
    document = playbook.of(Document)["contract"]                # generator.kinds.document.Document
    checked = Form(document, seller.vat).check(deal_data)       # .findings, or typed .values
    docx = render_document(template_bytes, document, deal_data, seller)  # or InvalidData

To render many documents keep a :class:`Template` (compiled once), as `playbook render` does.
"""

from generator.documents.context import Seller
from generator.documents.document import Declaration, Field
from generator.documents.fields import Form, VatRates
from generator.documents.render import InvalidData, RenderError, Template, TemplateError, render_document

__all__ = [
    "Declaration",
    "Field",
    "Form",
    "InvalidData",
    "RenderError",
    "Seller",
    "Template",
    "TemplateError",
    "VatRates",
    "render_document",
]
