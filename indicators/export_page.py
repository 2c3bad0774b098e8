"""The words of django-import-export's export page, which that package ships without Indonesian.

Listed here so that ``makemessages`` keeps them in our catalogue (``locale/id``), which
translates them for the admin's export pages (the import pages are not offered).
"""

from django.utils.translation import gettext_noop

EXPORT_PAGE_WORDS = (
    gettext_noop("Export"),
    gettext_noop("Select all"),
    gettext_noop("Submit"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Resource"),
    gettext_noop("Format"),
    gettext_noop('Select at least 1 field for "%(resource_name)s" to export'),
)
