from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Judul langkah"))
    text = blocks.TextBlock(label=_("Penjelasan"))

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/step.html"


class BodyBlock(blocks.StreamBlock):
    """The few blocks a plain-language page for children needs."""

    heading = blocks.CharBlock(
        label=_("Subjudul"), form_classname="title", template="cms/blocks/heading.html"
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraf"), features=["bold", "italic", "link", "ol", "ul"]
    )
    steps = blocks.ListBlock(
        StepBlock(), label=_("Langkah-langkah"), template="cms/blocks/steps.html"
    )
    callout = blocks.TextBlock(
        label=_("Kotak penting"), template="cms/blocks/callout.html"
    )
