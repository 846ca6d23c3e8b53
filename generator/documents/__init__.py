"""Ready-to-use Word documents: validate deal data, compute, and render .docx templates.

The public API is small: :func:`render_document` turns template bytes and a finished context
into document bytes; :func:`prepare` builds that context from a document's declared fields,
the deal data and the playbook; :mod:`generator.documents.bulk` renders many at once.
"""
